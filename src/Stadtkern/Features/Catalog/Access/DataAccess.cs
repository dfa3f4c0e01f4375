using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Access;

/// <summary>What a caller wants to do with a dataset's data (not its metadata).</summary>
internal enum DataUse
{
    /// <summary>Read resource links, download files.</summary>
    Download,

    /// <summary>Query the datastore.</summary>
    Query,

    /// <summary>Preview a table or map of the data.</summary>
    Preview,
}

/// <summary>
/// The one place that decides whether a caller may see a dataset's metadata and use its data. Every path to
/// data (resource URLs, downloads, datastore queries, previews) asks here. Every decision about restricted
/// data, allowed or denied, is written to the audit log before the answer is returned.
/// </summary>
internal sealed class DataAccess(StadtkernDb db, IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>Metadata: public and restricted datasets for everyone, internal ones for members of the tenant.</summary>
    public static bool CanSeeMetadata(Dataset dataset, CatalogCaller caller) =>
        dataset.State == DatasetState.Active && (dataset.Access != AccessLevel.Internal || caller.IsMember);

    /// <summary>Data: public for everyone, internal for members, restricted for stewards of the tenant and grantees.</summary>
    public Task<bool> CanUseDataAsync(Dataset dataset, CatalogCaller caller, DataUse use, CancellationToken cancellationToken) =>
        CanUseDataAsync(dataset, caller, use, null, cancellationToken);

    /// <summary>As above, naming the resource used (recorded in the audit log).</summary>
    public async Task<bool> CanUseDataAsync(Dataset dataset, CatalogCaller caller, DataUse use, Guid? resourceId, CancellationToken cancellationToken)
    {
        switch (dataset.Access)
        {
            case AccessLevel.Public:
                return dataset.State == DatasetState.Active;
            case AccessLevel.Internal:
                return CanSeeMetadata(dataset, caller);
        }

        var decision = await DecideRestrictedAsync(dataset, caller, cancellationToken);
        await AuditAsync(dataset, caller, use, resourceId, decision, cancellationToken);
        return decision.Allowed;
    }

    private async Task<AccessDecision> DecideRestrictedAsync(Dataset dataset, CatalogCaller caller, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (caller.IsSteward || !caller.IsSignedIn || dataset.State != DatasetState.Active)
        {
            return AccessRules.Decide(dataset, caller.IsSteward, [], GranteeIdentity.Nobody, now);
        }

        var grants = await db.Set<AccessGrant>().AsNoTracking()
            .Where(g => g.TenantId == dataset.TenantId && g.DatasetId == dataset.Id && g.RevokedAt == null)
            .ToListAsync(cancellationToken);
        var identity = grants.Count == 0 ? GranteeIdentity.Nobody : await CallerTenants.IdentifyAsync(db, caller, now, cancellationToken);
        return AccessRules.Decide(dataset, isSteward: false, grants, identity, now);
    }

    /// <summary>
    /// Written at once, before the data is served. Through the request's own context when it is inside a
    /// transaction (a second connection could wait on the transaction's lock in SQLite); otherwise through a
    /// context of its own, so the caller's pending changes are never saved by the audit.
    /// </summary>
    private async Task AuditAsync(Dataset dataset, CatalogCaller caller, DataUse use, Guid? resourceId, AccessDecision decision, CancellationToken cancellationToken)
    {
        var now = clock.GetStoredNow();
        var entry = new AccessAuditEntry
        {
            Id = Guid.CreateVersion7(now),
            TenantId = dataset.TenantId,
            At = now,
            DatasetId = dataset.Id,
            DatasetName = dataset.Name,
            ResourceId = resourceId,
            UserId = caller.UserId,
            TokenId = caller.TokenId,
            Use = use,
            Allowed = decision.Allowed,
            Basis = decision.Basis,
            GrantId = decision.GrantId,
        };

        if (db.Database.CurrentTransaction is not null)
        {
            db.Add(entry);
            await db.SaveChangesAsync(cancellationToken);
            db.Entry(entry).State = EntityState.Detached;
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var own = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        own.Add(entry);
        await own.SaveChangesAsync(cancellationToken);
    }
}
