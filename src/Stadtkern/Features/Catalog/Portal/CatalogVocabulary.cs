using System.Globalization;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Vocabularies;

namespace Stadtkern.Features.Catalog.Portal;

/// <summary>German labels of the controlled vocabularies the portal shows: EU data themes, DCAT-AP.de licences, EU frequencies, access levels.</summary>
internal static class CatalogVocabulary
{
    /// <summary>The themes of the EU data-theme vocabulary with their German labels.</summary>
    public static IReadOnlyList<(string Code, string Label)> Themes { get; } = [.. DataThemes.All.Select(t => (t.Code, t.Label))];

    /// <summary>The licences a steward can pick: the DCAT-AP.de licence list.</summary>
    public static IReadOnlyList<License> Licenses => Vocabularies.Licenses.All;

    /// <summary>Update frequencies of the EU frequency vocabulary.</summary>
    public static IReadOnlyList<(string Code, string Label)> Frequencies { get; } = [.. Vocabularies.Frequencies.All.Select(f => (f.Code, f.Label))];

    public static string ThemeLabel(string code) => Themes.FirstOrDefault(t => t.Code == code).Label ?? code;

    public static License? License(string? id) => Vocabularies.Licenses.Find(id);

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
