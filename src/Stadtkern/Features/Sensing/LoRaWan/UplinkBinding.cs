using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stadtkern.Features.Sensing.LoRaWan;

/// <summary>A Datastream bound to a LoRaWAN field: <c>properties.lorawan.field</c> of the Datastream.</summary>
internal sealed record BoundDatastream(long DatastreamId, string Field);

/// <summary>The value one bound Datastream takes from an uplink, or why it takes none.</summary>
internal sealed record FieldValue(long DatastreamId, string Field, JsonNode? Value);

/// <summary>
/// Picks the values of bound fields out of an uplink (pure). Field names are paths into the decoded object, dot-separated
/// for nested objects (<c>soil.tension_30</c>) with numeric segments indexing arrays (<c>values.0</c>); a key that itself
/// contains dots is found first. <c>$rssi</c>, <c>$snr</c> and <c>$gateways</c> are radio metadata; <c>$battery</c> is the
/// decoded <c>battery</c> field, else the battery level the network server reported.
/// </summary>
internal static class UplinkBinding
{
    public static string? ReadProperty(string? propertiesJson, string name)
    {
        if (string.IsNullOrWhiteSpace(propertiesJson))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(propertiesJson) is JsonObject o && o["lorawan"] is JsonObject lorawan
                && lorawan[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String
                ? v.GetValue<string>()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static IReadOnlyList<FieldValue> Values(Uplink uplink, JsonObject? decoded, IEnumerable<BoundDatastream> datastreams) =>
        datastreams.Select(d => new FieldValue(d.DatastreamId, d.Field, Value(uplink, decoded, d.Field))).ToList();

    public static JsonNode? Value(Uplink uplink, JsonObject? decoded, string field) => field switch
    {
        "$rssi" => Number(uplink.Rssi),
        "$snr" => Number(uplink.Snr),
        "$gateways" => JsonValue.Create((double)uplink.GatewayCount),
        "$fcnt" => JsonValue.Create((double)uplink.FCnt),
        "$battery" => decoded?["battery"] is JsonValue battery && battery.GetValueKind() == JsonValueKind.Number
            ? battery.DeepClone()
            : Number(uplink.Battery),
        _ => Lookup(decoded, field)?.DeepClone(),
    };

    private static JsonValue? Number(double? value) => value is { } v ? JsonValue.Create(v) : null;

    private static JsonNode? Lookup(JsonObject? decoded, string path)
    {
        if (decoded is null)
        {
            return null;
        }

        if (decoded.TryGetPropertyValue(path, out var direct))
        {
            return direct;
        }

        JsonNode? node = decoded;
        foreach (var segment in path.Split('.'))
        {
            node = node switch
            {
                JsonObject o => o.TryGetPropertyValue(segment, out var child) ? child : null,
                JsonArray a when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < a.Count => a[index],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }
}
