using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Platform.Accounts;

/// <summary>
/// Gives a signed-in person the roles they hold in the tenant of the current request. The cookie
/// carries only who they are, so one login works across all tenants they belong to. The database context is resolved only
/// for such a person: anonymous and token requests (every request runs this) do not pay for setting one up.
/// </summary>
internal sealed class TenantRoleClaims(IServiceProvider services, TenantContext tenant, TenantDirectory directory) : IClaimsTransformation
{
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity is not { IsAuthenticated: true, AuthenticationType: var type }
            || type != IdentityConstants.ApplicationScheme
            || principal.HasClaim(c => c.Type == ClaimTypes.Role)
            || !Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            return principal;
        }

        var defaultTenant = await directory.FindAsync(directory.DefaultSlug, CancellationToken.None);
        var db = services.GetRequiredService<StadtkernDb>();
        var memberships = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId && (m.TenantId == tenant.TenantId || (defaultTenant != null && m.TenantId == defaultTenant.Id)))
            .Select(m => new { m.TenantId, m.Role })
            .ToListAsync();

        var claims = memberships.Where(m => m.TenantId == tenant.TenantId).Select(m => new Claim(ClaimTypes.Role, m.Role)).ToList();
        if (defaultTenant is not null && memberships.Any(m => m.TenantId == defaultTenant.Id && m.Role == Roles.Admin))
        {
            claims.Add(new Claim(StadtkernClaims.PlatformAdmin, "true"));
        }

        if (claims.Count > 0)
        {
            principal.AddIdentity(new ClaimsIdentity(claims, "TenantRoles", ClaimTypes.Name, ClaimTypes.Role));
        }

        return principal;
    }
}

internal static class PrincipalExtensions
{
    public static bool IsPlatformAdmin(this ClaimsPrincipal principal) =>
        principal.HasClaim(StadtkernClaims.PlatformAdmin, "true");
}
