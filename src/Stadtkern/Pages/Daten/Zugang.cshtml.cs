using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Pages.Daten;

/// <summary>Asking for the data of a restricted dataset: purpose, optional organisation, optionally for one's administration.</summary>
[Authorize(Policy = Policies.SignedIn)]
internal sealed class ZugangModel(DatasetStore datasets, RequestAccess requests, StadtkernDb db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Name { get; set; } = "";

    [BindProperty]
    public string? Purpose { get; set; }

    [BindProperty]
    public string? Organization { get; set; }

    [BindProperty]
    public string? ForTenant { get; set; }

    public Dataset? Dataset { get; private set; }

    /// <summary>Administrations the caller belongs to (slug, name): they may ask for all of its staff.</summary>
    public IReadOnlyList<(string Slug, string Name)> Administrations { get; private set; } = [];

    public bool HasOpenRequest { get; private set; }

    public bool Sent { get; private set; }

    public string? Conflict { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var caller = CatalogCaller.From(User);
        var result = await requests.RequestAsync(Name, new AccessRequestInput(Purpose, Organization, ForTenant), caller, cancellationToken);
        switch (result.Status)
        {
            case MarketStatus.NotFound:
                return NotFound();
            case MarketStatus.Ok:
                Sent = true;
                break;
            case MarketStatus.Conflict:
                Conflict = result.Message;
                Response.StatusCode = StatusCodes.Status409Conflict;
                break;
            case MarketStatus.Invalid:
                Errors = result.Errors;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                break;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public string? ErrorOf(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var caller = CatalogCaller.From(User);
        Dataset = await datasets.FindAsync(Name, cancellationToken);
        if (Dataset is null || !DataAccess.CanSeeMetadata(Dataset, caller))
        {
            return false;
        }

        var identity = await CallerTenants.IdentifyAsync(db, caller, clock.GetUtcNow(), cancellationToken);
        var ids = identity.MemberOfTenants.ToList();
        Administrations = (await db.Tenants.AsNoTracking().Where(t => ids.Contains(t.Id)).OrderBy(t => t.Name).Select(t => new { t.Slug, t.Name }).ToListAsync(cancellationToken))
            .Select(t => (t.Slug, t.Name)).ToList();
        var datasetId = Dataset.Id;
        HasOpenRequest = await db.Set<AccessRequest>().AsNoTracking().AnyAsync(
            r => r.DatasetId == datasetId && r.Status == AccessRequestStatus.Pending
                && ((caller.UserId != null && r.RequesterUserId == caller.UserId) || (caller.TokenId != null && r.RequesterTokenId == caller.TokenId)),
            cancellationToken);
        return true;
    }
}
