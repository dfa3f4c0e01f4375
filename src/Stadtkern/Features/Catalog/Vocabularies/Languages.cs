namespace Stadtkern.Features.Catalog.Vocabularies;

/// <summary>The EU language authority table entries a municipal catalog uses (dct:language).</summary>
internal static class Languages
{
    public const string Scheme = "http://publications.europa.eu/resource/authority/language";

    public static IReadOnlyList<(string Code, string Iso639_1, string Label)> All { get; } =
    [
        ("DEU", "de", "Deutsch"),
        ("ENG", "en", "Englisch"),
        ("FRA", "fr", "Französisch"),
        ("DSB", "dsb", "Niedersorbisch"),
        ("HSB", "hsb", "Obersorbisch"),
        ("DAN", "da", "Dänisch"),
        ("FRR", "frr", "Nordfriesisch"),
    ];

    /// <summary>The IRI for a code given as ISO 639-1 ("de") or as the table's code ("DEU"); null when unknown.</summary>
    public static string? UriFor(string? code)
    {
        foreach (var (eu, iso, _) in All)
        {
            if (string.Equals(eu, code, StringComparison.OrdinalIgnoreCase) || string.Equals(iso, code, StringComparison.OrdinalIgnoreCase))
            {
                return Scheme + "/" + eu;
            }
        }
        return null;
    }
}
