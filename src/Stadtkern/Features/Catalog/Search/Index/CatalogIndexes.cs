using System.Collections.Concurrent;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Search.Index;

/// <summary>
/// The in-memory search index of every tenant this instance has served, each brought up to the tenant's change stamp
/// before it answers: unchanged → as is; newer stamp → the changed datasets are loaded and replaced; another epoch
/// (the stamp row was recreated) or too many replaced entries → rebuilt from the database. An index newer than the stamp a
/// request read is served as it is.
/// One refresh at a time per tenant; searches of other tenants and of an index already current do not wait.
/// </summary>
internal sealed class CatalogIndexes
{
    private readonly ConcurrentDictionary<Guid, TenantCatalogIndex> indexes = new();
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> refreshing = new();

    public async Task<TenantCatalogIndex> CurrentAsync(StadtkernDb db, CatalogStamp stamp, CancellationToken cancellationToken)
    {
        var tenant = db.CurrentTenantId;
        if (indexes.TryGetValue(tenant, out var index) && IsCurrent(index, stamp))
        {
            return index;
        }

        var gate = refreshing.GetOrAdd(tenant, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (indexes.TryGetValue(tenant, out index) && IsCurrent(index, stamp))
            {
                return index;
            }

            if (index is null || index.Epoch != stamp.Epoch || index.NeedsCompaction)
            {
                var fresh = new TenantCatalogIndex(stamp.Epoch);
                fresh.Apply(await LoadIndexRows.ChangedSinceAsync(db, long.MinValue, cancellationToken), stamp.Value);
                indexes[tenant] = fresh;
                return fresh;
            }

            index.Apply(await LoadIndexRows.ChangedSinceAsync(db, index.Stamp, cancellationToken), stamp.Value);
            return index;
        }
        finally
        {
            gate.Release();
        }
    }

    private static bool IsCurrent(TenantCatalogIndex index, CatalogStamp stamp) =>
        index.Epoch == stamp.Epoch && index.Stamp >= stamp.Value;
}
