using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stadtkern.Features.Catalog.Ckan;

/// <summary>Reads CKAN parameters of loose types (numbers as text, lists as JSON text) and collects errors by field.</summary>
internal sealed class CkanJson(JsonObject parameters)
{
    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public JsonObject Parameters { get; } = parameters;

    public bool Has(string key) => Parameters.ContainsKey(key);

    public void Fail(string field, string message)
    {
        Errors[field] = Errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
    }

    /// <summary>Throws CKAN's validation error when any reading failed.</summary>
    public void ThrowIfInvalid()
    {
        if (Errors.Count > 0)
        {
            throw CkanException.Validation(Errors);
        }
    }

    /// <summary>A text value; numbers and booleans as their text, null for a missing or null value.</summary>
    public string? Text(string key) => Text(Parameters[key], key);

    public string? Text(JsonNode? node, string field)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonValue value when value.TryGetValue<string>(out var text):
                return text;
            case JsonValue value when value.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                return value.ToJsonString();
            default:
                Fail(field, "Muss ein Text sein.");
                return null;
        }
    }

    /// <summary>Any value as text: strings as they are, objects and lists as JSON (CKAN extras hold JSON text).</summary>
    public static string AsText(JsonNode? node) => node switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.ToJsonString(),
    };

    /// <summary>A list: a JSON array, JSON text of an array (query strings, forms), or one plain value.</summary>
    public JsonArray? List(string key)
    {
        var node = Parameters[key];
        switch (node)
        {
            case null:
                return null;
            case JsonArray array:
                return array;
            case JsonValue value when value.TryGetValue<string>(out var text):
                var trimmed = text.Trim();
                if (trimmed.StartsWith('['))
                {
                    try
                    {
                        if (JsonNode.Parse(trimmed) is JsonArray parsed)
                        {
                            return parsed;
                        }
                    }
                    catch (JsonException)
                    {
                        // reported below
                    }

                    Fail(key, "Keine gültige Liste (JSON-Array erwartet).");
                    return null;
                }

                return trimmed.Length == 0 ? [] : [trimmed];
            default:
                Fail(key, "Muss eine Liste sein.");
                return null;
        }
    }

    public bool? Bool(string key)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "1")
        {
            return true;
        }

        if (text.Equals("false", StringComparison.OrdinalIgnoreCase) || text == "0" || text.Length == 0)
        {
            return false;
        }

        Fail(key, "Muss true oder false sein.");
        return null;
    }

    public long? Long(JsonNode? node, string field)
    {
        var text = Text(node, field);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number == Math.Floor(number) && Math.Abs(number) < 9e15)
        {
            return (long)number;
        }

        Fail(field, "Muss eine ganze Zahl sein.");
        return null;
    }

    /// <summary>An integer parameter with CKAN's lenience: text accepted, values above <paramref name="max"/> capped.</summary>
    public int Int(string key, int fallback, int min, int max)
    {
        var value = Long(Parameters[key], key);
        if (value is null)
        {
            return fallback;
        }

        if (value < min)
        {
            Fail(key, $"Muss mindestens {min.ToString(CultureInfo.InvariantCulture)} sein.");
            return fallback;
        }

        return (int)Math.Min(value.Value, max);
    }

    public DateOnly? Date(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return DateOnly.FromDateTime(instant.UtcDateTime);
        }

        Fail(field, "Kein gültiges Datum (JJJJ-MM-TT).");
        return null;
    }

    public DateTimeOffset? Instant(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return instant;
        }

        Fail(field, "Kein gültiger Zeitpunkt (ISO 8601).");
        return null;
    }
}
