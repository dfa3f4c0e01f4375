namespace Stadtkern.Features.Catalog.Vocabularies;

/// <summary>A theme of the EU data-theme authority table, with its German label.</summary>
internal sealed record DataTheme(string Code, string Label)
{
    public const string Scheme = "http://publications.europa.eu/resource/authority/data-theme";

    public string Uri => Scheme + "/" + Code;
}

/// <summary>The EU data themes (DCAT-AP's dcat:theme vocabulary), German labels as GovData shows them.</summary>
internal static class DataThemes
{
    public static IReadOnlyList<DataTheme> All { get; } =
    [
        new("AGRI", "Landwirtschaft, Fischerei, Forstwirtschaft und Nahrungsmittel"),
        new("ECON", "Wirtschaft und Finanzen"),
        new("EDUC", "Bildung, Kultur und Sport"),
        new("ENER", "Energie"),
        new("ENVI", "Umwelt"),
        new("GOVE", "Regierung und öffentlicher Sektor"),
        new("HEAL", "Gesundheit"),
        new("INTR", "Internationale Themen"),
        new("JUST", "Justiz, Rechtssystem und öffentliche Sicherheit"),
        new("OP_DATPRO", "Vorläufige Daten"),
        new("REGI", "Regionen und Städte"),
        new("SOCI", "Bevölkerung und Gesellschaft"),
        new("TECH", "Wissenschaft und Technologie"),
        new("TRAN", "Verkehr"),
    ];

    /// <summary>By code (case-insensitive) or by full IRI.</summary>
    public static DataTheme? Find(string? codeOrUri) => Vocabulary.FindByCode(All, codeOrUri, DataTheme.Scheme, t => t.Code);
}
