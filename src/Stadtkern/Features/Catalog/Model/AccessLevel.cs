namespace Stadtkern.Features.Catalog.Model;

/// <summary>Who may see a dataset and its data.</summary>
internal enum AccessLevel
{
    /// <summary>Open data: metadata and data for everyone, exported to DCAT.</summary>
    Public,

    /// <summary>Only members of the owning tenant (staff, stewards, admins, apps) see it at all.</summary>
    Internal,

    /// <summary>Data marketplace: everyone sees the metadata; the data only with a grant (or as a steward).</summary>
    Restricted,
}

internal static class AccessLevels
{
    public static string Key(this AccessLevel level) => level switch
    {
        AccessLevel.Public => "public",
        AccessLevel.Internal => "internal",
        AccessLevel.Restricted => "restricted",
    };

    public static bool TryParse(string? value, out AccessLevel level)
    {
        foreach (var candidate in Enum.GetValues<AccessLevel>())
        {
            if (string.Equals(candidate.Key(), value, StringComparison.OrdinalIgnoreCase))
            {
                level = candidate;
                return true;
            }
        }

        level = AccessLevel.Public;
        return false;
    }
}
