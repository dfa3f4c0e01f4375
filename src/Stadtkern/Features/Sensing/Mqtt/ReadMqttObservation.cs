using System.Text.Json;
using System.Text.Json.Nodes;
using Stadtkern.Features.Sensing.Api;
using Stadtkern.Features.Sensing.Ingest;
using Stadtkern.Features.Sensing.Model;
using static Stadtkern.Features.Sensing.Api.BodyValues;

namespace Stadtkern.Features.Sensing.Mqtt;

/// <summary>
/// Reads the common MQTT message, an Observation with only plain properties (<c>phenomenonTime</c>, <c>resultTime</c>,
/// <c>result</c>, <c>resultQuality</c>, <c>validTime</c>, <c>parameters</c>), into what the observation writer takes, with the same
/// rules as <c>POST /v1.1/Datastreams(n)/Observations</c>. Anything else (a FeatureOfInterest or Datastream in the body, unknown
/// keys, no result) returns null and goes the full way through <see cref="WriteEntities"/>, which handles or refuses it.
/// </summary>
internal static class ReadMqttObservation
{
    private static readonly HashSet<string> Plain = new(StringComparer.Ordinal)
    {
        "phenomenonTime", "resultTime", "result", "resultQuality", "validTime", "parameters",
    };

    /// <summary>
    /// The most common message, <c>{"phenomenonTime": "...", "resultTime": "...", "result": 21.5}</c> with a number, string,
    /// boolean or null result, read straight from the payload without building a JSON tree. False: the payload is anything
    /// else (also invalid JSON); read it with <see cref="TryRead"/> from the parsed tree, which gives the same result or the
    /// error. Throws <see cref="SensingException"/> (400) on a bad time.
    /// </summary>
    public static bool TryReadPlain(ReadOnlySpan<byte> payload, long datastreamId, DateTimeOffset now, out IncomingObservation? observation)
    {
        observation = null;
        string? phenomenon = null;
        string? resultTime = null;
        JsonNode? result = null;
        var hasResult = false;
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    return false;
                }

                if (reader.ValueTextEquals("phenomenonTime"u8) || reader.ValueTextEquals("resultTime"u8))
                {
                    var isPhenomenon = reader.ValueTextEquals("phenomenonTime"u8);
                    if (!reader.Read() || reader.TokenType != JsonTokenType.String || (isPhenomenon ? phenomenon : resultTime) is not null)
                    {
                        return false;
                    }

                    if (isPhenomenon)
                    {
                        phenomenon = reader.GetString();
                    }
                    else
                    {
                        resultTime = reader.GetString();
                    }
                }
                else if (reader.ValueTextEquals("result"u8))
                {
                    if (!reader.Read() || hasResult)
                    {
                        return false;
                    }

                    hasResult = true;
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.Number when reader.TryGetDouble(out var number) && double.IsFinite(number):
                            result = JsonValue.Create(number);
                            break;
                        case JsonTokenType.String:
                            result = JsonValue.Create(reader.GetString());
                            break;
                        case JsonTokenType.True or JsonTokenType.False:
                            result = JsonValue.Create(reader.TokenType == JsonTokenType.True);
                            break;
                        case JsonTokenType.Null:
                            result = null;
                            break;
                        default:
                            return false;
                    }
                }
                else
                {
                    return false;
                }
            }

            // Anything after the object makes the payload invalid JSON: the tree reader reports it.
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return false;
            }
        }
        catch (JsonException)
        {
            return false;
        }

        if (!hasResult)
        {
            return false;
        }

        var interval = phenomenon is null ? (now, null) : ParseInterval(phenomenon, "phenomenonTime");
        DateTimeOffset? resultInstant = resultTime is null ? null : ParseInstant(resultTime, "resultTime");
        observation = new IncomingObservation(datastreamId, interval.Start, interval.End, resultInstant, result, null, null, null, null, null);
        return true;
    }

    /// <summary>The observation without its FeatureOfInterest; null: not a plain message. Throws <see cref="SensingException"/> (400)
    /// on a bad value.</summary>
    public static IncomingObservation? TryRead(JsonObject body, long datastreamId, DateTimeOffset now)
    {
        if (!body.ContainsKey("result"))
        {
            return null;
        }

        foreach (var (key, _) in body)
        {
            if (!Plain.Contains(key))
            {
                return null;
            }
        }

        var phenomenon = Interval(body, "phenomenonTime") ?? (now, null);
        var valid = Interval(body, "validTime");
        var result = body["result"]?.DeepClone();
        try
        {
            ObservationResults.Encode(result);
        }
        catch (FormatException e)
        {
            throw SensingException.BadRequest("Observation: " + e.Message);
        }

        return new IncomingObservation(datastreamId, phenomenon.Start, phenomenon.End, Instant(body, "resultTime"), result,
            AnyText(body, "resultQuality"), valid?.Start, valid?.End, ObjectText(body, "parameters"), null);
    }
}
