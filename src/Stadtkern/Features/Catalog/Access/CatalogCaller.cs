using System.Security.Claims;
using Stadtkern.Platform.Accounts;

namespace Stadtkern.Features.Catalog.Access;

/// <summary>Who is asking the catalog, in the tenant of the request: the basis of every visibility decision.</summary>
internal sealed record CatalogCaller(
    Guid? UserId,
    Guid? TokenId,
    string Actor,
    IReadOnlySet<string> Roles,
    bool IsPlatformAdmin)
{
    public static CatalogCaller Anonymous { get; } = new(null, null, "anonym", new HashSet<string>(), false);

    /// <summary>A system actor (harvester, demo seeder, CLI) with steward rights in the current tenant.</summary>
    public static CatalogCaller System(string actor) => new(null, null, actor, new HashSet<string> { Stadtkern.Platform.Accounts.Roles.DataSteward }, false);

    public bool IsSignedIn => UserId is not null || TokenId is not null;

    /// <summary>Staff, stewards, admins and apps of the tenant: they see internal datasets.</summary>
    public bool IsMember => IsPlatformAdmin || Roles.Any(r => r != Stadtkern.Platform.Accounts.Roles.Citizen);

    /// <summary>Data stewards and admins: they create and edit datasets and decide access requests.</summary>
    public bool IsSteward => IsPlatformAdmin || Roles.Contains(Stadtkern.Platform.Accounts.Roles.DataSteward) || Roles.Contains(Stadtkern.Platform.Accounts.Roles.Admin);

    public static CatalogCaller From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return Anonymous;
        }

        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var isToken = principal.Identity.AuthenticationType == ApiTokenAuthenticationHandler.SchemeName;
        Guid? parsed = Guid.TryParse(id, out var guid) ? guid : null;
        var actor = principal.FindFirstValue(ClaimTypes.Name) ?? id ?? "unbekannt";
        return new CatalogCaller(isToken ? null : parsed, isToken ? parsed : null, actor, roles, principal.IsPlatformAdmin());
    }
}
