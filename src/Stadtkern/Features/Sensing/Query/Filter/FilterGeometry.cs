using System.Text.Json;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Stadtkern.Features.Sensing.Query.Filter;

/// <summary>
/// Geometry helpers for the filter: checks and normalises WKT literals, and reads the stored GeoJSON geometries (the normalised
/// <c>geometry</c> columns) into NetTopologySuite geometries for the SQLite functions. Everything is EPSG:4326, x = longitude.
/// </summary>
internal static class FilterGeometry
{
    public const int Srid = 4326;

    private static readonly GeometryFactory Factory = NtsGeometryServices.Instance.CreateGeometryFactory(Srid);

    /// <summary>
    /// Parses a WKT literal (optionally with an <c>SRID=4326;</c> prefix) and returns it as normalised WKT, or throws a
    /// <see cref="SensingQueryException"/> naming <paramref name="position"/>.
    /// </summary>
    public static string NormaliseWkt(string text, int position)
    {
        var wkt = text.Trim();
        if (wkt.StartsWith("SRID=", StringComparison.OrdinalIgnoreCase))
        {
            var semicolon = wkt.IndexOf(';', StringComparison.Ordinal);
            if (semicolon < 0 || wkt[5..semicolon].Trim() != "4326")
            {
                throw FilterLexer.Error(position, "only SRID=4326 (WGS 84, longitude latitude) is supported");
            }

            wkt = wkt[(semicolon + 1)..];
        }

        var geometry = ReadWkt(wkt) ?? throw FilterLexer.Error(position, "the geometry is not valid WKT (e.g. POINT(10 53.5))");
        // LINEARRING is not WKT that PostGIS reads, and PostGIS' relation functions refuse geometry collections.
        if (geometry is LinearRing or GeometryCollection and not (MultiPoint or MultiLineString or MultiPolygon))
        {
            throw FilterLexer.Error(position, "use POINT, LINESTRING, POLYGON or their MULTI forms");
        }

        if (!IsValid(geometry))
        {
            throw FilterLexer.Error(position, "the geometry is not valid (self-intersecting or unclosed ring?)");
        }

        return new WKTWriter(2).Write(geometry);
    }

    private static bool IsValid(Geometry geometry)
    {
        try
        {
            return geometry.IsValid;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or TopologyException)
        {
            return false;
        }
    }

    /// <summary>Reads WKT, or null when it is not valid WKT.</summary>
    public static Geometry? ReadWkt(string wkt)
    {
        try
        {
            var geometry = new WKTReader(NtsGeometryServices.Instance).Read(wkt);
            geometry.SRID = Srid;
            return geometry.Coordinates.All(c => double.IsFinite(c.X) && double.IsFinite(c.Y)) ? geometry : null;
        }
        catch (Exception e) when (e is ParseException or ArgumentException or FormatException or InvalidOperationException or IndexOutOfRangeException
            or InvalidCastException or NullReferenceException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>Reads a GeoJSON geometry object (or a Feature, whose geometry is taken), or null when it is not one.</summary>
    public static Geometry? ReadGeoJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return ReadGeoJson(document.RootElement, 0);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Reads either encoding: GeoJSON when the text starts with '{', WKT otherwise (the SQLite functions get both).</summary>
    public static Geometry? Read(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return text.TrimStart()[0] == '{' ? ReadGeoJson(text) : ReadWkt(text);
    }

    private static Geometry? ReadGeoJson(JsonElement element, int depth)
    {
        if (element.ValueKind != JsonValueKind.Object || depth > 8 || !element.TryGetProperty("type", out var typeElement) ||
            typeElement.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var type = typeElement.GetString();
        if (type == "Feature")
        {
            return element.TryGetProperty("geometry", out var inner) ? ReadGeoJson(inner, depth + 1) : null;
        }

        if (type == "GeometryCollection")
        {
            if (!element.TryGetProperty("geometries", out var geometries) || geometries.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var parts = new List<Geometry>();
            foreach (var part in geometries.EnumerateArray())
            {
                parts.Add(ReadGeoJson(part, depth + 1) ?? throw new FormatException("bad member"));
            }

            return Factory.CreateGeometryCollection([.. parts]);
        }

        if (!element.TryGetProperty("coordinates", out var c) || c.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        return type switch
        {
            "Point" => Factory.CreatePoint(Position(c)),
            "MultiPoint" => Factory.CreateMultiPoint([.. c.EnumerateArray().Select(p => Factory.CreatePoint(Position(p)))]),
            "LineString" => Factory.CreateLineString(Positions(c)),
            "MultiLineString" => Factory.CreateMultiLineString([.. c.EnumerateArray().Select(l => Factory.CreateLineString(Positions(l)))]),
            "Polygon" => Polygon(c),
            "MultiPolygon" => Factory.CreateMultiPolygon([.. c.EnumerateArray().Select(Polygon)]),
            _ => null,
        };
    }

    private static Polygon Polygon(JsonElement rings)
    {
        var all = rings.EnumerateArray().Select(r => Factory.CreateLinearRing(Positions(r))).ToArray();
        if (all.Length == 0)
        {
            return Factory.CreatePolygon();
        }

        return Factory.CreatePolygon(all[0], all[1..]);
    }

    private static Coordinate[] Positions(JsonElement array) => [.. array.EnumerateArray().Select(Position)];

    private static Coordinate Position(JsonElement position)
    {
        if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2)
        {
            throw new FormatException("A GeoJSON position has at least two numbers.");
        }

        return new Coordinate(position[0].GetDouble(), position[1].GetDouble());
    }
}
