namespace Stadtkern.Platform.Accounts;

/// <summary>The roles a person or an API token can hold within one tenant.</summary>
internal static class Roles
{
    public const string Admin = "admin";
    public const string DataSteward = "data-steward";
    public const string Staff = "staff";
    public const string App = "app";
    public const string Citizen = "citizen";

    public static readonly IReadOnlyList<string> All = [Admin, DataSteward, Staff, App, Citizen];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}

/// <summary>Authorization policy names. Admins pass every policy of their tenant.</summary>
internal static class Policies
{
    public const string Admin = "role:admin";
    public const string DataSteward = "role:data-steward";
    public const string Staff = "role:staff";
    public const string App = "role:app";
    public const string SignedIn = "signed-in";

    /// <summary>An admin of the default tenant: the operator of the whole instance.</summary>
    public const string PlatformAdmin = "platform-admin";
}

/// <summary>Claim types Stadtkern adds to principals.</summary>
internal static class StadtkernClaims
{
    /// <summary>The tenant an API token belongs to.</summary>
    public const string TokenTenant = "stadtkern:token-tenant";

    /// <summary>Present (value "true") when the principal administers the whole instance.</summary>
    public const string PlatformAdmin = "stadtkern:platform-admin";
}
