using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Search;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Ckan;

/// <summary>
/// Loading datasets for CKAN actions with the visibility rules applied once: internal datasets do not exist
/// for outsiders (404), and resource links are shown only when <see cref="DataAccess"/> allows the data.
/// </summary>
internal sealed class CkanPackages(DatasetStore store, DataAccess access, StadtkernDb db, CkanPackageCache cache)
{
    public DatasetStore Store => store;

    /// <summary>Writers must be stewards or admins of the tenant (403 Authorization Error otherwise).</summary>
    public static void RequireSteward(CkanCall call, string action)
    {
        if (!call.Caller.IsSteward)
        {
            throw CkanException.NotAuthorized($"Access denied: User {call.Caller.Actor} not authorized to {action}");
        }
    }

    /// <summary>The dataset if it exists and the caller may see its metadata; 404 otherwise (also for internal ones).</summary>
    public async Task<Dataset> VisibleAsync(string? idOrName, CkanCall call, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(idOrName))
        {
            throw CkanException.Validation("id", "Missing value");
        }

        var dataset = await store.FindAsync(idOrName.Trim(), cancellationToken, includeDeleted: call.Caller.IsSteward);
        if (dataset is null || !(DataAccess.CanSeeMetadata(dataset, call.Caller) || (dataset.State == DatasetState.Deleted && call.Caller.IsSteward)))
        {
            throw CkanException.NotFound("Not found");
        }

        return dataset;
    }

    public async Task<CkanView> ViewAsync(Dataset dataset, CkanCall call, CancellationToken cancellationToken) =>
        new(CkanEndpoint.BaseUrl(call.Http.Request), await access.CanUseDataAsync(dataset, call.Caller, DataUse.Download, cancellationToken));

    public async Task<JsonObject> ToPackageAsync(Dataset dataset, CkanCall call, CancellationToken cancellationToken) =>
        CkanPackageMapping.ToPackage(dataset, await store.GroupsOfAsync(dataset.Id, cancellationToken), await ViewAsync(dataset, call, cancellationToken));

    /// <summary>Package dicts for search hits, in the given order. Datasets not yet cached under <paramref name="stamp"/>
    /// are loaded in three queries.</summary>
    public async Task<List<JsonObject>> PackagesAsync(IReadOnlyList<Guid> ids, CatalogStamp? stamp, CkanCall call, CancellationToken cancellationToken) =>
        [.. (await VisiblePackagesAsync(ids, stamp, call, cancellationToken)).Select(p => p.Entry.PackageFor(p.View))];

    /// <summary>As <see cref="PackagesAsync"/>, as serialised UTF-8 JSON (see <see cref="CkanStreamedResult"/>).</summary>
    public async Task<List<byte[]>> PackageBytesAsync(IReadOnlyList<Guid> ids, CatalogStamp? stamp, CkanCall call, CancellationToken cancellationToken) =>
        [.. (await VisiblePackagesAsync(ids, stamp, call, cancellationToken)).Select(p => p.Entry.PackageBytesFor(p.View))];

    /// <summary>The hits the caller may see, in order, with the view of their data decided for this caller.</summary>
    private async Task<List<(CachedPackage Entry, CkanView View)>> VisiblePackagesAsync(
        IReadOnlyList<Guid> ids, CatalogStamp? stamp, CkanCall call, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var useCache = cache.Enabled && stamp is not null;
        var found = new Dictionary<Guid, CachedPackage>(ids.Count);
        var missing = new List<Guid>();
        foreach (var id in ids)
        {
            if (useCache && cache.TryGet(CkanPackageCache.KeyOf(db.CurrentTenantId, stamp!.Value, id), out var cached))
            {
                found[id] = cached;
            }
            else
            {
                missing.Add(id);
            }
        }

        foreach (var (id, loaded) in await LoadAsync(missing, cancellationToken))
        {
            found[id] = loaded;
            if (useCache)
            {
                cache.Set(CkanPackageCache.KeyOf(db.CurrentTenantId, stamp!.Value, id), loaded);
            }
        }

        var packages = new List<(CachedPackage, CkanView)>(ids.Count);
        foreach (var id in ids)
        {
            if (found.TryGetValue(id, out var entry) && DataAccess.CanSeeMetadata(entry.Dataset, call.Caller))
            {
                packages.Add((entry, await ViewAsync(entry.Dataset, call, cancellationToken)));
            }
        }

        return packages;
    }

    private async Task<Dictionary<Guid, CachedPackage>> LoadAsync(List<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var datasets = await store.Datasets.AsNoTracking().AsSplitQuery()
            .Include(d => d.Organization).Include(d => d.Resources)
            .Where(d => ids.Contains(d.Id)).ToListAsync(cancellationToken);
        var groups = (await db.Set<DatasetGroup>().Where(g => ids.Contains(g.DatasetId))
                .Join(db.Set<CatalogGroup>(), l => l.GroupId, g => g.Id, (l, g) => new { l.DatasetId, Group = g })
                .AsNoTracking().ToListAsync(cancellationToken))
            .ToLookup(x => x.DatasetId, x => x.Group);
        return datasets.ToDictionary(d => d.Id, d =>
        {
            d.Resources.Sort((a, b) => a.Position.CompareTo(b.Position));
            return new CachedPackage(d, [.. groups[d.Id].OrderBy(g => g.Name, StringComparer.Ordinal)]);
        });
    }

    /// <summary>The dataset holding a resource (404 when either is invisible to the caller).</summary>
    public async Task<(Dataset Dataset, Resource Resource)> ResourceAsync(string? resourceId, CkanCall call, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(resourceId))
        {
            throw CkanException.Validation("id", "Missing value");
        }

        if (!Guid.TryParse(resourceId, out var id))
        {
            throw CkanException.NotFound("Not found: Resource was not found.");
        }

        var datasetId = await db.Set<Resource>().Where(r => r.Id == id).Select(r => (Guid?)r.DatasetId).FirstOrDefaultAsync(cancellationToken);
        var dataset = datasetId is null ? null : await store.FindAsync(datasetId.Value.ToString(), cancellationToken);
        if (dataset is null || !DataAccess.CanSeeMetadata(dataset, call.Caller))
        {
            throw CkanException.NotFound("Not found: Resource was not found.");
        }

        return (dataset, dataset.Resources.First(r => r.Id == id));
    }

    /// <summary>Turns a store result into the dataset or CKAN's validation / not-found error.</summary>
    public static Dataset Unwrap(StoreResult result)
    {
        if (result.NotFound)
        {
            throw CkanException.NotFound("Not found");
        }

        if (!result.Succeeded)
        {
            throw CkanException.Validation(result.Errors);
        }

        return result.Dataset!;
    }
}
