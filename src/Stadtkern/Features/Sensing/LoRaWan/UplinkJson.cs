using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stadtkern.Features.Sensing.LoRaWan;

/// <summary>Reading helpers shared by the network-server formats.</summary>
internal static class UplinkJson
{
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };

    public static JsonObject? ParseObject(string body, out string? problem)
    {
        problem = null;
        try
        {
            if (JsonNode.Parse(body, NodeOptions, new JsonDocumentOptions { MaxDepth = 64 }) is JsonObject o)
            {
                return o;
            }

            problem = "The body must be a JSON object.";
        }
        catch (JsonException e)
        {
            problem = $"The body is not valid JSON: {e.Message}";
        }

        return null;
    }

    public static JsonNode? Path(JsonNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            node = node is JsonObject o && o.TryGetPropertyValue(key, out var child) ? child : null;
        }

        return node;
    }

    public static string? String(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>A number, or a number in a string (protobuf's JSON mapping writes 64-bit integers as strings).</summary>
    public static double? Number(JsonNode? node)
    {
        if (node is not JsonValue v)
        {
            return null;
        }

        return v.GetValueKind() switch
        {
            JsonValueKind.Number => v.GetValue<double>(),
            JsonValueKind.String when double.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        };
    }

    /// <summary>An integer field; <paramref name="ok"/> is false when present but not a non-negative integer.</summary>
    public static long? Integer(JsonNode? node, out bool ok)
    {
        ok = true;
        if (node is null)
        {
            return null;
        }

        var d = Number(node);
        if (d is null || d < 0 || d != Math.Floor(d.Value) || d > uint.MaxValue)
        {
            ok = false;
            return null;
        }

        return (long)d.Value;
    }

    public static byte[]? Base64(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text.Trim(), buffer, out var written) ? buffer[..written] : null;
    }

    /// <summary>16 uppercase hex digits from hex (with optional separators) or, as ChirpStack v3's protobuf JSON sends it, base64.</summary>
    public static string? DevEui(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var hex = text.Trim().Replace("-", "", StringComparison.Ordinal).Replace(":", "", StringComparison.Ordinal);
        if (hex.Length == 16 && hex.All(char.IsAsciiHexDigit))
        {
            return hex.ToUpperInvariant();
        }

        return Base64(text) is { Length: 8 } bytes ? Convert.ToHexString(bytes) : null;
    }

    /// <summary>RFC 3339 with up to nine fractional digits (Go's time format), normalised to UTC.</summary>
    public static DateTimeOffset? Timestamp(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var s = text.Trim();
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < s.Length && char.IsAsciiDigit(s[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                s = s[..(dot + 8)] + s[end..];
            }
        }

        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value.ToUniversalTime()
            : null;
    }

    public static (double? Rssi, double? Snr, int Count) BestSignal(JsonArray? gateways, string rssiField, params string[] snrFields)
    {
        double? rssi = null;
        double? snr = null;
        var count = 0;
        foreach (var gateway in gateways ?? [])
        {
            if (gateway is not JsonObject)
            {
                continue;
            }

            count++;
            if (Number(Path(gateway, rssiField)) is { } r && (rssi is null || r > rssi))
            {
                rssi = r;
            }

            foreach (var field in snrFields)
            {
                if (Number(Path(gateway, field)) is { } s && (snr is null || s > snr))
                {
                    snr = s;
                }
            }
        }

        return (rssi, snr, count);
    }
}
