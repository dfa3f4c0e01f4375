using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Stadtkern.Features.Catalog.Harvest;

/// <summary>
/// Reads a CKAN catalogue (or another Stadtkern) through <c>package_search</c>, oldest change first
/// (<c>sort=metadata_modified asc</c>, so records changed during the run move behind the cursor instead of being
/// skipped), only changes since the high-water mark (<c>fq=metadata_modified:[… TO *]</c>). An incremental run then
/// lists every id (<c>fl=id</c>) so that deletions at the source are noticed.
/// </summary>
internal sealed class ReadCkanSource(HarvestHttp http, IOptionsMonitor<HarvestOptions> options) : IHarvestReader
{
    private const int IdPageSize = 1000;

    public async Task<HarvestPage> ReadAsync(HarvestSource source, HarvestCursor cursor, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var listingIds = cursor.Phase == HarvestCursor.Ids;
        var rows = listingIds ? IdPageSize : Math.Clamp(options.CurrentValue.PageSize, 1, 1000);
        var query = new List<string>
        {
            "q=" + Uri.EscapeDataString("*:*"),
            "rows=" + rows.ToString(CultureInfo.InvariantCulture),
            "start=" + cursor.Offset.ToString(CultureInfo.InvariantCulture),
            "include_private=false",
        };
        if (listingIds)
        {
            query.Add("fl=id");
            query.Add("sort=" + Uri.EscapeDataString("metadata_created asc"));
        }
        else
        {
            query.Add("sort=" + Uri.EscapeDataString("metadata_modified asc"));
            if (since is { } mark)
            {
                var solrTime = mark.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                query.Add("fq=" + Uri.EscapeDataString($"metadata_modified:[{solrTime} TO *]"));
            }
        }

        var url = new Uri(ApiBase(source.Url) + "/api/3/action/package_search?" + string.Join('&', query));
        var document = await http.GetAsync(url, "application/json", source.AllowPrivateNetwork, cancellationToken);
        var (count, results) = ParseSearch(document);

        var next = results.Count > 0 && cursor.Offset + results.Count < count ? cursor with { Offset = cursor.Offset + results.Count, Skip = 0 } : null;
        if (next is null && !listingIds && since is not null)
        {
            next = new HarvestCursor(HarvestCursor.Ids);
        }

        var pages = (int)Math.Ceiling(count / (double)rows);
        if (listingIds)
        {
            var ids = results.Select(r => MapCkanPackage.Text(r, "id")).OfType<string>().ToList();
            return new HarvestPage([], ids, next, null, null);
        }

        return new HarvestPage([.. results.Select(MapCkanPackage.Map)], [], next, count, pages);
    }

    /// <summary>The site root, also when the API path was given.</summary>
    public static string ApiBase(string url)
    {
        var trimmed = url.Trim().TrimEnd('/');
        foreach (var suffix in new[] { "/api/3/action", "/api/3", "/api" })
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return trimmed[..^suffix.Length];
            }
        }

        return trimmed;
    }

    private static (int Count, List<JsonElement> Results) ParseSearch(FetchedDocument document)
    {
        try
        {
            using var json = JsonDocument.Parse(document.Body, new JsonDocumentOptions { MaxDepth = 64 });
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("success", out var success) || success.ValueKind != JsonValueKind.True)
            {
                var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) ? e.GetRawText() : "keine CKAN-Antwort";
                throw new HarvestFetchException($"package_search bei {document.Url} ist fehlgeschlagen: {Shorten(error)}");
            }

            var result = root.GetProperty("result");
            var count = result.TryGetProperty("count", out var c) && c.TryGetInt32(out var n) ? n : 0;
            var results = result.TryGetProperty("results", out var r) && r.ValueKind == JsonValueKind.Array
                ? r.EnumerateArray().Select(x => x.Clone()).ToList()
                : [];
            return (count, results);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new HarvestFetchException($"Die Antwort von {document.Url} ist kein gültiges CKAN-JSON: {e.Message}", e);
        }
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
