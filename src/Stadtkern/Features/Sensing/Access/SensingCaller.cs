using System.Security.Claims;
using Stadtkern.Platform.Accounts;

namespace Stadtkern.Features.Sensing.Access;

/// <summary>Who is asking the sensor hub, in the tenant of the request: the basis of every visibility and write decision.</summary>
internal sealed record SensingCaller(Guid? UserId, Guid? TokenId, string Actor, IReadOnlySet<string> Roles, bool IsPlatformAdmin)
{
    public static SensingCaller Anonymous { get; } = new(null, null, "anonym", new HashSet<string>(), false);

    /// <summary>A system actor (ingest, LoRaWAN, CLI) that sees and writes everything in the current tenant.</summary>
    public static SensingCaller System(string actor) => new(null, null, actor, new HashSet<string> { Platform.Accounts.Roles.Admin }, false);

    /// <summary>Anyone of the tenant's administration or its apps (every role but citizen): sees internal Things and Datastreams.</summary>
    public bool IsMember => IsPlatformAdmin || Roles.Any(r => r != Platform.Accounts.Roles.Citizen);

    /// <summary>Data stewards and admins: see restricted data, give grants.</summary>
    public bool IsSteward => IsPlatformAdmin || Roles.Contains(Platform.Accounts.Roles.DataSteward) || Roles.Contains(Platform.Accounts.Roles.Admin);

    /// <summary>Apps, stewards and admins of the tenant may create, change and delete sensing entities.</summary>
    public bool CanWrite => IsSteward || Roles.Contains(Platform.Accounts.Roles.App);

    public bool IsSignedIn => UserId is not null || TokenId is not null;

    public static SensingCaller From(ClaimsPrincipal principal)
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
        return new SensingCaller(isToken ? null : parsed, isToken ? parsed : null, actor, roles, principal.IsPlatformAdmin());
    }
}
