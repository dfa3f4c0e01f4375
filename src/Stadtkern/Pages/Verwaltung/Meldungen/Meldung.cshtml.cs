using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Features.Reports.Web;
using Stadtkern.Features.Reports.Workflow;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Pages.Verwaltung.Meldungen;

/// <summary>One report for staff: all fields incl. contact, photos with release, routing, every workflow action, full history.</summary>
internal sealed class MeldungModel(GetReportDetail details, SuggestDuplicates duplicates, StadtkernDb db) : ReportsPageModel
{
    private static readonly Dictionary<string, string> Confirmations = new(StringComparer.Ordinal)
    {
        ["zugewiesen"] = "Die Meldung ist zugewiesen.",
        ["weitergeleitet"] = "Die Meldung ist weitergeleitet.",
        ["status"] = "Der Status ist geändert.",
        ["nachricht"] = "Die öffentliche Nachricht ist gespeichert.",
        ["kommentar"] = "Der interne Kommentar ist gespeichert.",
        ["datum"] = "Das voraussichtliche Datum ist gespeichert.",
        ["zusammengefuehrt"] = "Die Meldung ist als Duplikat geschlossen.",
        ["foto"] = "Das Foto ist freigegeben.",
    };

    public ReportDetail Report { get; private set; } = null!;

    public IReadOnlyList<DuplicateCandidate> Duplicates { get; private set; } = [];

    public IReadOnlyList<Department> Departments { get; private set; } = [];

    /// <summary>The category's questions with the reporter's answers (Open311 attributes), in the definition's order.</summary>
    public IReadOnlyList<AttributeAnswer> Answers { get; private set; } = [];

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, string? erfolg, CancellationToken cancellationToken)
    {
        Message = erfolg is not null && Confirmations.TryGetValue(erfolg, out var text) ? text : null;
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostAssignAsync(long id, string? department, [FromServices] AssignReport assign, CancellationToken cancellationToken) =>
        RunAsync(id, "zugewiesen", assign.AssignAsync(id, department, StaffActor.From(HttpContext), cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostReassignAsync(long id, string? department, string? reason, [FromServices] ReassignReport reassign, CancellationToken cancellationToken) =>
        RunAsync(id, "weitergeleitet", reassign.ReassignAsync(id, department, reason, StaffActor.From(HttpContext), cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostStatusAsync(long id, string? status, string? note, [FromServices] ChangeStatus change, CancellationToken cancellationToken) =>
        RunAsync(id, "status", change.ChangeAsync(id, status, note, StaffActor.From(HttpContext), cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostNoteAsync(long id, string? text, [FromServices] AddPublicNote add, CancellationToken cancellationToken) =>
        RunAsync(id, "nachricht", add.AddAsync(id, text, StaffActor.From(HttpContext), cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostCommentAsync(long id, string? text, [FromServices] AddInternalComment add, CancellationToken cancellationToken) =>
        RunAsync(id, "kommentar", add.AddAsync(id, text, StaffActor.From(HttpContext), cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostExpectedAsync(long id, string? expected, [FromServices] SetExpectedDate set, CancellationToken cancellationToken)
    {
        var value = StaffTexts.FromDateInput(expected);
        return !string.IsNullOrEmpty(expected) && value is null
            ? RunAsync(id, "datum", Task.FromResult(WorkflowOutcome.Invalid("expected", "Bitte ein Datum wählen.")), cancellationToken)
            : RunAsync(id, "datum", set.SetAsync(id, value, StaffActor.From(HttpContext), cancellationToken), cancellationToken);
    }

    public Task<IActionResult> OnPostMergeAsync(long id, long? master, string? note, [FromServices] MergeDuplicate merge, CancellationToken cancellationToken) =>
        RunAsync(id, "zusammengefuehrt", master is { } m
            ? merge.MergeAsync(id, m, note, StaffActor.From(HttpContext), cancellationToken)
            : Task.FromResult(WorkflowOutcome.Invalid("master", "Bitte die Nummer der Meldung angeben, in die zusammengeführt wird.")), cancellationToken);

    public Task<IActionResult> OnPostReleaseAsync(long id, Guid media, [FromServices] ReleasePhoto release, CancellationToken cancellationToken) =>
        RunAsync(id, "foto", release.ReleaseAsync(id, media, StaffActor.From(HttpContext), cancellationToken), cancellationToken);

    /// <summary>Success redirects (post/redirect/get) with a confirmation; a refusal shows the page again with the reason.</summary>
    private async Task<IActionResult> RunAsync(long id, string confirmation, Task<WorkflowOutcome> action, CancellationToken cancellationToken)
    {
        var outcome = await action;
        if (outcome.Succeeded)
        {
            return Redirect(Url.Content($"~/verwaltung/meldungen/{id}?erfolg={confirmation}"));
        }

        if (outcome.Failure == WorkflowFailure.NotFound && !await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Error = outcome.Message;
        Response.StatusCode = outcome.Failure switch
        {
            WorkflowFailure.Conflict => StatusCodes.Status409Conflict,
            WorkflowFailure.NotFound => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status400BadRequest,
        };
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        if (await details.GetAsync(id, cancellationToken) is not { } report)
        {
            return false;
        }

        Report = report;
        var definition = report.ServiceCode is { } code
            ? await db.Set<ReportService>().AsNoTracking().Where(s => s.Code == code).Select(s => s.Attributes).FirstOrDefaultAsync(cancellationToken)
            : null;
        Answers = AttributeAnswers.Describe(ServiceAttribute.Parse(definition), report.Attributes);
        Departments = [.. db.Departments.OrderBy(d => d.Name)];
        Duplicates = report.DuplicateOf is null && report.Status != ReportStatus.Closed
            ? await duplicates.SuggestAsync(id, DuplicateWindow.Default, cancellationToken) ?? []
            : [];
        return true;
    }
}
