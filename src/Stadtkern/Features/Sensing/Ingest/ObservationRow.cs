using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stadtkern.Features.Sensing.Ingest;

/// <summary>How a result is stored (<c>sensing_observations.result_kind</c>).</summary>
internal enum ResultKind : short
{
    Null = 0,
    Number = 1,
    String = 2,
    Boolean = 3,
    Json = 4,
}

/// <summary>An observation as it goes into <c>sensing_observations</c>: times in UTC cut to whole milliseconds
/// (so what PostgreSQL's RETURNING and SQLite give back is exactly this), the result split by kind, and its hash.</summary>
internal sealed record ObservationRow(
    long DatastreamId,
    DateTimeOffset PhenomenonTimeStart,
    DateTimeOffset? PhenomenonTimeEnd,
    DateTimeOffset? ResultTime,
    ResultKind Kind,
    double? Number,
    string? Text,
    string? Json,
    string? ResultQuality,
    DateTimeOffset? ValidTimeStart,
    DateTimeOffset? ValidTimeEnd,
    string? Parameters,
    long? FeatureOfInterestId,
    long Hash)
{
    /// <summary>The duplicate rule: same datastream, same phenomenon time start, same result hash.</summary>
    public (long, long, long) Key => (DatastreamId, PhenomenonTimeStart.UtcTicks, Hash);

    /// <summary>Normalises one incoming observation; null when it cannot be stored (a non-finite number).</summary>
    public static ObservationRow? From(IncomingObservation o)
    {
        ResultKind kind;
        double? number = null;
        string? text = null;
        string? json = null;
        long hash;
        var valueKind = o.Result is null ? JsonValueKind.Null : o.Result.GetValueKind();
        switch (valueKind)
        {
            case JsonValueKind.Number:
                kind = ResultKind.Number;
                number = NumberOf(o.Result!);
                if (!double.IsFinite(number.Value))
                {
                    return null;
                }

                hash = ResultHash.OfNumber(number.Value);
                break;
            case JsonValueKind.String:
                kind = ResultKind.String;
                text = o.Result!.GetValue<string>();
                hash = ResultHash.Of(o.Result);
                break;
            case JsonValueKind.True or JsonValueKind.False:
                kind = ResultKind.Boolean;
                number = valueKind == JsonValueKind.True ? 1 : 0;
                hash = ResultHash.Fnv(valueKind == JsonValueKind.True ? "true" : "false");
                break;
            case JsonValueKind.Object or JsonValueKind.Array:
                kind = ResultKind.Json;
                json = o.Result!.ToJsonString();
                hash = ResultHash.Of(o.Result);
                break;
            default:
                kind = ResultKind.Null;
                hash = ResultHash.Fnv("null");
                break;
        }

        return new ObservationRow(o.DatastreamId, Cut(o.PhenomenonTimeStart), CutOrNull(o.PhenomenonTimeEnd), CutOrNull(o.ResultTime),
            kind, number, text, json, o.ResultQualityJson, CutOrNull(o.ValidTimeStart), CutOrNull(o.ValidTimeEnd), o.ParametersJson,
            o.FeatureOfInterestId, hash);
    }

    /// <summary>The result as JSON text (for <c>latest_result</c>).</summary>
    public string ResultJson() => Kind switch
    {
        ResultKind.Number => ResultHash.Number(Number!.Value),
        ResultKind.String => Quote(Text!),
        ResultKind.Boolean => Number == 1 ? "true" : "false",
        ResultKind.Json => Json!,
        ResultKind.Null => "null",
        _ => "null",
    };

    public static double NumberOf(JsonNode node) =>
        node is JsonValue value && value.TryGetValue<double>(out var d)
            ? d
            : double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>UTC, cut to whole milliseconds like every stored time (StoredTime), so both databases keep exactly this value.</summary>
    public static DateTimeOffset Cut(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    private static DateTimeOffset? CutOrNull(DateTimeOffset? value) => value is { } v ? Cut(v) : null;

    private static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2);
        ResultHash.WriteString(builder, text);
        return builder.ToString();
    }
}
