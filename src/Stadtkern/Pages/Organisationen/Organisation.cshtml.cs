using Microsoft.AspNetCore.Mvc;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Portal;
using Stadtkern.Features.Catalog.Search;
using Stadtkern.Features.Catalog.Store;

namespace Stadtkern.Pages.Organisationen;

/// <summary>One publisher with its datasets (those the caller may see, through the search) and their average quality.</summary>
internal sealed class OrganisationModel(DatasetStore store, SearchPortal portal) : CatalogPageModel
{
    public Organization Organization { get; private set; } = new();

    public PortalQuery Query { get; private set; } = PortalQuery.Parse([]);

    public PortalResult Result { get; private set; } = new(0, [], new Dictionary<string, IReadOnlyList<FacetCount>>());

    public int? AverageQuality { get; private set; }

    public int Pages => Math.Max(1, (Result.Total + PortalQuery.PageSize - 1) / PortalQuery.PageSize);

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken cancellationToken)
    {
        var organization = await store.FindOrganizationAsync(name, cancellationToken);
        if (organization is null)
        {
            return NotFound();
        }

        Organization = organization;
        Query = PortalQuery.Parse(Request.Query) with { Sort = "titel" };
        Result = await portal.SearchAsync(Query with { Filters = [] }, Caller, cancellationToken, [new FacetFilter("organization", organization.Name)]);
        var stats = await portal.OrganizationStatsAsync(Caller, cancellationToken);
        AverageQuality = stats.TryGetValue(organization.Id, out var s) ? s.AverageQuality : null;
        return Page();
    }
}
