using System.Globalization;
using Stadtkern.Features.Catalog.Model;

namespace Stadtkern.Features.Catalog.Portal;

/// <summary>A licence of the DCAT-AP.de licence vocabulary as the portal offers it.</summary>
internal sealed record LicenseInfo(string Id, string Title, bool Open)
{
    public string Uri => "http://dcat-ap.de/def/licenses/" + Id;

    public bool RequiresAttribution => Store.MeasureQuality.RequiresAttribution(Id);
}

/// <summary>German labels of the controlled vocabularies the portal shows: EU data themes, DCAT-AP.de licences, EU frequencies, access levels.</summary>
internal static class CatalogVocabulary
{
    /// <summary>The 13 themes of the EU data-theme vocabulary with their official German labels.</summary>
    public static readonly IReadOnlyList<(string Code, string Label)> Themes =
    [
        ("AGRI", "Landwirtschaft, Fischerei, Forstwirtschaft und Nahrungsmittel"),
        ("ECON", "Wirtschaft und Finanzen"),
        ("EDUC", "Bildung, Kultur und Sport"),
        ("ENER", "Energie"),
        ("ENVI", "Umwelt"),
        ("GOVE", "Regierung und öffentlicher Sektor"),
        ("HEAL", "Gesundheit"),
        ("INTR", "Internationale Themen"),
        ("JUST", "Justiz, Rechtssystem und öffentliche Sicherheit"),
        ("REGI", "Regionen und Städte"),
        ("SOCI", "Bevölkerung und Gesellschaft"),
        ("TECH", "Wissenschaft und Technologie"),
        ("TRAN", "Verkehr"),
    ];

    /// <summary>The licences a steward can pick (ids of the DCAT-AP.de licence vocabulary).</summary>
    public static readonly IReadOnlyList<LicenseInfo> Licenses =
    [
        new("dl-by-de/2.0", "Datenlizenz Deutschland – Namensnennung – Version 2.0", true),
        new("dl-zero-de/2.0", "Datenlizenz Deutschland – Zero – Version 2.0", true),
        new("cc-by/4.0", "Creative Commons Namensnennung – 4.0 International (CC BY 4.0)", true),
        new("cc-by-sa/4.0", "Creative Commons Namensnennung – Weitergabe unter gleichen Bedingungen 4.0 International (CC BY-SA 4.0)", true),
        new("cc-zero", "Creative Commons CC Zero (CC0 1.0)", true),
        new("odbl", "Open Data Commons Open Database License (ODbL)", true),
        new("officialWork", "Amtliches Werk, lizenzfrei nach § 5 UrhG", true),
        new("other-closed", "Andere geschlossene Lizenz", false),
    ];

    /// <summary>Update frequencies of the EU frequency vocabulary.</summary>
    public static readonly IReadOnlyList<(string Code, string Label)> Frequencies =
    [
        ("CONT", "laufend"),
        ("HOURLY", "stündlich"),
        ("DAILY", "täglich"),
        ("WEEKLY", "wöchentlich"),
        ("MONTHLY", "monatlich"),
        ("QUARTERLY", "vierteljährlich"),
        ("ANNUAL", "jährlich"),
        ("BIENNIAL", "alle zwei Jahre"),
        ("IRREG", "unregelmäßig"),
        ("NEVER", "keine Aktualisierung"),
    ];

    public static string ThemeLabel(string code) => Themes.FirstOrDefault(t => t.Code == code).Label ?? code;

    public static LicenseInfo? License(string? id) => Licenses.FirstOrDefault(l => string.Equals(l.Id, id, StringComparison.Ordinal));

    public static string LicenseTitle(string? id) => License(id)?.Title ?? id ?? "keine Angabe";

    public static string FrequencyLabel(string? code) => Frequencies.FirstOrDefault(f => f.Code == code).Label ?? code ?? "keine Angabe";

    public static string AccessLabel(AccessLevel access) => access switch
    {
        AccessLevel.Public => "Öffentlich",
        AccessLevel.Internal => "Intern",
        AccessLevel.Restricted => "Zugang auf Antrag",
    };

    public static string AccessLabel(string key) => AccessLevels.TryParse(key, out var level) ? AccessLabel(level) : key;

    /// <summary>Bytes as people read them: "12,3 MB" (decimal units, German number format).</summary>
    public static string Size(long bytes)
    {
        var german = CultureInfo.GetCultureInfo("de-DE");
        string[] units = ["Byte", "kB", "MB", "GB", "TB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1000 && unit < units.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        return unit == 0
            ? bytes.ToString("N0", german) + " Byte"
            : value.ToString(value < 10 ? "0.0" : "0", german) + " " + units[unit];
    }
}
