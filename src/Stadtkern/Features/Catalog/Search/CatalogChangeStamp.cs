using Microsoft.EntityFrameworkCore;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Search;

/// <summary>The tenant's catalog change stamp and the identity (epoch) of the row that counts it.</summary>
internal readonly record struct CatalogStamp(long Value, string Epoch);

/// <summary>
/// The tenant's catalog change counter (<c>catalog_change_stamps</c>). Writers bump it inside their transaction and
/// mark the datasets they changed with the new value (<c>catalog_datasets.change_stamp</c>); searches read it (one
/// primary-key lookup), bring the in-memory index up to it and cache results under it. The bump takes the row's lock
/// until commit, so stamps commit in order: whoever sees stamp N committed sees every dataset marked N or less.
/// </summary>
internal static class CatalogChangeStamp
{
    /// <summary>Bumps the tenant's stamp and returns the new value.</summary>
    public static async Task<long> BumpAsync(StadtkernDb db, CancellationToken cancellationToken)
    {
        var stamps = await db.Database.SqlQueryRaw<long>(
                "INSERT INTO catalog_change_stamps (tenant_id, stamp, epoch) VALUES ({0}, 1, {1}) "
                + "ON CONFLICT (tenant_id) DO UPDATE SET stamp = catalog_change_stamps.stamp + 1 RETURNING stamp AS \"Value\"",
                db.CurrentTenantId, Guid.NewGuid().ToString("N"))
            .ToListAsync(cancellationToken);
        return stamps[0];
    }

    /// <summary>Bumps the stamp and marks one dataset (or, with null, all of the tenant's) as changed under it.</summary>
    public static async Task MarkChangedAsync(StadtkernDb db, Guid? datasetId, CancellationToken cancellationToken)
    {
        var stamp = await BumpAsync(db, cancellationToken);
        if (datasetId is { } id)
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE catalog_datasets SET change_stamp = {0} WHERE id = {1}", [stamp, id], cancellationToken);
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync(
                "UPDATE catalog_datasets SET change_stamp = {0} WHERE tenant_id = {1}", [stamp, db.CurrentTenantId], cancellationToken);
        }
    }

    public static async Task<CatalogStamp> ReadAsync(StadtkernDb db, CancellationToken cancellationToken)
    {
        var row = await db.Database.SqlQueryRaw<StampRow>(
                "SELECT stamp AS \"Stamp\", epoch AS \"Epoch\" FROM catalog_change_stamps WHERE tenant_id = {0}", db.CurrentTenantId)
            .ToListAsync(cancellationToken);
        return row.Count == 0 ? new CatalogStamp(0, "") : new CatalogStamp(row[0].Stamp, row[0].Epoch ?? "");
    }

    private sealed class StampRow
    {
        public long Stamp { get; set; }

        public string? Epoch { get; set; }
    }
}
