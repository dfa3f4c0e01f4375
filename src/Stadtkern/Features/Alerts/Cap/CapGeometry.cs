using System.Globalization;
using System.Text.Json;

namespace Stadtkern.Features.Alerts.Cap;

/// <summary>CAP's coordinate strings (WGS 84, "lat,lon" pairs) parsed, and turned into GeoJSON (lon,lat) for maps and area matching.</summary>
internal static class CapGeometry
{
    /// <summary>Corners of the polygon a circle becomes in GeoJSON.</summary>
    private const int CircleSegments = 48;

    private const double EarthRadiusKm = 6371.0088;

    public static bool TryParsePoint(string text, out double lat, out double lon)
    {
        lat = lon = 0;
        var parts = text.Split(',');
        return parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out lat)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out lon)
            && lat is >= -90 and <= 90 && lon is >= -180 and <= 180;
    }

    /// <summary>The points of a polygon, or null when one of them is not a valid "lat,lon" pair.</summary>
    public static List<(double Lat, double Lon)>? ParsePolygon(string polygon)
    {
        var points = new List<(double, double)>();
        foreach (var pair in polygon.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TryParsePoint(pair, out var lat, out var lon))
            {
                return null;
            }

            points.Add((lat, lon));
        }

        return points;
    }

    /// <summary>Centre and radius (km) of a circle "lat,lon radius", or null when malformed.</summary>
    public static (double Lat, double Lon, double RadiusKm)? ParseCircle(string circle)
    {
        var parts = circle.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2
            && TryParsePoint(parts[0], out var lat, out var lon)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var radius)
            && radius >= 0 && double.IsFinite(radius)
            ? (lat, lon, radius)
            : null;
    }

    public static string FormatPoint(double lat, double lon) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Round(lat, 6)},{Math.Round(lon, 6)}");

    /// <summary>A GeoJSON GeometryCollection of every polygon and circle of every info's areas, or null when there is none.</summary>
    public static string? ToGeoJson(CapAlert alert)
    {
        var polygons = new List<double[][]>();
        foreach (var area in alert.Infos.SelectMany(i => i.Areas))
        {
            foreach (var polygon in area.Polygons)
            {
                if (ParsePolygon(polygon) is { Count: >= 4 } points)
                {
                    polygons.Add([.. points.Select(p => new[] { p.Lon, p.Lat })]);
                }
            }

            foreach (var circle in area.Circles)
            {
                if (ParseCircle(circle) is { } c)
                {
                    polygons.Add(CircleRing(c.Lat, c.Lon, c.RadiusKm));
                }
            }
        }

        if (polygons.Count == 0)
        {
            return null;
        }

        var geometry = new
        {
            type = "GeometryCollection",
            geometries = polygons.Select(ring => new { type = "Polygon", coordinates = new[] { ring } }),
        };
        return JsonSerializer.Serialize(geometry);
    }

    private static double[][] CircleRing(double lat, double lon, double radiusKm)
    {
        var ring = new double[CircleSegments + 1][];
        var angular = Math.Max(radiusKm, 0.001) / EarthRadiusKm;
        var latRad = lat * Math.PI / 180;
        var lonRad = lon * Math.PI / 180;
        for (var i = 0; i < CircleSegments; i++)
        {
            var bearing = 2 * Math.PI * i / CircleSegments;
            var pLat = Math.Asin((Math.Sin(latRad) * Math.Cos(angular)) + (Math.Cos(latRad) * Math.Sin(angular) * Math.Cos(bearing)));
            var pLon = lonRad + Math.Atan2(Math.Sin(bearing) * Math.Sin(angular) * Math.Cos(latRad), Math.Cos(angular) - (Math.Sin(latRad) * Math.Sin(pLat)));
            ring[i] = [Math.Round(pLon * 180 / Math.PI, 6), Math.Round(pLat * 180 / Math.PI, 6)];
        }

        ring[CircleSegments] = ring[0];
        return ring;
    }
}
