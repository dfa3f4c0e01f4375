using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Search;
using Stadtkern.Features.Catalog.Store;

namespace Stadtkern.Features.Catalog.Ckan;

/// <summary>
/// Datasets loaded for <c>package_search</c> pages, with their package dicts, kept under the tenant's change stamp
/// (<see cref="CatalogChangeStamp"/>). Every catalog write bumps the stamp in its transaction, so an entry is never
/// read after the dataset, its resources or its groups changed: the next search carries the new stamp and misses.
/// The dataset is kept, not only the dict, because who may see it and its data is decided per caller on every use.
/// Bounded like the <see cref="SearchCache"/> (<see cref="CatalogOptions.SearchCacheSeconds"/>; 0 switches it off).
/// </summary>
internal sealed class CkanPackageCache(IOptions<CatalogOptions> options) : IDisposable
{
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = options.Value.SearchCacheEntries * 10L });

    public bool Enabled => options.Value.SearchCacheSeconds > 0;

    public static string KeyOf(Guid tenantId, CatalogStamp stamp, Guid datasetId) => $"{tenantId:N}/{stamp.Epoch}/{stamp.Value}/{datasetId:N}";

    public bool TryGet(string key, out CachedPackage entry) => cache.TryGetValue(key, out entry!);

    public void Set(string key, CachedPackage entry) =>
        cache.Set(key, entry, new MemoryCacheEntryOptions
        {
            Size = 1,
            AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(options.Value.SearchCacheSeconds),
        });

    /// <summary>The titles of the tenant's organisations and groups, as facet display names, loaded once per stamp.</summary>
    public async Task<IReadOnlyDictionary<(string Facet, string Name), string>> TitlesAsync(
        OrganizationStore organizations, CatalogStamp? stamp, CancellationToken cancellationToken)
    {
        var key = stamp is { } s && Enabled ? $"titles/{organizations.TenantId:N}/{s.Epoch}/{s.Value}" : null;
        if (key is not null && cache.TryGetValue(key, out IReadOnlyDictionary<(string, string), string>? cached))
        {
            return cached!;
        }

        var titles = new Dictionary<(string, string), string>();
        foreach (var o in await organizations.ListAsync(cancellationToken))
        {
            titles[("organization", o.Name)] = o.Title;
        }

        foreach (var g in await organizations.ListGroupsAsync(cancellationToken))
        {
            titles[("groups", g.Name)] = g.Title;
        }

        if (key is not null)
        {
            cache.Set(key, (IReadOnlyDictionary<(string, string), string>)titles, new MemoryCacheEntryOptions
            {
                Size = 1,
                AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(options.Value.SearchCacheSeconds),
            });
        }

        return titles;
    }

    public void Dispose() => cache.Dispose();
}

/// <summary>A dataset as loaded for a search page, read-only from here on, with its package dict per view, kept as
/// serialised UTF-8 JSON: a search page writes the bytes of its ten packages straight into the response instead of
/// building, copying and serialising ten object trees per request.</summary>
internal sealed class CachedPackage(Dataset dataset, IReadOnlyList<CatalogGroup> groups)
{
    private readonly ConcurrentDictionary<CkanView, byte[]> packages = new();

    public Dataset Dataset => dataset;

    /// <summary>The package dict for <paramref name="view"/> as UTF-8 JSON, written with <see cref="CkanEndpoint.Json"/>.</summary>
    public byte[] PackageBytesFor(CkanView view) => packages.GetOrAdd(view, v =>
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, CkanEndpoint.WriterOptions))
        {
            CkanPackageMapping.ToPackage(dataset, groups, v).WriteTo(writer, CkanEndpoint.Json);
        }

        return buffer.WrittenSpan.ToArray();
    });

    /// <summary>A fresh package dict for <paramref name="view"/> (the caller may attach it to a response).</summary>
    public JsonObject PackageFor(CkanView view) => JsonNode.Parse(PackageBytesFor(view))!.AsObject();
}
