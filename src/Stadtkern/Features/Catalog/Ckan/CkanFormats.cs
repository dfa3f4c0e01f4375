using Microsoft.AspNetCore.StaticFiles;

namespace Stadtkern.Features.Catalog.Ckan;

/// <summary>Guesses a resource's EU file-type code and media type from a file name, for uploads without a given format.</summary>
internal static class CkanFormats
{
    private static readonly FileExtensionContentTypeProvider MediaTypes = new();

    private static readonly Dictionary<string, (string Format, string MediaType)> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        [".csv"] = ("CSV", "text/csv"),
        [".tsv"] = ("TSV", "text/tab-separated-values"),
        [".json"] = ("JSON", "application/json"),
        [".geojson"] = ("GEOJSON", "application/geo+json"),
        [".jsonld"] = ("JSON_LD", "application/ld+json"),
        [".xml"] = ("XML", "application/xml"),
        [".rdf"] = ("RDF_XML", "application/rdf+xml"),
        [".ttl"] = ("RDF_TURTLE", "text/turtle"),
        [".xlsx"] = ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        [".xls"] = ("XLS", "application/vnd.ms-excel"),
        [".ods"] = ("ODS", "application/vnd.oasis.opendocument.spreadsheet"),
        [".pdf"] = ("PDF", "application/pdf"),
        [".txt"] = ("TXT", "text/plain"),
        [".zip"] = ("ZIP", "application/zip"),
        [".kml"] = ("KML", "application/vnd.google-earth.kml+xml"),
        [".kmz"] = ("KMZ", "application/vnd.google-earth.kmz"),
        [".gpkg"] = ("GPKG", "application/geopackage+sqlite3"),
        [".shp"] = ("SHP", "application/octet-stream"),
        [".gml"] = ("GML", "application/gml+xml"),
        [".parquet"] = ("PARQUET", "application/vnd.apache.parquet"),
        [".html"] = ("HTML", "text/html"),
        [".htm"] = ("HTML", "text/html"),
        [".png"] = ("PNG", "image/png"),
        [".jpg"] = ("JPEG", "image/jpeg"),
        [".jpeg"] = ("JPEG", "image/jpeg"),
        [".tif"] = ("TIFF", "image/tiff"),
        [".tiff"] = ("TIFF", "image/tiff"),
        [".docx"] = ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        [".odt"] = ("ODT", "application/vnd.oasis.opendocument.text"),
    };

    /// <summary>The format code for a file name's extension, or null when unknown.</summary>
    public static string? FormatOf(string fileName) =>
        Known.TryGetValue(Path.GetExtension(fileName), out var known) ? known.Format : null;

    /// <summary>The media type for a file name, <c>application/octet-stream</c> when unknown.</summary>
    public static string MediaTypeOf(string fileName) =>
        Known.TryGetValue(Path.GetExtension(fileName), out var known) ? known.MediaType
        : MediaTypes.TryGetContentType(fileName, out var type) ? type
        : "application/octet-stream";

    /// <summary>A file name safe in a URL path and a Content-Disposition header: letters, digits, <c>.</c>, <c>-</c>, <c>_</c>.</summary>
    public static string SafeFileName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        var safe = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]).Trim('.');
        if (safe.Length > 120)
        {
            var extension = Path.GetExtension(safe);
            safe = safe[..(120 - Math.Min(extension.Length, 20))] + extension[..Math.Min(extension.Length, 20)];
        }

        return safe.Length == 0 ? "datei" : safe;
    }
}
