using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Search;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Portal;

/// <summary>How the portal's search page is asked: <c>?q=…&amp;f=facet:value&amp;sort=…&amp;seite=…</c>.</summary>
internal sealed record PortalQuery(string? Text, IReadOnlyList<FacetFilter> Filters, string Sort, int Page)
{
    public const int PageSize = 20;

    /// <summary>The sort options in the order the page offers them, with their German labels.</summary>
    public static readonly IReadOnlyList<(string Key, string Label)> Sorts =
        [("relevanz", "Relevanz"), ("geaendert", "Zuletzt geändert"), ("titel", "Titel (A–Z)")];

    /// <summary>Facets shown on the page, in order, with German headings.</summary>
    public static readonly IReadOnlyList<(string Facet, string Label)> Facets =
    [
        ("organization", "Organisation"), ("theme", "Thema"), ("groups", "Sammlung"), ("tags", "Schlagwort"),
        ("res_format", "Format"), ("license_id", "Lizenz"), ("access", "Zugang"),
    ];

    /// <summary>Reads the query string; unknown facets, empty values and bad numbers are ignored, never errors.</summary>
    public static PortalQuery Parse(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> query)
    {
        string? text = null;
        var filters = new List<FacetFilter>();
        var sort = "relevanz";
        var page = 1;
        foreach (var (key, values) in query)
        {
            foreach (var value in values.OfType<string>())
            {
                switch (key)
                {
                    case "q":
                        text = string.IsNullOrWhiteSpace(value) ? null : value.Trim()[..Math.Min(value.Trim().Length, 200)];
                        break;
                    case "f":
                        var colon = value.IndexOf(':', StringComparison.Ordinal);
                        if (colon > 0 && colon < value.Length - 1 && DatasetStore.FacetNames.Contains(value[..colon]) && filters.Count < 20)
                        {
                            var filter = new FacetFilter(value[..colon], value[(colon + 1)..]);
                            if (!filters.Contains(filter))
                            {
                                filters.Add(filter);
                            }
                        }

                        break;
                    case "sort" when Sorts.Any(s => s.Key == value):
                        sort = value;
                        break;
                    case "seite" when int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p):
                        page = Math.Clamp(p, 1, 10_000);
                        break;
                }
            }
        }

        return new PortalQuery(text, filters, sort, page);
    }

    public bool Has(string facet, string value) => Filters.Contains(new FacetFilter(facet, value));

    /// <summary>The URL query of this search with the given changes; paging restarts unless a page is given.</summary>
    public string Link(FacetFilter? toggle = null, string? sort = null, int? page = null)
    {
        var filters = Filters.ToList();
        if (toggle is not null && !filters.Remove(toggle))
        {
            filters.Add(toggle);
        }

        var parameters = new List<KeyValuePair<string, string?>>();
        if (Text is not null)
        {
            parameters.Add(new("q", Text));
        }

        parameters.AddRange(filters.Select(f => new KeyValuePair<string, string?>("f", f.Facet + ":" + f.Value)));
        if ((sort ?? Sort) is var s && s != "relevanz")
        {
            parameters.Add(new("sort", s));
        }

        if (page is > 1)
        {
            parameters.Add(new("seite", page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return QueryString.Create(parameters).ToUriComponent() is { Length: > 0 } q ? q : "?";
    }

    public DatasetSort ToSort() => Sort switch
    {
        "geaendert" => DatasetSort.ModifiedDescending,
        "titel" => DatasetSort.TitleAscending,
        _ => DatasetSort.Relevance,
    };

    /// <summary>A facet value as people read it; <paramref name="titles"/> maps <c>organization:name</c> and <c>groups:name</c> to titles.</summary>
    public static string FacetLabel(string facet, string value, IReadOnlyDictionary<string, string> titles) => facet switch
    {
        "organization" or "groups" => titles.TryGetValue(facet + ":" + value, out var title) ? title : value,
        "theme" => CatalogVocabulary.ThemeLabel(value),
        "license_id" => CatalogVocabulary.LicenseTitle(value),
        "access" => CatalogVocabulary.AccessLabel(value),
        _ => value,
    };
}

internal sealed record PortalResult(int Total, IReadOnlyList<Dataset> Datasets, IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Facets);

/// <summary>
/// Runs a portal search for the caller through <see cref="DatasetSearch"/> (which decides visibility) and loads
/// the hits with publisher and resources, keeping the search's order.
/// </summary>
internal sealed class SearchPortal(DatasetSearch search, StadtkernDb db)
{
    public async Task<PortalResult> SearchAsync(PortalQuery query, CatalogCaller caller, CancellationToken cancellationToken, IReadOnlyList<FacetFilter>? fixedFilters = null)
    {
        var hits = await search.SearchAsync(new DatasetQuery
        {
            Text = query.Text,
            Filters = [.. fixedFilters ?? [], .. query.Filters],
            Sort = query.ToSort(),
            Rows = PortalQuery.PageSize,
            Start = (query.Page - 1) * PortalQuery.PageSize,
            FacetFields = [.. PortalQuery.Facets.Select(f => f.Facet)],
            FacetLimit = 30,
            IncludeInternal = caller.IsMember,
        }, caller, cancellationToken);
        return new PortalResult(hits.Total, await LoadAsync(hits.Ids, cancellationToken), hits.Facets);
    }

    /// <summary>The datasets with these ids, with publisher and resources, in the given order.</summary>
    public async Task<IReadOnlyList<Dataset>> LoadAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var loaded = await db.Set<Dataset>().AsNoTracking().AsSplitQuery()
            .Include(d => d.Organization).Include(d => d.Resources.OrderBy(r => r.Position))
            .Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        return [.. ids.Where(loaded.ContainsKey).Select(id => loaded[id])];
    }

    /// <summary>Number of datasets and their average quality per organisation, counting only what the caller may see.</summary>
    public async Task<Dictionary<Guid, (int Count, int AverageQuality)>> OrganizationStatsAsync(CatalogCaller caller, CancellationToken cancellationToken)
    {
        var rows = await db.Set<Dataset>().Where(VisibleTo(caller))
            .GroupBy(d => d.OrganizationId)
            .Select(g => new { g.Key, Count = g.Count(), Quality = g.Average(d => (double)d.Quality) })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Key, r => (r.Count, (int)Math.Round(r.Quality, MidpointRounding.AwayFromZero)));
    }

    /// <summary><see cref="DataAccess.CanSeeMetadata"/> as a query condition (a unit test keeps the two in step).</summary>
    internal static Expression<Func<Dataset, bool>> VisibleTo(CatalogCaller caller) => caller.IsMember
        ? d => d.State == DatasetState.Active
        : d => d.State == DatasetState.Active && d.Access != AccessLevel.Internal;
}
