using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Stadtkern.Features.Catalog.Search;

/// <summary>
/// Recent search results per tenant, keyed by the tenant's <see cref="CatalogChangeStamp"/>, the caller's
/// visibility class and the whole query. What Solr's query-result and filter caches do for CKAN, without
/// the drift: an edit bumps the stamp in its own transaction, so the next search misses and recomputes.
/// Bounded in entries and time (<see cref="CatalogOptions.SearchCacheSeconds"/>; 0 switches it off).
/// </summary>
internal sealed class SearchCache(IOptions<CatalogOptions> options) : IDisposable
{
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = options.Value.SearchCacheEntries });

    public bool Enabled => options.Value.SearchCacheSeconds > 0;

    public static string KeyOf(Guid tenantId, CatalogStamp stamp, bool seesInternal, DatasetQuery query) =>
        $"{tenantId:N}/{stamp.Epoch}/{stamp.Value}/{(seesInternal ? 'm' : 'o')}/{JsonSerializer.Serialize(query)}";

    public bool TryGet(string key, out DatasetHits hits) => cache.TryGetValue(key, out hits!);

    public void Set(string key, DatasetHits hits) =>
        cache.Set(key, hits, new MemoryCacheEntryOptions
        {
            Size = 1,
            AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(options.Value.SearchCacheSeconds),
        });

    public void Dispose() => cache.Dispose();
}
