using Stadtkern.Features.Catalog.Portal;
using Stadtkern.Features.Catalog.Store;

namespace Stadtkern.Pages.Daten;

/// <summary>The catalog search: free text, facets with counts, sort and pages; what the caller may see, decided by the search.</summary>
internal sealed class IndexModel(SearchPortal portal, OrganizationStore organizations) : CatalogPageModel
{
    public PortalQuery Query { get; private set; } = PortalQuery.Parse([]);

    public PortalResult Result { get; private set; } = new(0, [], new Dictionary<string, IReadOnlyList<Features.Catalog.Search.FacetCount>>());

    /// <summary>Titles of organisations and groups by <c>facet:name</c>.</summary>
    public IReadOnlyDictionary<string, string> Titles { get; private set; } = new Dictionary<string, string>();

    public int Pages => Math.Max(1, (Result.Total + PortalQuery.PageSize - 1) / PortalQuery.PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Query = PortalQuery.Parse(Request.Query);
        Result = await portal.SearchAsync(Query, Caller, cancellationToken);
        Titles = (await organizations.ListAsync(cancellationToken)).Select(o => KeyValuePair.Create("organization:" + o.Name, o.Title))
            .Concat((await organizations.ListGroupsAsync(cancellationToken)).Select(g => KeyValuePair.Create("groups:" + g.Name, g.Title)))
            .ToDictionary(StringComparer.Ordinal);
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
