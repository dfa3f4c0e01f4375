using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Stadtkern.Features.Sensing.Api;
using Stadtkern.Features.Sensing.Ingest;
using Stadtkern.Features.Sensing.Query;
using Stadtkern.Features.Sensing.Schema;

namespace Stadtkern.Features.Sensing.Mqtt;

/// <summary>
/// The MQTT notification of a new Observation, written straight from what the observation writer stored
/// (<see cref="ObservationRow"/>: times cut to milliseconds, the result by kind) instead of being read back from the database.
/// The members, their order and their values are those of <c>GET /v1.1/Observations(id)</c> (<see cref="ReadEntities"/>,
/// <see cref="ColumnPlan"/>); only the text inside JSON members (<c>resultQuality</c>, <c>parameters</c>, an object result) is
/// as it was sent, where PostgreSQL's jsonb may give its keys back in another order. A test holds the two side by side.
/// </summary>
internal static class ObservationNotification
{
    private static readonly string[] Order = [.. SensingSchema.Observations.Properties.Where(p => p.Name != "id").Select(p => p.Name)];

    /// <summary>
    /// The JSON of observation <paramref name="id"/>, or null when it cannot have been stored (a non-finite number).
    /// <paramref name="scratch"/> is reused from call to call (one per publishing loop).
    /// </summary>
    public static byte[]? Write(long id, IncomingObservation observation, SensingLinks links, Scratch scratch)
    {
        if (ObservationRow.From(observation) is not { } row)
        {
            return null;
        }

        var (buffer, json) = scratch.Reset();
        var self = links.Entity(SensingSchema.Observations.Name, id);
        json.WriteStartObject();
        json.WriteNumber("@iot.id", id);
        json.WriteString("@iot.selfLink", self);
        foreach (var name in Order)
        {
            json.WritePropertyName(name);
            WriteProperty(json, name, row);
        }

        foreach (var navigation in SensingSchema.Observations.Navigations)
        {
            json.WriteString(navigation.Name + "@iot.navigationLink", self + "/" + navigation.Name);
        }

        json.WriteEndObject();
        json.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A buffer and a JSON writer over it, reset for every notification.</summary>
    public sealed class Scratch : IDisposable
    {
        private readonly ArrayBufferWriter<byte> buffer = new(1024);
        private readonly Utf8JsonWriter json;

        public Scratch() => json = new Utf8JsonWriter(buffer);

        public (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Json) Reset()
        {
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            return (buffer, json);
        }

        public void Dispose() => json.Dispose();
    }

    /// <summary>The collection topics (relative to <c>v1.1/</c>) of the entities a new Observation belongs to.</summary>
    public static IEnumerable<string> OwnerTopics(IncomingObservation observation)
    {
        yield return $"Datastreams({observation.DatastreamId.ToString(CultureInfo.InvariantCulture)})/Observations";
        if (observation.FeatureOfInterestId is { } feature)
        {
            yield return $"FeaturesOfInterest({feature.ToString(CultureInfo.InvariantCulture)})/Observations";
        }
    }

    private static void WriteProperty(Utf8JsonWriter json, string name, ObservationRow row)
    {
        switch (name)
        {
            case "phenomenonTime":
                ColumnPlan.WriteTime(json, row.PhenomenonTimeStart, row.PhenomenonTimeEnd);
                break;
            case "resultTime":
                ColumnPlan.WriteTime(json, row.ResultTime, null);
                break;
            case "result":
                WriteResult(json, row);
                break;
            case "resultQuality":
                WriteRaw(json, row.ResultQuality);
                break;
            case "validTime":
                ColumnPlan.WriteTime(json, row.ValidTimeStart, row.ValidTimeEnd);
                break;
            case "parameters":
                WriteRaw(json, row.Parameters);
                break;
            default:
                throw new InvalidOperationException($"The Observation property '{name}' has no MQTT notification writer.");
        }
    }

    private static void WriteResult(Utf8JsonWriter json, ObservationRow row)
    {
        switch (row.Kind)
        {
            case ResultKind.Number:
                json.WriteNumberValue(row.Number ?? 0);
                break;
            case ResultKind.Boolean:
                json.WriteBooleanValue(row.Number == 1);
                break;
            case ResultKind.String when row.Text is not null:
                json.WriteStringValue(row.Text);
                break;
            case ResultKind.Json when row.Json is not null:
                json.WriteRawValue(row.Json, skipInputValidation: false);
                break;
            default:
                json.WriteNullValue();
                break;
        }
    }

    private static void WriteRaw(Utf8JsonWriter json, string? text)
    {
        if (text is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteRawValue(text, skipInputValidation: false);
        }
    }
}
