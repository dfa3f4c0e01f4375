using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stadtkern.Features.Sensing.Ingest;

/// <summary>One dataArray row: the observation, or null when the row itself is malformed (answered with "error").</summary>
internal sealed record DataArrayRow(IncomingObservation? Observation, string? Problem);

/// <summary>
/// Reads a CreateObservations body into observations (pure). A malformed group is a 400; a malformed row is one "error".
/// The body is read with <see cref="Utf8JsonReader"/> straight from its UTF-8 bytes (no document object model): a first pass
/// checks that the whole body is JSON and reads each group's <c>Datastream</c> and <c>components</c>, remembering where its
/// <c>dataArray</c> lies (members may come in any order); a second pass turns each dataArray row into an observation.
/// </summary>
internal static class ParseDataArray
{
    public sealed record Parsed(List<DataArrayRow> Rows, string? Error);

    /// <summary>The body is not JSON (or not UTF-8).</summary>
    public sealed class NotJsonException(string message) : Exception(message);

    /// <summary>Parses a body; throws <see cref="NotJsonException"/> when it is not valid JSON.</summary>
    public static Parsed Parse(ReadOnlySpan<byte> utf8, DateTimeOffset now)
    {
        List<Group> groups;
        string? error;
        try
        {
            (groups, error) = ReadGroups(utf8);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new NotJsonException(e.Message);
        }

        if (error is not null)
        {
            return new Parsed([], error);
        }

        var rows = new List<DataArrayRow>(groups.Sum(g => g.RowHint));
        try
        {
            foreach (var group in groups)
            {
                ReadRows(utf8[group.DataStart..group.DataEnd], group, now, rows);
            }
        }
        catch (InvalidOperationException e)
        {
            // A string that is not valid UTF-8.
            throw new NotJsonException(e.Message);
        }

        return new Parsed(rows, null);
    }

    /// <summary>For tests and callers holding a parsed document.</summary>
    public static Parsed Parse(JsonElement root, DateTimeOffset now) => Parse(Encoding.UTF8.GetBytes(root.GetRawText()), now);

    private sealed class Group
    {
        public long DatastreamId;
        public bool HasDatastream;
        public bool HasMulti;
        public bool ComponentsIsArray;
        public string? BadComponent;
        public List<string>? Components;
        public int[] Kinds = [];
        public bool DataIsArray;
        public int DataStart;
        public int DataEnd;
        public int RowHint;
    }

    private const int KindId = 0, KindPhenomenonTime = 1, KindResultTime = 2, KindResult = 3, KindResultQuality = 4, KindValidTime = 5,
        KindParameters = 6, KindFeatureOfInterest = 7;

    private static int KindOf(string component) => component switch
    {
        "phenomenonTime" => KindPhenomenonTime,
        "resultTime" => KindResultTime,
        "result" => KindResult,
        "resultQuality" => KindResultQuality,
        "validTime" => KindValidTime,
        "parameters" => KindParameters,
        "FeatureOfInterest/id" => KindFeatureOfInterest,
        _ => KindId,
    };

    /// <summary>First pass: the whole body must be JSON; each group's header is read and its dataArray located.</summary>
    private static (List<Group> Groups, string? Error) ReadGroups(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var groups = new List<Group>();
        if (!reader.Read())
        {
            throw new JsonException("The body is empty.");
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            ReadToEnd(ref reader);
            return (groups, "The body must be a JSON array of DataArray groups.");
        }

        string? error = null;
        var g = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            g++;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                error ??= $"Group {g} is not an object.";
                reader.Skip();
                continue;
            }

            var group = ReadGroup(ref reader);
            error ??= Check(group, g);
            groups.Add(group);
        }

        ReadToEnd(ref reader);
        return (groups, error);
    }

    private static void ReadToEnd(ref Utf8JsonReader reader)
    {
        while (reader.Read())
        {
            // Trailing content makes the reader throw.
        }
    }

    private static Group ReadGroup(ref Utf8JsonReader reader)
    {
        var group = new Group();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("MultiDatastream"u8))
            {
                group.HasMulti = true;
                reader.Read();
                reader.Skip();
            }
            else if (reader.ValueTextEquals("Datastream"u8))
            {
                reader.Read();
                group.HasDatastream = false;
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isId = reader.ValueTextEquals("@iot.id"u8);
                    reader.Read();
                    if (isId)
                    {
                        group.HasDatastream = TryId(ref reader, out group.DatastreamId);
                    }

                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("components"u8))
            {
                reader.Read();
                group.ComponentsIsArray = reader.TokenType == JsonTokenType.StartArray;
                group.Components = [];
                group.BadComponent = null;
                if (!group.ComponentsIsArray)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (group.BadComponent is null && reader.TokenType == JsonTokenType.String && reader.GetString() is { } name
                        && CreateObservations.IsKnownComponent(name))
                    {
                        group.Components.Add(name);
                    }
                    else
                    {
                        group.BadComponent ??= RawText(ref reader);
                        reader.Skip();
                    }
                }
            }
            else if (reader.ValueTextEquals("dataArray"u8))
            {
                reader.Read();
                group.DataIsArray = reader.TokenType == JsonTokenType.StartArray;
                group.DataStart = (int)reader.TokenStartIndex;
                reader.Skip();
                group.DataEnd = (int)reader.BytesConsumed;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return group;
    }

    /// <summary>The group checks, in the order the answer names the first failing one.</summary>
    private static string? Check(Group group, int g)
    {
        if (group.HasMulti)
        {
            return $"Group {g}: MultiDatastreams are not supported.";
        }

        if (!group.HasDatastream)
        {
            return $"Group {g} needs \"Datastream\": {{\"@iot.id\": <id>}}.";
        }

        if (!group.ComponentsIsArray || group.Components is null)
        {
            return $"Group {g} needs a \"components\" array.";
        }

        if (group.BadComponent is not null)
        {
            return $"Group {g}: unknown component {group.BadComponent}.";
        }

        if (!group.Components.Contains("result") || group.Components.Distinct(StringComparer.Ordinal).Count() != group.Components.Count)
        {
            return $"Group {g}: components must name \"result\" and each component once.";
        }

        if (!group.DataIsArray)
        {
            return $"Group {g} needs a \"dataArray\" array.";
        }

        group.Kinds = [.. group.Components.Select(KindOf)];
        group.RowHint = Math.Min(100_000, (group.DataEnd - group.DataStart) / 24);
        return null;
    }

    /// <summary>Second pass over one group's dataArray.</summary>
    private static void ReadRows(ReadOnlySpan<byte> data, Group group, DateTimeOffset now, List<DataArrayRow> rows)
    {
        var reader = new Utf8JsonReader(data);
        reader.Read(); // [
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            rows.Add(Row(ref reader, data, group, now));
        }
    }

    /// <summary>One row; leaves the reader on its last token.</summary>
    private static DataArrayRow Row(ref Utf8JsonReader reader, ReadOnlySpan<byte> data, Group group, DateTimeOffset now)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return new DataArrayRow(null, "row does not match the components");
        }

        DateTimeOffset start = now;
        DateTimeOffset? end = null, resultTime = null, validStart = null, validEnd = null;
        JsonNode? result = null;
        string? quality = null, parameters = null, problem = null;
        long? foi = null;
        var kinds = group.Kinds;
        var i = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (i >= kinds.Length || problem is not null)
            {
                i++;
                reader.Skip();
                continue;
            }

            var token = reader.TokenType;
            switch (kinds[i++])
            {
                case KindPhenomenonTime:
                    if (token != JsonTokenType.Null && !TryInterval(ref reader, out start, out end, allowInstant: true))
                    {
                        problem = "bad phenomenonTime";
                    }

                    break;
                case KindResultTime:
                    if (token == JsonTokenType.String)
                    {
                        if (TryInstant(ref reader, out var t))
                        {
                            resultTime = t;
                        }
                        else
                        {
                            problem = "bad resultTime";
                        }
                    }
                    else if (token != JsonTokenType.Null)
                    {
                        problem = "bad resultTime";
                    }

                    break;
                case KindValidTime:
                    if (token != JsonTokenType.Null)
                    {
                        if (TryInterval(ref reader, out var vs, out var ve, allowInstant: false))
                        {
                            (validStart, validEnd) = (vs, ve);
                        }
                        else
                        {
                            problem = "bad validTime";
                        }
                    }

                    break;
                case KindResult:
                    switch (token)
                    {
                        case JsonTokenType.Null:
                            result = null;
                            break;
                        case JsonTokenType.Number:
                            if (reader.TryGetDouble(out var number) && double.IsFinite(number))
                            {
                                result = JsonValue.Create(number);
                            }
                            else
                            {
                                problem = "result is not a finite number";
                            }

                            break;
                        case JsonTokenType.True:
                            result = JsonValue.Create(true);
                            break;
                        case JsonTokenType.False:
                            result = JsonValue.Create(false);
                            break;
                        case JsonTokenType.String:
                            result = JsonValue.Create(reader.GetString());
                            break;
                        default:
                            result = JsonNode.Parse(Raw(ref reader, data));
                            break;
                    }

                    break;
                case KindResultQuality:
                    quality = token == JsonTokenType.Null ? null : Encoding.UTF8.GetString(Raw(ref reader, data));
                    break;
                case KindParameters:
                    if (token == JsonTokenType.StartObject)
                    {
                        parameters = Encoding.UTF8.GetString(Raw(ref reader, data));
                    }
                    else if (token != JsonTokenType.Null)
                    {
                        problem = "parameters must be an object";
                    }

                    break;
                case KindFeatureOfInterest:
                    if (token != JsonTokenType.Null)
                    {
                        if (TryId(ref reader, out var f))
                        {
                            foi = f;
                        }
                        else
                        {
                            problem = "bad FeatureOfInterest/id";
                        }
                    }

                    break;
                default:
                    break; // "id": client-chosen ids are not supported; the server assigns them
            }

            reader.Skip(); // past a nested value not read above (no-op for a scalar)
        }

        if (i != kinds.Length)
        {
            return new DataArrayRow(null, "row does not match the components");
        }

        return problem is not null
            ? new DataArrayRow(null, problem)
            : new DataArrayRow(new IncomingObservation(group.DatastreamId, start, end, resultTime, result, quality, validStart, validEnd, parameters, foi), null);
    }

    /// <summary>The bytes of the current value (an object or array is read to its end).</summary>
    private static ReadOnlySpan<byte> Raw(ref Utf8JsonReader reader, ReadOnlySpan<byte> data)
    {
        var from = (int)reader.TokenStartIndex;
        reader.Skip();
        return data[from..(int)reader.BytesConsumed];
    }

    /// <summary>The current value as JSON text (for messages).</summary>
    private static string RawText(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => JsonSerializer.Serialize(reader.GetString()),
        JsonTokenType.StartObject => "{…}",
        JsonTokenType.StartArray => "[…]",
        _ => Encoding.UTF8.GetString(reader.ValueSpan),
    };

    private static bool TryId(ref Utf8JsonReader reader, out long id)
    {
        id = 0;
        return reader.TokenType switch
        {
            JsonTokenType.Number => reader.TryGetInt64(out id),
            JsonTokenType.String => long.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out id),
            _ => false,
        };
    }

    /// <summary>The common case first: one ISO 8601 instant in UTC, read from the UTF-8 bytes by System.Text.Json's parser.</summary>
    private static bool TryFastUtc(ref Utf8JsonReader reader, out DateTimeOffset value)
    {
        value = default;
        return !reader.ValueIsEscaped && reader.ValueSpan is { Length: > 0 } span && span[^1] == (byte)'Z' && reader.TryGetDateTimeOffset(out value);
    }

    private static bool TryInstant(ref Utf8JsonReader reader, out DateTimeOffset value) =>
        TryFastUtc(ref reader, out value) || TryTime(reader.GetString()!, out value);

    private static bool TryInterval(ref Utf8JsonReader reader, out DateTimeOffset start, out DateTimeOffset? end, bool allowInstant)
    {
        start = default;
        end = null;
        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        if (TryFastUtc(ref reader, out start))
        {
            return allowInstant;
        }

        var text = reader.GetString()!;
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
