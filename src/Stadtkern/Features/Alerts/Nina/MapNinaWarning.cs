using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Stadtkern.Features.Alerts.Cap;

namespace Stadtkern.Features.Alerts.Nina;

/// <summary>
/// Maps a warning of the api31 (<c>/warnings/{id}.json</c>, CAP 1.2 written as JSON: identifier, sender, sent, status,
/// msgType, scope, references, info[] with area[]) and its area geometry (<c>/warnings/{id}.geojson</c>) to a CAP alert.
/// Missing required CAP fields get CAP's neutral values (Unknown, Other, Public); HTML in texts becomes plain text.
/// </summary>
internal static partial class MapNinaWarning
{
    public const string FallbackSender = "nina@warnung.bund.de";

    /// <exception cref="NinaFormatException">Not a warning object, or without identifier or sent time.</exception>
    public static CapAlert Map(JsonElement warning, JsonElement? geoJson, string warningId)
    {
        if (warning.ValueKind != JsonValueKind.Object)
        {
            throw new NinaFormatException($"Warning {warningId}: the response is not a JSON object.");
        }

        var identifier = Text(warning, "identifier") ?? warningId;
        var sent = Time(warning, "sent") ?? throw new NinaFormatException($"Warning {warningId}: no valid 'sent' time.");
        var infos = new List<CapInfo>();
        if (warning.TryGetProperty("info", out var infoArray) && infoArray.ValueKind == JsonValueKind.Array)
        {
            foreach (var info in infoArray.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object))
            {
                infos.Add(MapInfo(info));
            }
        }

        var polygons = geoJson is { } geo ? Polygons(geo) : [];
        if (polygons.Count > 0)
        {
            infos = [.. infos.Select(i => i with { Areas = WithPolygons(i.Areas, polygons) })];
        }

        return new CapAlert(
            Identifier: Clip(identifier, 200),
            Sender: Clip(Text(warning, "sender") is { Length: > 0 } s && !s.Any(c => c is ' ' or ',' or '<' or '&') ? s : FallbackSender, 200),
            Sent: sent,
            Status: OneOf(Text(warning, "status"), "Actual", "Actual", "Exercise", "System", "Test", "Draft"),
            MsgType: OneOf(Text(warning, "msgType"), "Alert", "Alert", "Update", "Cancel", "Ack", "Error"),
            Scope: OneOf(Text(warning, "scope"), "Public", "Public", "Restricted", "Private"),
            Source: Text(warning, "source"),
            Restriction: Text(warning, "restriction"),
            Addresses: Text(warning, "addresses"),
            Codes: Strings(warning, "code"),
            Note: Text(warning, "note"),
            References: (Text(warning, "references") ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries),
            Incidents: Text(warning, "incidents"),
            Infos: infos);
    }

    /// <summary>
    /// Fits an upstream message into the chain stored here: the first message we see of a warning becomes an Alert (the
    /// source's Update may refer to messages from before our first import; a Cancel of a warning we never had is dropped:
    /// null); a later one becomes an Update or Cancel that references the message stored here.
    /// </summary>
    public static CapAlert? IntoChain(CapAlert alert, string? storedSender, string? storedIdentifier, DateTimeOffset? storedSent)
    {
        if (storedIdentifier is null || storedSender is null || storedSent is null)
        {
            return alert.MsgType switch
            {
                "Cancel" => null,
                "Alert" => alert,
                _ => alert with { MsgType = "Alert", References = [] },
            };
        }

        var reference = $"{storedSender},{storedIdentifier},{CapTime(storedSent.Value)}";
        return alert with
        {
            MsgType = alert.MsgType == "Cancel" ? "Cancel" : "Update",
            References = [reference],
            Identifier = alert.Identifier == storedIdentifier ? Clip(alert.Identifier + "." + alert.Sent.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), 200) : alert.Identifier,
        };
    }

    /// <summary>CAP dateTime: seconds, numeric offset.</summary>
    public static string CapTime(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>The Cancel message for a warning the source no longer lists (the API keeps no record of withdrawn ones).</summary>
    public static CapAlert CancelFor(string warningId, string? sender, DateTimeOffset now, string reason) =>
        new(
            Identifier: Clip(warningId + ".cancel." + now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), 200),
            Sender: sender is { Length: > 0 } ? sender : FallbackSender,
            Sent: now,
            Status: "Actual",
            MsgType: "Cancel",
            Scope: "Public",
            Source: "nina",
            Restriction: null,
            Addresses: null,
            Codes: [],
            Note: reason,
            References: [],
            Incidents: null,
            Infos: []);

    /// <summary>Every area code of the warning (geocodes and the MoWaS parameter <c>warnVerwaltungsbereiche</c>), for the region filter.</summary>
    public static IEnumerable<string> AreaCodes(CapAlert alert)
    {
        foreach (var info in alert.Infos)
        {
            foreach (var area in info.Areas)
            {
                foreach (var code in area.Geocodes)
                {
                    yield return code.Value;
                }
            }

            foreach (var parameter in info.Parameters.Where(p => string.Equals(p.ValueName, "warnVerwaltungsbereiche", StringComparison.OrdinalIgnoreCase)))
            {
                foreach (var code in parameter.Value.Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries))
                {
                    yield return code;
                }
            }
        }
    }

    private static CapInfo MapInfo(JsonElement info)
    {
        var areas = new List<CapArea>();
        if (info.TryGetProperty("area", out var areaArray) && areaArray.ValueKind == JsonValueKind.Array)
        {
            foreach (var area in areaArray.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.Object))
            {
                areas.Add(new CapArea(
                    Clip(PlainText(Text(area, "areaDesc")) ?? "Gebiet", 1000),
                    Strings(area, "polygon").Where(IsClosedPolygon).ToList(),
                    Strings(area, "circle"),
                    Values(area, "geocode")));
            }
        }

        var headline = PlainText(Text(info, "headline"));
        var categories = Strings(info, "category");
        return new CapInfo(
            Language: Language(Text(info, "language")),
            Categories: categories.Count > 0 ? categories : ["Other"],
            Event: Clip(PlainText(Text(info, "event")) ?? headline ?? "Warnung", 200),
            ResponseTypes: Strings(info, "responseType"),
            Urgency: OneOf(Text(info, "urgency"), "Unknown", "Immediate", "Expected", "Future", "Past", "Unknown"),
            Severity: OneOf(Text(info, "severity"), "Unknown", "Extreme", "Severe", "Moderate", "Minor", "Unknown"),
            Certainty: OneOf(Text(info, "certainty"), "Unknown", "Observed", "Likely", "Possible", "Unlikely", "Unknown"),
            Audience: Text(info, "audience"),
            EventCodes: Values(info, "eventCode"),
            Effective: Time(info, "effective"),
            Onset: Time(info, "onset"),
            Expires: Time(info, "expires"),
            SenderName: PlainText(Text(info, "senderName")),
            Headline: headline is null ? null : Clip(headline, 500),
            Description: PlainText(Text(info, "description")),
            Instruction: PlainText(Text(info, "instruction")),
            Web: Uri.TryCreate(Text(info, "web"), UriKind.Absolute, out var web) ? web.ToString() : null,
            Contact: PlainText(Text(info, "contact")),
            Parameters: Values(info, "parameter"),
            Resources: [],
            Areas: areas);
    }

    /// <summary>CAP polygons ("lat,lon lat,lon …", closed, at least four points) of every Polygon and MultiPolygon outer ring.</summary>
    internal static List<string> Polygons(JsonElement geoJson)
    {
        var result = new List<string>();
        Collect(geoJson, result, depth: 0);
        return result;
    }

    private static void Collect(JsonElement node, List<string> result, int depth)
    {
        if (node.ValueKind != JsonValueKind.Object || depth > 8)
        {
            return;
        }

        switch (Text(node, "type"))
        {
            case "FeatureCollection" when node.TryGetProperty("features", out var features) && features.ValueKind == JsonValueKind.Array:
                foreach (var feature in features.EnumerateArray())
                {
                    Collect(feature, result, depth + 1);
                }

                break;
            case "Feature" when node.TryGetProperty("geometry", out var geometry):
                Collect(geometry, result, depth + 1);
                break;
            case "GeometryCollection" when node.TryGetProperty("geometries", out var geometries) && geometries.ValueKind == JsonValueKind.Array:
                foreach (var geometry in geometries.EnumerateArray())
                {
                    Collect(geometry, result, depth + 1);
                }

                break;
            case "Polygon" when node.TryGetProperty("coordinates", out var rings) && rings.ValueKind == JsonValueKind.Array:
                AddRing(rings, result);
                break;
            case "MultiPolygon" when node.TryGetProperty("coordinates", out var polygons) && polygons.ValueKind == JsonValueKind.Array:
                foreach (var polygon in polygons.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Array))
                {
                    AddRing(polygon, result);
                }

                break;
        }
    }

    private static void AddRing(JsonElement rings, List<string> result)
    {
        var outer = rings.EnumerateArray().FirstOrDefault();
        if (outer.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var points = new List<(double Lat, double Lon)>();
        foreach (var position in outer.EnumerateArray())
        {
            if (position.ValueKind == JsonValueKind.Array && position.GetArrayLength() >= 2
                && position[0].ValueKind == JsonValueKind.Number && position[1].ValueKind == JsonValueKind.Number)
            {
                var lon = position[0].GetDouble();
                var lat = position[1].GetDouble();
                if (lat is >= -90 and <= 90 && lon is >= -180 and <= 180)
                {
                    points.Add((lat, lon));
                }
            }
        }

        if (points.Count >= 3 && points[0] != points[^1])
        {
            points.Add(points[0]);
        }

        if (points.Count < 4)
        {
            return;
        }

        result.Add(string.Join(' ', points.Select(p =>
            p.Lat.ToString("0.######", CultureInfo.InvariantCulture) + "," + p.Lon.ToString("0.######", CultureInfo.InvariantCulture))));
    }

    /// <summary>The geometry belongs to the warning as a whole: one area gets it all; with several, the first area carries it.</summary>
    private static List<CapArea> WithPolygons(IReadOnlyList<CapArea> areas, List<string> polygons)
    {
        if (areas.Count == 0)
        {
            return [new CapArea("Warngebiet", polygons, [], [])];
        }

        var result = areas.ToList();
        result[0] = result[0] with { Polygons = [.. result[0].Polygons, .. polygons] };
        return result;
    }

    private static bool IsClosedPolygon(string polygon)
    {
        var points = polygon.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return points.Length >= 4 && points[0] == points[^1];
    }

    private static string Language(string? value) =>
        value is null || value.Length == 0 ? "de-DE"
        : value.Equals("DE", StringComparison.OrdinalIgnoreCase) || value.Equals("de", StringComparison.OrdinalIgnoreCase) ? "de-DE"
        : value.Equals("EN", StringComparison.OrdinalIgnoreCase) ? "en-US"
        : value;

    private static string OneOf(string? value, string fallback, params string[] allowed) =>
        allowed.FirstOrDefault(a => string.Equals(a, value?.Trim(), StringComparison.OrdinalIgnoreCase)) ?? fallback;

    private static string? Text(JsonElement element, string name) => NinaLists.Text(element, name);

    /// <summary>Times are kept as UTC (the same instant; stored as timestamptz).</summary>
    private static DateTimeOffset? Time(JsonElement element, string name) =>
        DateTimeOffset.TryParse(Text(element, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value.ToUniversalTime() : null;

    private static List<string> Strings(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return [];
        }

        return value.ValueKind switch
        {
            JsonValueKind.Array => [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).Where(v => v.Length > 0)],
            JsonValueKind.String when value.GetString() is { Length: > 0 } single => [single],
            _ => [],
        };
    }

    private static List<CapValue> Values(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. value.EnumerateArray()
            .Select(v => (Name: Text(v, "valueName"), Value: Text(v, "value")))
            .Where(v => !string.IsNullOrEmpty(v.Name) && v.Value is not null)
            .Select(v => new CapValue(v.Name!, v.Value!))];
    }

    /// <summary>Line breaks for &lt;br/&gt; and paragraphs, no tags, entities decoded.</summary>
    internal static string? PlainText(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return null;
        }

        var text = LineBreak().Replace(html, "\n");
        text = Tag().Replace(text, "");
        text = WebUtility.HtmlDecode(text);
        var lines = text.Split('\n').Select(l => Spaces().Replace(l, " ").Trim());
        var builder = new StringBuilder();
        foreach (var line in lines)
        {
            if (line.Length == 0 && (builder.Length == 0 || builder.ToString().EndsWith("\n\n", StringComparison.Ordinal)))
            {
                continue;
            }

            builder.Append(line).Append('\n');
        }

        var result = builder.ToString().Trim();
        return result.Length == 0 ? null : result;
    }

    private static string Clip(string value, int length) => value.Length <= length ? value : value[..length];

    [GeneratedRegex(@"<\s*(br|/p|p)\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LineBreak();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex(@"[ \t\r\f\v]+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();
}
