using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stadtkern.Features.Sensing.Ingest;

/// <summary>One dataArray row: the observation, or null when the row itself is malformed (answered with "error").</summary>
internal sealed record DataArrayRow(IncomingObservation? Observation, string? Problem);

/// <summary>Reads a CreateObservations body into observations (pure). A malformed group is a 400; a malformed row is one "error".</summary>
internal static class ParseDataArray
{
    public sealed record Parsed(List<DataArrayRow> Rows, string? Error);

    public static Parsed Parse(JsonElement root, DateTimeOffset now)
    {
        var rows = new List<DataArrayRow>();
        var g = 0;
        foreach (var group in root.EnumerateArray())
        {
            g++;
            if (group.ValueKind != JsonValueKind.Object)
            {
                return new Parsed(rows, $"Group {g} is not an object.");
            }

            if (group.TryGetProperty("MultiDatastream", out _))
            {
                return new Parsed(rows, $"Group {g}: MultiDatastreams are not supported.");
            }

            if (!group.TryGetProperty("Datastream", out var datastream) || datastream.ValueKind != JsonValueKind.Object
                || !datastream.TryGetProperty("@iot.id", out var idElement) || !TryId(idElement, out var datastreamId))
            {
                return new Parsed(rows, $"Group {g} needs \"Datastream\": {{\"@iot.id\": <id>}}.");
            }

            if (!group.TryGetProperty("components", out var componentsElement) || componentsElement.ValueKind != JsonValueKind.Array)
            {
                return new Parsed(rows, $"Group {g} needs a \"components\" array.");
            }

            var components = new List<string>();
            foreach (var c in componentsElement.EnumerateArray())
            {
                if (c.ValueKind != JsonValueKind.String || !CreateObservations.IsKnownComponent(c.GetString()!))
                {
                    return new Parsed(rows, $"Group {g}: unknown component {c.GetRawText()}.");
                }

                components.Add(c.GetString()!);
            }

            if (!components.Contains("result") || components.Distinct(StringComparer.Ordinal).Count() != components.Count)
            {
                return new Parsed(rows, $"Group {g}: components must name \"result\" and each component once.");
            }

            if (!group.TryGetProperty("dataArray", out var data) || data.ValueKind != JsonValueKind.Array)
            {
                return new Parsed(rows, $"Group {g} needs a \"dataArray\" array.");
            }

            foreach (var values in data.EnumerateArray())
            {
                rows.Add(Row(datastreamId, components, values, now));
            }
        }

        return new Parsed(rows, null);
    }

    private static DataArrayRow Row(long datastreamId, List<string> components, JsonElement values, DateTimeOffset now)
    {
        if (values.ValueKind != JsonValueKind.Array || values.GetArrayLength() != components.Count)
        {
            return new DataArrayRow(null, "row does not match the components");
        }

        DateTimeOffset start = now;
        DateTimeOffset? end = null, resultTime = null, validStart = null, validEnd = null;
        JsonNode? result = null;
        string? quality = null, parameters = null;
        long? foi = null;
        var i = 0;
        foreach (var value in values.EnumerateArray())
        {
            switch (components[i++])
            {
                case "phenomenonTime":
                    if (value.ValueKind != JsonValueKind.Null)
                    {
                        if (!TryInterval(value, out start, out end, allowInstant: true))
                        {
                            return new DataArrayRow(null, "bad phenomenonTime");
                        }
                    }

                    break;
                case "resultTime":
                    if (value.ValueKind == JsonValueKind.String)
                    {
                        if (!TryTime(value.GetString()!, out var t))
                        {
                            return new DataArrayRow(null, "bad resultTime");
                        }

                        resultTime = t;
                    }
                    else if (value.ValueKind != JsonValueKind.Null)
                    {
                        return new DataArrayRow(null, "bad resultTime");
                    }

                    break;
                case "validTime":
                    if (value.ValueKind != JsonValueKind.Null)
                    {
                        if (!TryInterval(value, out var vs, out var ve, allowInstant: false))
                        {
                            return new DataArrayRow(null, "bad validTime");
                        }

                        (validStart, validEnd) = (vs, ve);
                    }

                    break;
                case "result":
                    result = value.ValueKind switch
                    {
                        JsonValueKind.Null => null,
                        JsonValueKind.Number => JsonValue.Create(value.GetDouble()),
                        JsonValueKind.True => JsonValue.Create(true),
                        JsonValueKind.False => JsonValue.Create(false),
                        JsonValueKind.String => JsonValue.Create(value.GetString()),
                        _ => JsonNode.Parse(value.GetRawText()),
                    };
                    break;
                case "resultQuality":
                    quality = value.ValueKind == JsonValueKind.Null ? null : value.GetRawText();
                    break;
                case "parameters":
                    if (value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                    {
                        return new DataArrayRow(null, "parameters must be an object");
                    }

                    parameters = value.ValueKind == JsonValueKind.Null ? null : value.GetRawText();
                    break;
                case "FeatureOfInterest/id":
                    if (value.ValueKind != JsonValueKind.Null)
                    {
                        if (!TryId(value, out var f))
                        {
                            return new DataArrayRow(null, "bad FeatureOfInterest/id");
                        }

                        foi = f;
                    }

                    break;
                default:
                    break; // "id": client-chosen ids are not supported; the server assigns them
            }
        }

        return new DataArrayRow(new IncomingObservation(datastreamId, start, end, resultTime, result, quality, validStart, validEnd, parameters, foi), null);
    }

    private static bool TryId(JsonElement element, out long id)
    {
        id = 0;
        return element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetInt64(out id),
            JsonValueKind.String => long.TryParse(element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out id),
            _ => false,
        };
    }

    private static bool TryInterval(JsonElement value, out DateTimeOffset start, out DateTimeOffset? end, bool allowInstant)
    {
        start = default;
        end = null;
        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        // The common case, one ISO 8601 instant in UTC, through System.Text.Json's fast parser.
        var text = value.GetString()!;
        if (text.EndsWith('Z') && value.TryGetDateTimeOffset(out start))
        {
            return allowInstant;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return allowInstant && TryTime(text, out start);
        }

        if (!TryTime(text[..slash], out start) || !TryTime(text[(slash + 1)..], out var e) || e < start)
        {
            return false;
        }

        end = e;
        return true;
    }

    /// <summary>ISO 8601 date-time with offset (<c>Z</c>, <c>+01:00</c> or <c>-0700</c>); without one it is taken as UTC.</summary>
    public static bool TryTime(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out value)
        && text.Length >= 10 && text[4] == '-';
}
