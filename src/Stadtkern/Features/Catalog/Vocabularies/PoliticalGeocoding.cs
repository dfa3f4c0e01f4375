using System.Text.RegularExpressions;

namespace Stadtkern.Features.Catalog.Vocabularies;

/// <summary>
/// DCAT-AP.de political geocoding: the IRI of a municipality by its 12-digit regional key (ARS) and the level
/// IRIs. In DCAT-AP.de 3.0 the area goes into dct:spatial (dcatde:politicalGeocodingURI is deprecated) and its
/// level into dcatde:politicalGeocodingLevelURI.
/// </summary>
internal static partial class PoliticalGeocoding
{
    public const string RegionalKeyNamespace = "http://dcat-ap.de/def/politicalGeocoding/regionalKey/";
    public const string LevelScheme = "http://dcat-ap.de/def/politicalGeocoding/Level";

    public static IReadOnlyList<(string Code, string Label)> Levels { get; } =
    [
        ("international", "international"),
        ("european", "Europäische Union"),
        ("federal", "Bund"),
        ("state", "Land"),
        ("administrativeDistrict", "Regierungsbezirk"),
        ("municipalityAssociation", "Gemeindeverband"),
        ("district", "Kreis"),
        ("municipality", "Gemeinde"),
    ];

    public static string MunicipalityLevelUri => LevelUri("municipality");

    public static string LevelUri(string code) => LevelScheme + "/" + code;

    /// <summary>The regional-key IRI of a municipality, or null when <paramref name="ars"/> is not 12 digits.</summary>
    public static string? RegionalKeyUri(string? ars) =>
        ars is not null && ArsPattern().IsMatch(ars) ? RegionalKeyNamespace + ars : null;

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex ArsPattern();
}
