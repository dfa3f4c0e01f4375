using System.Globalization;
using System.Text.Json;

namespace Stadtkern.Bench;

/// <summary>
/// The search requests of the benchmark, as a portal user or CKAN client sends them: one common word, one rare
/// word, two words, a facet filter without text, a map box, and browsing by date; each asks for 10 rows and the
/// facets organization, tags and res_format.
/// </summary>
internal sealed class SearchMix(GermanText text, bool ckan, string tenantPrefix)
{
    public static readonly string[] Kinds = ["common-word", "rare-word", "two-words", "facet-filter", "bbox", "browse-modified"];

    public bool Ckan => ckan;

    public (string Kind, string Url) Next(Random random, long sequence)
    {
        var kind = Kinds[(int)(sequence % Kinds.Length)];
        var nouns = text.Nouns;
        return (kind, kind switch
        {
            "common-word" => Search(q: nouns[random.Next(10)]),
            "rare-word" => Search(q: nouns[1000 + random.Next(nouns.Length - 1000)]),
            "two-words" => Search(q: nouns[random.Next(30)] + " " + nouns[random.Next(300)]),
            "facet-filter" => Search(filters: [$"organization:amt-{1 + random.Next(20):D2}", "res_format:CSV"]),
            "bbox" => Search(bbox: Box(random)),
            _ => Search(sortByModified: true),
        });
    }

    /// <summary>A request for datasets matching one word, for the edit→searchable probe.</summary>
    public string Probe(string word) => ckan
        ? $"{tenantPrefix}api/3/action/package_search?q={Uri.EscapeDataString(word)}&rows=1"
        : $"{tenantPrefix}api/catalog/search?q={Uri.EscapeDataString(word)}&rows=1";

    /// <summary>Total hits of a search response, in either API's shape.</summary>
    public int Total(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ckan
            ? document.RootElement.GetProperty("result").GetProperty("count").GetInt32()
            : document.RootElement.GetProperty("total").GetInt32();
    }

    private string Search(string? q = null, string[]? filters = null, string? bbox = null, bool sortByModified = false)
    {
        var query = new List<string>();
        if (ckan)
        {
            if (q is not null)
            {
                query.Add("q=" + Uri.EscapeDataString(q));
            }

            if (filters is not null)
            {
                query.Add("fq=" + Uri.EscapeDataString(string.Join(' ', filters)));
            }

            if (bbox is not null)
            {
                query.Add("ext_bbox=" + bbox);
            }

            if (sortByModified)
            {
                query.Add("sort=" + Uri.EscapeDataString("metadata_modified desc"));
            }

            query.Add("facet.field=" + Uri.EscapeDataString("[\"organization\",\"tags\",\"res_format\"]"));
            query.Add("rows=10");
            return $"{tenantPrefix}api/3/action/package_search?{string.Join('&', query)}";
        }

        if (q is not null)
        {
            query.Add("q=" + Uri.EscapeDataString(q));
        }

        query.AddRange((filters ?? []).Select(f => "fq=" + Uri.EscapeDataString(f)));
        if (bbox is not null)
        {
            query.Add("bbox=" + bbox);
        }

        if (sortByModified)
        {
            query.Add("sort=modified");
        }

        query.Add("facet=organization&facet=tags&facet=res_format&rows=10");
        return $"{tenantPrefix}api/catalog/search?{string.Join('&', query)}";
    }

    private static string Box(Random random)
    {
        var lon = 9.0 + random.NextDouble() * 0.35;
        var lat = 47.6 + random.NextDouble() * 0.25;
        return string.Create(CultureInfo.InvariantCulture, $"{lon:F4},{lat:F4},{lon + 0.03:F4},{lat + 0.03:F4}");
    }
}
