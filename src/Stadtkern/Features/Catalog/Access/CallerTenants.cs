using Microsoft.EntityFrameworkCore;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Access;

/// <summary>
/// The tenants whose administration a caller belongs to, whatever tenant's URL space the request is in:
/// a person through memberships with any role but citizen, an API token through its own tenant unless its
/// role is citizen. This is what a <see cref="GranteeKind.Tenant"/> grant matches (ADR 0003).
/// </summary>
internal static class CallerTenants
{
    public static async Task<GranteeIdentity> IdentifyAsync(StadtkernDb db, CatalogCaller caller, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (caller.UserId is { } userId)
        {
            var tenants = await db.Memberships.AsNoTracking()
                .Where(m => m.UserId == userId && m.Role != Roles.Citizen)
                .Select(m => m.TenantId).Distinct().ToListAsync(cancellationToken);
            return new GranteeIdentity(userId, null, tenants.ToHashSet());
        }

        if (caller.TokenId is { } tokenId)
        {
            var token = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tokenId, cancellationToken);
            var tenants = token is not null && token.IsActive(now) && token.Role != Roles.Citizen ? new HashSet<Guid> { token.TenantId } : [];
            return new GranteeIdentity(null, tokenId, tenants);
        }

        return GranteeIdentity.Nobody;
    }
}
