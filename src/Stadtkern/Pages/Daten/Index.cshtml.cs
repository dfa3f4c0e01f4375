using Stadtkern.Features.Catalog.Portal;
using Stadtkern.Features.Catalog.Store;

namespace Stadtkern.Pages.Daten;

/// <summary>The catalog search: free text, facets with counts, sort and pages; what the caller may see, decided by the search.</summary>
internal sealed class IndexModel(SearchPortal portal, OrganizationStore organizations) : CatalogPageModel
{
    public PortalQuery Query { get; private set; } = PortalQuery.Parse([]);

    public PortalResult Result { get; private set; } = new(0, [], new Dictionary<string, IReadOnlyList<Features.Catalog.Search.FacetCount>>());

    public IReadOnlyDictionary<string, string> OrganizationTitles { get; private set; } = new Dictionary<string, string>();

    public int Pages => Math.Max(1, (Result.Total + PortalQuery.PageSize - 1) / PortalQuery.PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Query = PortalQuery.Parse(Request.Query);
        Result = await portal.SearchAsync(Query, Caller, cancellationToken);
        OrganizationTitles = (await organizations.ListAsync(cancellationToken)).ToDictionary(o => o.Name, o => o.Title, StringComparer.Ordinal);
    }

    /// <summary>A stable element id for a facet value, so htmx can give focus back to the link after a swap.</summary>
    public static string FacetId(string facet, string value)
    {
        var hash = 2166136261u;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return "facette-" + facet.Replace('_', '-') + "-" + hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }
}
