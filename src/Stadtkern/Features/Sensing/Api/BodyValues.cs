using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stadtkern.Features.Sensing.Schema;

namespace Stadtkern.Features.Sensing.Api;

/// <summary>A GeoJSON value as given, its geometry (a Feature's geometry, or itself) and bounding box.</summary>
internal sealed record GeoValue(string Given, string Geometry, double MinX, double MinY, double MaxX, double MaxY);

/// <summary>Reads and checks the values of a SensorThings request body; every problem is a 400 with a message naming the field.</summary>
internal static class BodyValues
{
    /// <summary>Extension keys Stadtkern accepts beside the standard's properties.</summary>
    public const string AccessLevelKey = "accessLevel";

    public static void CheckKeys(JsonObject body, SensingEntitySet set)
    {
        foreach (var (key, _) in body)
        {
            if (key.Contains("@iot.", StringComparison.Ordinal)
                || (key == AccessLevelKey && (set == SensingSchema.Things || set == SensingSchema.Datastreams))
                || (key != "id" && set.FindProperty(key) is not null)
                || set.FindNavigation(key) is not null)
            {
                continue;
            }

            throw SensingException.BadRequest($"{set.EntityName} has no property '{key}'.");
        }
    }

    public static string RequiredString(JsonObject body, string name, string entity) =>
        OptionalString(body, name) ?? throw SensingException.BadRequest($"{entity}: '{name}' is required.");

    public static string? OptionalString(JsonObject body, string name)
    {
        var node = body[name];
        if (node is null)
        {
            return null;
        }

        return node.GetValueKind() == JsonValueKind.String
            ? node.GetValue<string>()
            : throw SensingException.BadRequest($"'{name}' must be a string.");
    }

    /// <summary>A JSON object (<c>properties</c>, <c>unitOfMeasurement</c>) as text; null when absent or null.</summary>
    public static string? ObjectText(JsonObject body, string name)
    {
        var node = body[name];
        if (node is null)
        {
            return null;
        }

        return node is JsonObject ? node.ToJsonString() : throw SensingException.BadRequest($"'{name}' must be a JSON object.");
    }

    /// <summary>Any JSON value (<c>resultQuality</c>) as text; null when absent or null.</summary>
    public static string? AnyText(JsonObject body, string name) => body[name]?.ToJsonString();

    public static DateTimeOffset? Instant(JsonObject body, string name)
    {
        var text = OptionalString(body, name);
        return text is null ? null : ParseInstant(text, name);
    }

    /// <summary>An instant (<c>2024-05-01T10:00:00Z</c>) or interval (<c>start/end</c>).</summary>
    public static (DateTimeOffset Start, DateTimeOffset? End)? Interval(JsonObject body, string name)
    {
        var text = OptionalString(body, name);
        return text is null ? null : ParseInterval(text, name);
    }

    /// <summary>The text of an instant or interval (see <see cref="Interval"/>); throws a 400 <see cref="SensingException"/> when invalid.</summary>
    public static (DateTimeOffset Start, DateTimeOffset? End) ParseInterval(string text, string name)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return (ParseInstant(text, name), null);
        }

        var start = ParseInstant(text[..slash], name);
        var end = ParseInstant(text[(slash + 1)..], name);
        return end < start ? throw SensingException.BadRequest($"'{name}': the interval ends before it starts.") : (start, end);
    }

    /// <summary>An interval as start and end (an instant: both the same); both null when absent.</summary>
    public static (DateTimeOffset? Start, DateTimeOffset? End) Span(JsonObject body, string name)
    {
        var interval = Interval(body, name);
        return interval is { } i ? (i.Start, i.End ?? i.Start) : (null, null);
    }

    public static DateTimeOffset ParseInstant(string text, string name)
    {
        if (text.Length < 10 || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            throw SensingException.BadRequest($"'{name}': '{text}' is not an ISO 8601 time.");
        }

        return value.ToUniversalTime();
    }

    /// <summary>The id of a nested <c>{"@iot.id": 5}</c> link; null when the object is an inline entity.</summary>
    public static long? LinkId(JsonObject node)
    {
        var id = node["@iot.id"];
        if (id is null)
        {
            return null;
        }

        return id.GetValueKind() == JsonValueKind.Number && id.AsValue().TryGetValue<long>(out var value)
            ? value
            : throw SensingException.BadRequest("'@iot.id' must be an integer.");
    }

    public static JsonObject AsObject(JsonNode? node, string what) =>
        node as JsonObject ?? throw SensingException.BadRequest($"{what} must be a JSON object.");

    public static IEnumerable<JsonObject> Objects(JsonObject body, string name)
    {
        var node = body[name];
        if (node is null)
        {
            return [];
        }

        return node is JsonArray array
            ? array.Select(n => AsObject(n, $"Each item of '{name}'")).ToList()
            : throw SensingException.BadRequest($"'{name}' must be an array.");
    }

    public static GeoValue Geo(JsonObject body, string name, bool required, string entity)
    {
        var node = body[name];
        if (node is null)
        {
            return required ? throw SensingException.BadRequest($"{entity}: '{name}' is required.") : null!;
        }

        var given = AsObject(node, $"'{name}'");
        var geometry = given["type"]?.GetValueKind() == JsonValueKind.String && given["type"]!.GetValue<string>() == "Feature"
            ? AsObject(given["geometry"], $"'{name}.geometry'")
            : given;
        var box = new double[] { double.MaxValue, double.MaxValue, double.MinValue, double.MinValue };
        CheckGeometry(geometry, box, name, 0);
        return new GeoValue(given.ToJsonString(), geometry.ToJsonString(), box[0], box[1], box[2], box[3]);
    }

    private static void CheckGeometry(JsonObject geometry, double[] box, string name, int depth)
    {
        if (depth > 8)
        {
            throw SensingException.BadRequest($"'{name}': geometry collections nest too deep.");
        }

        var type = geometry["type"] is { } t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null;
        if (type == "GeometryCollection")
        {
            var parts = geometry["geometries"] as JsonArray ?? throw SensingException.BadRequest($"'{name}': a GeometryCollection needs 'geometries'.");
            if (parts.Count == 0)
            {
                throw SensingException.BadRequest($"'{name}': an empty GeometryCollection has no location.");
            }

            foreach (var part in parts)
            {
                CheckGeometry(AsObject(part, $"'{name}' geometries"), box, name, depth + 1);
            }

            return;
        }

        var nesting = type switch
        {
            "Point" => 0,
            "LineString" or "MultiPoint" => 1,
            "Polygon" or "MultiLineString" => 2,
            "MultiPolygon" => 3,
            _ => throw SensingException.BadRequest($"'{name}' must be a GeoJSON geometry or Feature (type '{type}' is not one)."),
        };
        CheckCoordinates(geometry["coordinates"], nesting, type!, box, name);
    }

    private static void CheckCoordinates(JsonNode? node, int nesting, string type, double[] box, string name)
    {
        if (node is not JsonArray array)
        {
            throw SensingException.BadRequest($"'{name}': the coordinates of a {type} are not valid.");
        }

        if (nesting == 0)
        {
            if (array.Count is < 2 or > 3 || array.Any(n => n is null || n.GetValueKind() != JsonValueKind.Number || !double.IsFinite(n.GetValue<double>())))
            {
                throw SensingException.BadRequest($"'{name}': a position must be 2 or 3 numbers.");
            }

            var x = array[0]!.GetValue<double>();
            var y = array[1]!.GetValue<double>();
            box[0] = Math.Min(box[0], x);
            box[1] = Math.Min(box[1], y);
            box[2] = Math.Max(box[2], x);
            box[3] = Math.Max(box[3], y);
            return;
        }

        var minimum = (type, nesting) switch
        {
            ("LineString", 1) or ("MultiLineString", 1) => 2,
            ("Polygon", 1) or ("MultiPolygon", 1) => 4,
            _ => 1,
        };
        if (array.Count < minimum)
        {
            throw SensingException.BadRequest($"'{name}': a {type} has too few positions.");
        }

        foreach (var item in array)
        {
            CheckCoordinates(item, nesting - 1, type, box, name);
        }

        if (minimum == 4 && array[0]!.ToJsonString() != array[^1]!.ToJsonString())
        {
            throw SensingException.BadRequest($"'{name}': a polygon ring must end where it starts.");
        }
    }

    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
