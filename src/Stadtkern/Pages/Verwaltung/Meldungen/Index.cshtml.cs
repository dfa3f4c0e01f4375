using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Stadtkern.Features.Reports.Web;
using Stadtkern.Features.Reports.Workflow;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Pages.Verwaltung.Meldungen;

/// <summary>The staff inbox: one tab per department plus the triage queue (with the router's top-3 and one-click assignment),
/// filters, a map of the listed reports, overdue reports highlighted.</summary>
internal sealed class IndexModel(ListReports list, AssignReport assign, StadtkernDb db) : ReportsPageModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [BindProperty(SupportsGet = true, Name = "abteilung")]
    public string? Department { get; set; }

    [BindProperty(SupportsGet = true, Name = "triage")]
    public bool Triage { get; set; }

    [BindProperty(SupportsGet = true, Name = "status")]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "kategorie")]
    public string? Service { get; set; }

    [BindProperty(SupportsGet = true, Name = "ueberfaellig")]
    public bool Overdue { get; set; }

    [BindProperty(SupportsGet = true, Name = "text")]
    public string? Text { get; set; }

    [BindProperty(SupportsGet = true, Name = "seite")]
    public int PageNumber { get; set; } = 1;

    public ReportPage Reports { get; private set; } = new(0, 1, 50, []);

    public IReadOnlyList<Department> Departments { get; private set; } = [];

    public IReadOnlyList<ServiceLevel> Services { get; private set; } = [];

    public int TriageCount { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>One click in the triage queue: assign to a suggested department.</summary>
    public async Task<IActionResult> OnPostAssignAsync(long id, string? department, CancellationToken cancellationToken)
    {
        var outcome = await assign.AssignAsync(id, department, StaffActor.From(HttpContext), cancellationToken);
        if (outcome.Failure == WorkflowFailure.NotFound)
        {
            return NotFound();
        }

        Message = outcome.Succeeded ? $"Meldung Nr. {id} ist zugewiesen." : outcome.Message;
        if (!outcome.Succeeded)
        {
            Response.StatusCode = outcome.Failure == WorkflowFailure.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public string MapJson(Func<long, string> link) => JsonSerializer.Serialize(
        Reports.Items.Where(r => r.Lat is not null && r.Lon is not null).Select(r => new
        {
            id = r.Id,
            lat = r.Lat,
            lon = r.Lon,
            title = $"Nr. {r.Id}: {r.ServiceName ?? "ohne Kategorie"}",
            status = StaffTexts.Status(r.Status),
            overdue = r.Overdue,
            url = link(r.Id),
        }),
        Json);

    /// <summary>The query string of the current filters with one value changed (for tabs and paging).</summary>
    public string Link(string? department = null, bool? triage = null, int? page = null)
    {
        var query = new List<string>();
        var dept = triage == true ? null : department ?? (triage == false ? null : Department);
        if (triage ?? Triage)
        {
            query.Add("triage=true");
        }
        else if (!string.IsNullOrEmpty(dept))
        {
            query.Add("abteilung=" + Uri.EscapeDataString(dept));
        }

        if (!string.IsNullOrEmpty(Status))
        {
            query.Add("status=" + Uri.EscapeDataString(Status));
        }

        if (!string.IsNullOrEmpty(Service))
        {
            query.Add("kategorie=" + Uri.EscapeDataString(Service));
        }

        if (Overdue)
        {
            query.Add("ueberfaellig=true");
        }

        if (!string.IsNullOrEmpty(Text))
        {
            query.Add("text=" + Uri.EscapeDataString(Text));
        }

        if (page is > 1)
        {
            query.Add("seite=" + page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return query.Count == 0 ? "" : "?" + string.Join("&", query);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Departments = [.. db.Departments.OrderBy(d => d.Name)];
        Services = await HttpContext.RequestServices.GetRequiredService<EditReportSettings>().ServiceLevelsAsync(cancellationToken);
        var filter = new ReportFilter
        {
            Department = Triage ? null : Department,
            Triage = Triage,
            Status = string.IsNullOrWhiteSpace(Status) ? null : Status,
            Service = string.IsNullOrWhiteSpace(Service) ? null : Service,
            Overdue = Overdue,
            Text = Text,
            Page = Math.Max(1, PageNumber),
            PageSize = 50,
        };
        var errors = ListReports.Validate(filter);
        if (errors.Count > 0)
        {
            Errors = errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        Reports = await list.ListAsync(filter, cancellationToken);
        TriageCount = (await list.ListAsync(new ReportFilter { Triage = true, PageSize = 1 }, cancellationToken)).Total;
    }
}
