namespace Stadtkern.Features.Catalog.Vocabularies;

/// <summary>
/// The catalog's access levels and their EU access-right concepts: <c>public</c> → PUBLIC, <c>internal</c> →
/// NON_PUBLIC, <c>restricted</c> → RESTRICTED. Only public datasets are exported as DCAT.
/// </summary>
internal static class AccessRights
{
    public const string Scheme = "http://publications.europa.eu/resource/authority/access-right";
    public const string Public = "public";
    public const string Internal = "internal";
    public const string Restricted = "restricted";

    public static IReadOnlyList<(string Level, string Code, string Label)> All { get; } =
    [
        (Public, "PUBLIC", "öffentlich"),
        (Internal, "NON_PUBLIC", "intern (nur innerhalb der Verwaltung)"),
        (Restricted, "RESTRICTED", "eingeschränkt (auf Antrag)"),
    ];

    /// <summary>The access-right IRI of a level; null for an unknown level.</summary>
    public static string? UriFor(string? level)
    {
        foreach (var (l, code, _) in All)
        {
            if (string.Equals(l, level, StringComparison.OrdinalIgnoreCase))
            {
                return Scheme + "/" + code;
            }
        }
        return null;
    }

    public static string? LabelFor(string? level) =>
        All.Where(a => string.Equals(a.Level, level, StringComparison.OrdinalIgnoreCase)).Select(a => a.Label).FirstOrDefault();
}
