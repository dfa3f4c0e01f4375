using Microsoft.EntityFrameworkCore;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Search;

/// <summary>
/// The tenant's catalog change counter (<c>catalog_change_stamps</c>). Writers bump it inside their
/// transaction; searches read it (one primary-key lookup) and cache results under it. Because the bump
/// commits with the data, no instance can serve a result computed before a change it has seen committed.
/// </summary>
internal static class CatalogChangeStamp
{
    public static Task BumpAsync(StadtkernDb db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(
            "INSERT INTO catalog_change_stamps (tenant_id, stamp) VALUES ({0}, 1) "
            + "ON CONFLICT (tenant_id) DO UPDATE SET stamp = catalog_change_stamps.stamp + 1",
            [db.CurrentTenantId], cancellationToken);

    public static async Task<long> ReadAsync(StadtkernDb db, CancellationToken cancellationToken) =>
        await db.Database.SqlQueryRaw<long>(
                "SELECT stamp AS \"Value\" FROM catalog_change_stamps WHERE tenant_id = {0}", db.CurrentTenantId)
            .FirstOrDefaultAsync(cancellationToken);
}
