using Stadtkern.Features.Catalog.Model;

namespace Stadtkern.Features.Catalog.Store;

/// <summary>One dimension of the metadata quality score and the checks that earned or missed its points.</summary>
internal sealed record QualityDimension(string Name, int Points, int MaxPoints, IReadOnlyList<QualityCheck> Checks);

internal sealed record QualityCheck(string Label, bool Passed, int Points);

internal sealed record QualityReport(int Score, IReadOnlyList<QualityDimension> Dimensions);

/// <summary>
/// Metadata quality in the spirit of the EU Metadata Quality Assessment (MQA): points for findability,
/// accessibility, interoperability, reusability and contextuality, scaled to 0–100. Pure; the weights
/// follow the MQA's emphasis (licence, formats and access URLs weigh most).
/// </summary>
internal static class MeasureQuality
{
    private static readonly HashSet<string> MachineReadable = new(StringComparer.OrdinalIgnoreCase)
    {
        "CSV", "JSON", "GEOJSON", "XML", "RDF_XML", "RDF_TURTLE", "JSON_LD", "XLSX", "ODS", "GML", "KML", "SHP", "WMS_SRVC", "WFS_SRVC", "GTFS", "TSV", "GPKG",
    };

    public static QualityReport Of(Dataset dataset)
    {
        var resources = dataset.Resources;
        var dimensions = new List<QualityDimension>
        {
            Dimension("Auffindbarkeit",
                Check("Schlagwörter vergeben", dataset.Tags.Count > 0, 30),
                Check("Thema (EU data-theme) gewählt", dataset.Themes.Count > 0, 30),
                Check("Räumliche Abdeckung angegeben", dataset.SpatialGeoJson is not null || dataset.PoliticalGeocodingUri is not null, 20),
                Check("Zeitliche Abdeckung angegeben", dataset.TemporalStart is not null || dataset.TemporalEnd is not null, 20)),
            Dimension("Zugänglichkeit",
                Check("Mindestens eine Ressource", resources.Count > 0, 30),
                Check("Alle Ressourcen haben eine Adresse", resources.Count > 0 && resources.All(r => r.Url.Length > 0), 30),
                Check("Daten direkt herunterladbar oder abfragbar", resources.Any(r => r.StorageKey is not null || r.DatastoreActive), 20)),
            Dimension("Interoperabilität",
                Check("Format bei allen Ressourcen angegeben", resources.Count > 0 && resources.All(r => r.Format is not null), 20),
                Check("Medientyp bei allen Ressourcen angegeben", resources.Count > 0 && resources.All(r => r.MediaType is not null), 10),
                Check("Maschinenlesbares Format vorhanden", resources.Any(r => r.Format is not null && MachineReadable.Contains(r.Format)), 20),
                Check("Zugriffsrechte angegeben", true, 10)),
            Dimension("Wiederverwendbarkeit",
                Check("Lizenz angegeben", dataset.LicenseId is not null, 20),
                Check("Namensnennung angegeben, wo die Lizenz sie verlangt", dataset.LicenseId is null || !RequiresAttribution(dataset.LicenseId) || dataset.LicenseAttribution is not null, 10),
                Check("Kontaktstelle angegeben", dataset.ContactEmail is not null || dataset.ContactUrl is not null, 20),
                Check("Beschreibung mit mindestens 100 Zeichen", dataset.Notes is { Length: >= 100 }, 10)),
            Dimension("Kontext",
                Check("Größe der Ressourcen bekannt", resources.Count > 0 && resources.All(r => r.Size is not null), 5),
                Check("Aktualisierungsfrequenz angegeben", dataset.Frequency is not null, 10),
                Check("Prüfsummen vorhanden", resources.Count > 0 && resources.All(r => r.Checksum is not null), 5)),
        };

        var earned = dimensions.Sum(d => d.Points);
        var max = dimensions.Sum(d => d.MaxPoints);
        return new QualityReport((int)Math.Round(100.0 * earned / max, MidpointRounding.AwayFromZero), dimensions);
    }

    /// <summary>"by" licences (Datenlizenz Deutschland Namensnennung, CC BY, CC BY-SA, ...) require an attribution text (per the DCAT-AP.de list).</summary>
    public static bool RequiresAttribution(string licenseId) => Vocabularies.Licenses.Find(licenseId)?.RequiresAttribution ?? false;

    private static QualityCheck Check(string label, bool passed, int points) => new(label, passed, points);

    private static QualityDimension Dimension(string name, params QualityCheck[] checks) =>
        new(name, checks.Where(c => c.Passed).Sum(c => c.Points), checks.Sum(c => c.Points), checks);
}
