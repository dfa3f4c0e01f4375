using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stadtkern.Features.Catalog.Access;

namespace Stadtkern.Pages.Verwaltung.Katalog;

/// <summary>
/// The data stewards' desk for controlled access: open requests (approve with conditions and end, reject with a
/// note), grants in force (revoke, grant directly) and the audit log (filters, CSV export).
/// </summary>
internal sealed class ZugriffeModel(ListAccess list, DecideAccessRequest decide, GrantAccess grants, ReadAuditLog audit) : PageModel
{
    public const int AuditRows = 200;

    /// <summary><c>antraege</c> (default), <c>freigaben</c> or <c>protokoll</c>.</summary>
    [BindProperty(SupportsGet = true, Name = "ansicht")]
    public string View { get; set; } = "antraege";

    [BindProperty(SupportsGet = true, Name = "datensatz")]
    public string? FilterDataset { get; set; }

    [BindProperty(SupportsGet = true, Name = "von")]
    public DateOnly? FilterFrom { get; set; }

    [BindProperty(SupportsGet = true, Name = "bis")]
    public DateOnly? FilterTo { get; set; }

    [BindProperty(SupportsGet = true, Name = "ergebnis")]
    public string? FilterOutcome { get; set; }

    public IReadOnlyList<AccessRequestView> Requests { get; private set; } = [];

    public IReadOnlyList<AccessGrantView> Grants { get; private set; } = [];

    public IReadOnlyList<AuditView> Audit { get; private set; } = [];

    public string? Message { get; private set; }

    public bool IsError { get; private set; }

    /// <summary>Field errors of the form that was sent, keyed by the form's id prefix and field.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public Guid? FailedId { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task OnPostApproveAsync(Guid id, string? conditions, DateOnly? expires, CancellationToken cancellationToken)
    {
        View = "antraege";
        var end = expires is { } day ? GermanDay.EndOf(day) : (DateTimeOffset?)null;
        Answer(await decide.ApproveAsync(id, conditions, end, CatalogCaller.From(User), cancellationToken), id, "Der Antrag ist genehmigt; die Freigabe gilt ab sofort.");
        await LoadAsync(cancellationToken);
    }

    public async Task OnPostRejectAsync(Guid id, string? note, CancellationToken cancellationToken)
    {
        View = "antraege";
        Answer(await decide.RejectAsync(id, note, CatalogCaller.From(User), cancellationToken), id, "Der Antrag ist abgelehnt.");
        await LoadAsync(cancellationToken);
    }

    public async Task OnPostGrantAsync(string? dataset, string? granteeKind, string? grantee, string? conditions, DateOnly? until, CancellationToken cancellationToken)
    {
        View = "freigaben";
        var end = until is { } day ? GermanDay.EndOf(day) : (DateTimeOffset?)null;
        var result = await grants.GrantAsync(dataset ?? "", new GrantInput(granteeKind, grantee, conditions, end), CatalogCaller.From(User), cancellationToken);
        if (result.Status == MarketStatus.NotFound)
        {
            result = MarketResult<AccessGrant>.Invalid("dataset", "Keinen Datensatz mit diesem Namen gefunden.");
        }

        Answer(result, null, "Die Freigabe ist erteilt.");
        await LoadAsync(cancellationToken);
    }

    public async Task OnPostRevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        View = "freigaben";
        Answer(await grants.RevokeAsync(id, CatalogCaller.From(User), cancellationToken), id, "Die Freigabe ist widerrufen.");
        await LoadAsync(cancellationToken);
    }

    public string? ErrorOf(Guid? id, string field) =>
        FailedId == id && Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>The audit filter as a query string for the CSV export (API field names).</summary>
    public string ExportQuery()
    {
        var filter = Filter();
        var parts = new List<string>();
        if (filter.Dataset is { } d)
        {
            parts.Add("dataset=" + Uri.EscapeDataString(d));
        }

        if (filter.From is { } f)
        {
            parts.Add("from=" + Uri.EscapeDataString(f.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (filter.To is { } t)
        {
            parts.Add("to=" + Uri.EscapeDataString(t.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (filter.Allowed is { } a)
        {
            parts.Add("outcome=" + (a ? "allowed" : "denied"));
        }

        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    private void Answer<T>(MarketResult<T> result, Guid? id, string success)
        where T : class
    {
        FailedId = id;
        (Message, IsError) = result.Status switch
        {
            MarketStatus.Ok => (success, false),
            MarketStatus.Conflict => (result.Message, true),
            MarketStatus.NotFound => ("Nicht gefunden (vielleicht schon entschieden oder aus einer anderen Kommune).", true),
            _ => ("Bitte prüfen Sie die markierten Angaben.", true),
        };
        Errors = result.Errors;
        if (IsError)
        {
            Response.StatusCode = result.Status switch
            {
                MarketStatus.Conflict => StatusCodes.Status409Conflict,
                MarketStatus.NotFound => StatusCodes.Status404NotFound,
                _ => StatusCodes.Status400BadRequest,
            };
        }
    }

    private AuditFilter Filter() => new(
        string.IsNullOrWhiteSpace(FilterDataset) ? null : FilterDataset.Trim(),
        FilterFrom is { } from ? GermanDay.Start(from) : null,
        FilterTo is { } to ? GermanDay.EndOf(to) : null,
        FilterOutcome switch { "erlaubt" => true, "verweigert" => false, _ => null });

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        switch (View)
        {
            case "freigaben":
                Grants = await list.GrantsAsync(null, activeOnly: true, cancellationToken);
                break;
            case "protokoll":
                Audit = await audit.ListAsync(Filter(), AuditRows, 0, cancellationToken);
                break;
            default:
                View = "antraege";
                Requests = await list.RequestsAsync(AccessRequestStatus.Pending, cancellationToken);
                break;
        }
    }
}
