namespace Stadtkern.Features.Catalog.Vocabularies;

/// <summary>An update frequency of the EU frequency authority table, with its German label.</summary>
internal sealed record Frequency(string Code, string Label)
{
    public const string Scheme = "http://publications.europa.eu/resource/authority/frequency";

    public string Uri => Scheme + "/" + Code;
}

/// <summary>The EU update frequencies (dct:accrualPeriodicity), the codes municipal data uses.</summary>
internal static class Frequencies
{
    public static IReadOnlyList<Frequency> All { get; } =
    [
        new("CONT", "kontinuierlich"),
        new("UPDATE_CONT", "ständig aktualisiert"),
        new("1MIN", "minütlich"),
        new("HOURLY", "stündlich"),
        new("DAILY", "täglich"),
        new("WEEKLY", "wöchentlich"),
        new("BIWEEKLY", "zweiwöchentlich"),
        new("MONTHLY", "monatlich"),
        new("BIMONTHLY", "zweimonatlich"),
        new("QUARTERLY", "vierteljährlich"),
        new("ANNUAL_2", "halbjährlich"),
        new("ANNUAL", "jährlich"),
        new("BIENNIAL", "zweijährlich"),
        new("TRIENNIAL", "alle drei Jahre"),
        new("IRREG", "unregelmäßig"),
        new("AS_NEEDED", "bei Bedarf"),
        new("NEVER", "nie"),
        new("OTHER", "sonstige"),
        new("UNKNOWN", "unbekannt"),
    ];

    public static Frequency? Find(string? codeOrUri) => Vocabulary.FindByCode(All, codeOrUri, Frequency.Scheme, f => f.Code);
}
