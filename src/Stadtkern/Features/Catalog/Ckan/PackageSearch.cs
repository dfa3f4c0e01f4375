using System.Globalization;
using System.Text.Json.Nodes;
using Stadtkern.Features.Catalog.Search;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Features.Catalog.Vocabularies;

namespace Stadtkern.Features.Catalog.Ckan;

/// <summary>
/// <c>package_search</c>: q, fq (and fq_list), rows (at most 1000, as CKAN caps it), start, sort, facet.field,
/// facet.limit, include_private (internal datasets only for members), ext_bbox. The catalog search decides
/// visibility; restricted datasets appear with their metadata but without resource links.
/// </summary>
internal sealed class PackageSearch(DatasetSearch search, CkanPackages packages, OrganizationStore organizations, CkanPackageCache cache) : ICkanAction
{
    public const int MaxRows = 1000;

    public string Name => "package_search";

    public async Task<object?> ExecuteAsync(CkanCall call, CancellationToken cancellationToken)
    {
        var json = new CkanJson(call.Parameters);
        var q = json.Text("q");
        var fq = json.Text("fq");
        if (json.List("fq_list") is { } fqList)
        {
            fq = string.Join(' ', fqList.Select(n => json.Text(n, "fq_list")).Where(s => !string.IsNullOrWhiteSpace(s)).Prepend(fq));
        }

        var rows = json.Int("rows", 10, 0, MaxRows);
        var start = json.Int("start", 0, 0, int.MaxValue);
        var facet = json.Bool("facet") ?? true;
        var facetFields = (json.List("facet.field") ?? []).Select(n => json.Text(n, "facet.field")).OfType<string>().ToList();
        var facetLimit = json.Int("facet.limit", 50, -1, int.MaxValue);
        var includePrivate = json.Bool("include_private") ?? false;
        var bbox = Bbox(json);
        var sortText = json.Text("sort");
        json.ThrowIfInvalid();

        var parts = CkanSearchQuery.Parse(q, fq);
        var sort = CkanSearchQuery.Sort(sortText);
        var hits = await search.SearchAsync(new DatasetQuery
        {
            Text = parts.Text,
            Filters = parts.Filters,
            ModifiedSince = parts.ModifiedSince,
            Within = bbox,
            Sort = sort,
            Rows = rows,
            Start = start,
            FacetFields = facet ? facetFields : [],
            FacetLimit = facetLimit,
            IncludeInternal = includePrivate,
        }, call.Caller, cancellationToken);

        var titles = await FacetTitlesAsync(hits, cancellationToken);
        var facets = new JsonObject();
        var searchFacets = new JsonObject();
        foreach (var field in facet ? facetFields.Distinct(StringComparer.Ordinal) : [])
        {
            var counts = hits.Facets.GetValueOrDefault(field) ?? [];
            facets[field] = new JsonObject(counts.Select(c => KeyValuePair.Create(c.Value, (JsonNode?)c.Count)));
            searchFacets[field] = new JsonObject
            {
                ["title"] = field,
                ["items"] = new JsonArray([.. counts.Select(c => (JsonNode)new JsonObject
                {
                    ["name"] = c.Value,
                    ["display_name"] = titles.GetValueOrDefault((field, c.Value)) ?? c.Value,
                    ["count"] = c.Count,
                })]),
            };
        }

        var head = new JsonObject
        {
            ["count"] = hits.Total,
            ["sort"] = sortText ?? "score desc, metadata_modified desc",
            ["facets"] = facets,
            ["search_facets"] = searchFacets,
        };
        return new CkanStreamedResult(head, "results", await packages.PackageBytesAsync(hits.Ids, hits.Stamp, call, cancellationToken));
    }

    /// <summary>Display names for organisation, group and licence facet values. The organisation and group titles are
    /// kept under the change stamp: a new organisation or group shows up in facets only once a dataset write bumped it.</summary>
    private async Task<Dictionary<(string, string), string>> FacetTitlesAsync(DatasetHits hits, CancellationToken cancellationToken)
    {
        var titles = new Dictionary<(string, string), string>();
        if (hits.Facets.ContainsKey("organization") || hits.Facets.ContainsKey("groups"))
        {
            foreach (var (key, title) in await cache.TitlesAsync(organizations, hits.Stamp, cancellationToken))
            {
                titles[key] = title;
            }
        }

        foreach (var licence in hits.Facets.GetValueOrDefault("license_id") ?? [])
        {
            if (Licenses.Find(licence.Value) is { } known)
            {
                titles[("license_id", licence.Value)] = known.Title;
            }
        }

        return titles;
    }

    /// <summary>ckanext-spatial's <c>ext_bbox=minx,miny,maxx,maxy</c> (WGS 84).</summary>
    private static BoundingBox? Bbox(CkanJson json)
    {
        var text = json.Text("ext_bbox");
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var numbers = parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : (double?)null).ToArray();
        if (numbers.Length != 4 || numbers.Any(n => n is null))
        {
            json.Fail("ext_bbox", "Erwartet minx,miny,maxx,maxy (WGS 84).");
            return null;
        }

        var (minX, minY, maxX, maxY) = (numbers[0]!.Value, numbers[1]!.Value, numbers[2]!.Value, numbers[3]!.Value);
        if (minX > maxX || minY > maxY || minX < -180 || maxX > 180 || minY < -90 || maxY > 90)
        {
            json.Fail("ext_bbox", "Die Koordinaten liegen außerhalb von WGS 84 oder min > max.");
            return null;
        }

        return new BoundingBox(minX, minY, maxX, maxY);
    }
}
