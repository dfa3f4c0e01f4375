namespace Stadtkern.Features.Catalog.Vocabularies;

/// <summary>A file type of the EU file-type authority table with its IANA media type and usual extensions.</summary>
/// <para><c>Code</c>: The table's code, e.g. <c>CSV</c>, <c>WMS_SRVC</c>.</para>
/// <para><c>Label</c>: What people call it (shown in the UI, used as CKAN's resource format).</para>
/// <para><c>MediaType</c>: IANA media type; null for services that have none.</para>
/// <para><c>Extensions</c>: File name extensions without dot, lower case.</para>
/// <para><c>Aliases</c>: Other names harvested catalogues use for it (lower case).</para>
internal sealed record FileType(string Code, string Label, string? MediaType, IReadOnlyList<string> Extensions, IReadOnlyList<string> Aliases)
{
    public const string Scheme = "http://publications.europa.eu/resource/authority/file-type";
    public const string IanaMediaTypes = "https://www.iana.org/assignments/media-types/";

    public string Uri => Scheme + "/" + Code;

    /// <summary>The IANA registry IRI of the media type, the form dcat:mediaType needs in DCAT-AP.de.</summary>
    public string? MediaTypeUri => MediaType is null ? null : IanaMediaTypes + MediaType;
}

/// <summary>
/// The file types municipal data comes in (a subset of the EU table), with a lookup that understands codes,
/// IRIs, media types, extensions and free-text format names ("csv", "text/csv", "GeoJSON", "Excel").
/// </summary>
internal static class FileTypes
{
    public static IReadOnlyList<FileType> All { get; } =
    [
        new("CSV", "CSV", "text/csv", ["csv"], ["comma separated values"]),
        new("JSON", "JSON", "application/json", ["json"], []),
        new("GEOJSON", "GeoJSON", "application/geo+json", ["geojson"], ["geo+json", "application/vnd.geo+json"]),
        new("XML", "XML", "application/xml", ["xml"], ["text/xml"]),
        new("XLSX", "Excel XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ["xlsx"], ["excel", "ms excel"]),
        new("XLS", "Excel XLS", "application/vnd.ms-excel", ["xls"], []),
        new("ODS", "ODS", "application/vnd.oasis.opendocument.spreadsheet", ["ods"], ["opendocument spreadsheet"]),
        new("PDF", "PDF", "application/pdf", ["pdf"], []),
        new("HTML", "HTML", "text/html", ["html", "htm"], ["webseite", "website"]),
        new("ZIP", "ZIP", "application/zip", ["zip"], ["application/x-zip-compressed"]),
        new("SHP", "Shapefile", "application/vnd.shp", ["shp"], ["esri shapefile", "shape"]),
        new("KML", "KML", "application/vnd.google-earth.kml+xml", ["kml"], []),
        new("KMZ", "KMZ", "application/vnd.google-earth.kmz", ["kmz"], []),
        new("GML", "GML", "application/gml+xml", ["gml"], []),
        new("WMS_SRVC", "WMS", null, [], ["wms", "ogc wms"]),
        new("WFS_SRVC", "WFS", null, [], ["wfs", "ogc wfs"]),
        new("RDF_TURTLE", "Turtle", "text/turtle", ["ttl"], ["rdf turtle"]),
        new("RDF_XML", "RDF/XML", "application/rdf+xml", ["rdf"], ["rdf"]),
        new("JSON_LD", "JSON-LD", "application/ld+json", ["jsonld"], ["json ld"]),
        new("TXT", "Text", "text/plain", ["txt"], ["txt", "plain text"]),
        new("DOCX", "Word DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ["docx"], ["word"]),
        new("GTFS", "GTFS", "application/zip", [], ["gtfs"]),
        new("PNG", "PNG", "image/png", ["png"], []),
        new("JPEG", "JPEG", "image/jpeg", ["jpg", "jpeg"], ["jpg"]),
        new("TIFF", "TIFF", "image/tiff", ["tif", "tiff"], ["geotiff"]),
    ];

    /// <summary>By code or IRI only.</summary>
    public static FileType? FindByCode(string? codeOrUri) => Vocabulary.FindByCode(All, codeOrUri, FileType.Scheme, f => f.Code);

    /// <summary>By extension (with or without dot, or a file name).</summary>
    public static FileType? FindByExtension(string? fileNameOrExtension)
    {
        if (string.IsNullOrWhiteSpace(fileNameOrExtension))
        {
            return null;
        }
        var ext = fileNameOrExtension.Trim();
        var dot = ext.LastIndexOf('.');
        if (dot >= 0)
        {
            ext = ext[(dot + 1)..];
        }
        return All.FirstOrDefault(f => f.Extensions.Contains(ext, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>By media type, ignoring parameters such as <c>; charset=utf-8</c>.</summary>
    public static FileType? FindByMediaType(string? mediaType)
    {
        if (string.IsNullOrWhiteSpace(mediaType))
        {
            return null;
        }
        var mt = mediaType.Split(';', 2)[0].Trim();
        if (mt.StartsWith(FileType.IanaMediaTypes, StringComparison.OrdinalIgnoreCase))
        {
            mt = mt[FileType.IanaMediaTypes.Length..];
        }
        // GTFS shares application/zip with ZIP; a media type alone means ZIP
        return All.FirstOrDefault(f => string.Equals(f.MediaType, mt, StringComparison.OrdinalIgnoreCase))
            ?? All.FirstOrDefault(f => f.Aliases.Contains(mt, StringComparer.OrdinalIgnoreCase) && mt.Contains('/', StringComparison.Ordinal));
    }

    /// <summary>
    /// What a free-text format most likely means: a code or IRI, a media type, a label, an alias or an extension,
    /// in that order ("csv", "text/csv", "GeoJSON", ".xlsx", "OGC WMS").
    /// </summary>
    public static FileType? Find(string? format)
    {
        if (string.IsNullOrWhiteSpace(format))
        {
            return null;
        }
        var f = format.Trim();
        return FindByCode(f)
            ?? (f.Contains('/', StringComparison.Ordinal) ? FindByMediaType(f) : null)
            ?? All.FirstOrDefault(t => string.Equals(t.Label, f, StringComparison.OrdinalIgnoreCase))
            ?? All.FirstOrDefault(t => t.Aliases.Contains(f, StringComparer.OrdinalIgnoreCase))
            ?? FindByExtension(f);
    }
}
