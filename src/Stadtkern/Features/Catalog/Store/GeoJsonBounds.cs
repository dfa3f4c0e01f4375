using System.Text.Json;

namespace Stadtkern.Features.Catalog.Store;

/// <summary>The bounding box of a GeoJSON geometry (or Feature/FeatureCollection), checked for WGS 84 ranges.</summary>
internal readonly record struct GeoJsonBounds(double MinLon, double MinLat, double MaxLon, double MaxLat)
{
    private static readonly HashSet<string> GeometryTypes = new(StringComparer.Ordinal)
    {
        "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection", "Feature", "FeatureCollection",
    };

    /// <summary>Parses <paramref name="geoJson"/>; returns null with a German reason when it is not a usable geometry.</summary>
    public static GeoJsonBounds? TryParse(string geoJson, out string? error)
    {
        error = null;
        try
        {
            using var document = JsonDocument.Parse(geoJson, new JsonDocumentOptions { MaxDepth = 64 });
            var box = new Accumulator();
            if (!Walk(document.RootElement, ref box, out error))
            {
                return null;
            }

            if (!box.Any)
            {
                error = "Die Geometrie enthält keine Koordinaten.";
                return null;
            }

            return new GeoJsonBounds(box.MinLon, box.MinLat, box.MaxLon, box.MaxLat);
        }
        catch (JsonException e)
        {
            error = "Kein gültiges GeoJSON: " + e.Message;
            return null;
        }
    }

    private static bool Walk(JsonElement element, ref Accumulator box, out string? error)
    {
        error = null;
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("type", out var type)
            || type.ValueKind != JsonValueKind.String
            || !GeometryTypes.Contains(type.GetString()!))
        {
            error = "GeoJSON braucht ein Objekt mit einem gültigen \"type\".";
            return false;
        }

        switch (type.GetString())
        {
            case "Feature":
                return element.TryGetProperty("geometry", out var geometry) && geometry.ValueKind == JsonValueKind.Object
                    ? Walk(geometry, ref box, out error)
                    : Fail("Das Feature hat keine Geometrie.", out error);
            case "FeatureCollection":
                if (!element.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
                {
                    return Fail("Die FeatureCollection hat keine \"features\".", out error);
                }

                foreach (var feature in features.EnumerateArray())
                {
                    if (!Walk(feature, ref box, out error))
                    {
                        return false;
                    }
                }

                return true;
            case "GeometryCollection":
                if (!element.TryGetProperty("geometries", out var geometries) || geometries.ValueKind != JsonValueKind.Array)
                {
                    return Fail("Die GeometryCollection hat keine \"geometries\".", out error);
                }

                foreach (var part in geometries.EnumerateArray())
                {
                    if (!Walk(part, ref box, out error))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return element.TryGetProperty("coordinates", out var coordinates)
                    ? Coordinates(coordinates, ref box, out error)
                    : Fail("Die Geometrie hat keine \"coordinates\".", out error);
        }
    }

    private static bool Coordinates(JsonElement element, ref Accumulator box, out string? error)
    {
        error = null;
        if (element.ValueKind != JsonValueKind.Array)
        {
            return Fail("Koordinaten müssen Listen sein.", out error);
        }

        if (element.GetArrayLength() >= 2 && element[0].ValueKind == JsonValueKind.Number)
        {
            var lon = element[0].GetDouble();
            var lat = element[1].GetDouble();
            if (lon is < -180 or > 180 || lat is < -90 or > 90)
            {
                return Fail("Koordinaten liegen außerhalb von WGS 84 (Länge −180…180, Breite −90…90).", out error);
            }

            box.Add(lon, lat);
            return true;
        }

        foreach (var child in element.EnumerateArray())
        {
            if (!Coordinates(child, ref box, out error))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }

    private struct Accumulator
    {
        public bool Any;
        public double MinLon;
        public double MinLat;
        public double MaxLon;
        public double MaxLat;

        public void Add(double lon, double lat)
        {
            if (!Any)
            {
                (MinLon, MaxLon, MinLat, MaxLat, Any) = (lon, lon, lat, lat, true);
                return;
            }

            MinLon = Math.Min(MinLon, lon);
            MaxLon = Math.Max(MaxLon, lon);
            MinLat = Math.Min(MinLat, lat);
            MaxLat = Math.Max(MaxLat, lat);
        }
    }
}
