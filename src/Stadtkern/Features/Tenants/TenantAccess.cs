using System.Security.Claims;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Tenants;

/// <summary>
/// Who may administer which tenant, for the API and the admin pages alike: the instance admin every
/// tenant, a tenant admin the tenant whose URL space they are in (role checks happen before this).
/// </summary>
internal static class TenantAccess
{
    public static bool MayAdminister(ClaimsPrincipal user, TenantContext current, string? slug) =>
        user.IsPlatformAdmin() || (slug is not null && string.Equals(current.Current?.Slug, slug, StringComparison.Ordinal));

    public static IEnumerable<Tenant> Visible(IEnumerable<Tenant> tenants, ClaimsPrincipal user, TenantContext current) =>
        user.IsPlatformAdmin() ? tenants : tenants.Where(t => t.Id == current.TenantId);
}
