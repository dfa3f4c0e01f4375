using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Store;

namespace Stadtkern.Features.Catalog.Search;

/// <summary>
/// <c>GET /api/catalog/search</c>: the catalog search as plain JSON (the same query CKAN's <c>package_search</c> and
/// the portal run), for scripts and the benchmark. <c>q</c> free text, <c>fq</c> (repeatable) <c>facet:value</c> or
/// <c>-facet:value</c>, <c>bbox</c> <c>minLon,minLat,maxLon,maxLat</c>, <c>sort</c> (<c>relevance</c>, <c>modified</c>,
/// <c>title</c>), <c>rows</c> (0–1000), <c>start</c>, <c>facet</c> (repeatable facet names).
/// </summary>
internal static class SearchDatasets
{
    internal sealed record Hit(Guid Id, string Name, string Title, string Organization, DateTimeOffset Modified, string Access, IReadOnlyList<string> Formats);

    internal sealed record Response(int Total, IReadOnlyList<Hit> Results, IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Facets);

    public static IEndpointRouteBuilder MapDatasetSearch(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/catalog/search", HandleAsync)
            .WithName("SearchDatasets")
            .WithSummary("Durchsucht den Datenkatalog (Volltext, Facetten, Kartenausschnitt).")
            .WithTags("Catalog");
        return endpoints;
    }

    private static async Task<Results<Ok<Response>, ValidationProblem>> HandleAsync(
        HttpContext http, DatasetSearch search, DatasetStore store, string? q, string[]? fq, string? bbox, string? sort, int? rows, int? start, string[]? facet,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var filters = new List<FacetFilter>();
        foreach (var condition in fq ?? [])
        {
            var negated = condition.StartsWith('-');
            var colon = condition.IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? condition[(negated ? 1 : 0)..colon] : "";
            if (!DatasetStore.FacetNames.Contains(name) || colon == condition.Length - 1)
            {
                errors["fq"] = [$"„{condition}“ ist kein Filter der Form facette:wert (Facetten: {string.Join(", ", DatasetStore.FacetNames)})."];
                continue;
            }

            filters.Add(new FacetFilter(name, condition[(colon + 1)..].Trim('"'), negated));
        }

        var within = bbox is null ? null : ParseBox(bbox);
        if (bbox is not null && within is null)
        {
            errors["bbox"] = ["bbox erwartet minLon,minLat,maxLon,maxLat in WGS 84."];
        }

        var order = sort switch
        {
            null or "" or "relevance" => DatasetSort.Relevance,
            "modified" => DatasetSort.ModifiedDescending,
            "title" => DatasetSort.TitleAscending,
            _ => (DatasetSort?)null,
        };
        if (order is null)
        {
            errors["sort"] = ["sort ist relevance, modified oder title."];
        }

        if (rows is < 0 or > 1000 || start is < 0)
        {
            errors["rows"] = ["rows liegt zwischen 0 und 1000, start ist nicht negativ."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var hits = await search.SearchAsync(new DatasetQuery
        {
            Text = q,
            Filters = filters,
            Within = within,
            Sort = order!.Value,
            Rows = rows ?? 10,
            Start = start ?? 0,
            FacetFields = facet ?? [],
            IncludeInternal = true,
        }, CatalogCaller.From(http.User), cancellationToken);

        var loaded = await store.Datasets.AsNoTracking().Include(d => d.Organization).Include(d => d.Resources)
            .Where(d => hits.Ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        var results = hits.Ids.Where(loaded.ContainsKey).Select(id => loaded[id]).Select(d => new Hit(
            d.Id, d.Name, d.Title, d.Organization!.Name, d.Modified, d.Access.Key(),
            [.. d.Resources.OrderBy(r => r.Position).Select(r => r.Format).OfType<string>().Distinct(StringComparer.Ordinal)])).ToList();
        return TypedResults.Ok(new Response(hits.Total, results, hits.Facets));
    }

    private static BoundingBox? ParseBox(string value)
    {
        var parts = value.Split(',');
        var numbers = new double[4];
        if (parts.Length != 4)
        {
            return null;
        }

        for (var i = 0; i < 4; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) || !double.IsFinite(numbers[i]))
            {
                return null;
            }
        }

        return numbers[0] <= numbers[2] && numbers[1] <= numbers[3] && numbers[0] >= -180 && numbers[2] <= 180 && numbers[1] >= -90 && numbers[3] <= 90
            ? new BoundingBox(numbers[0], numbers[1], numbers[2], numbers[3])
            : null;
    }
}
