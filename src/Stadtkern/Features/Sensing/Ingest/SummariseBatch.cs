namespace Stadtkern.Features.Sensing.Ingest;

/// <summary>What one batch changes on a datastream: extents widen, latest moves forward, the count grows.</summary>
internal sealed record DatastreamChange(
    long DatastreamId,
    DateTimeOffset PhenomenonStart,
    DateTimeOffset PhenomenonEnd,
    DateTimeOffset? ResultStart,
    DateTimeOffset? ResultEnd,
    long LatestId,
    DateTimeOffset LatestTime,
    string LatestResult,
    long Count);

/// <summary>One hourly (resolution 1) or daily (2) bucket's share of a batch, merged into <c>sensing_aggregates</c>.</summary>
internal sealed record AggregateDelta(long DatastreamId, short Resolution, DateTimeOffset BucketStart, long Count, double Sum, double Min, double Max);

/// <summary>Folds the rows a batch actually inserted into per-datastream changes and aggregate deltas (pure).</summary>
internal static class SummariseBatch
{
    public const short Hour = 1;
    public const short Day = 2;

    public static (List<DatastreamChange> Changes, List<AggregateDelta> Aggregates) Of(IReadOnlyList<(ObservationRow Row, long Id)> inserted)
    {
        var changes = new Dictionary<long, DatastreamChange>();
        var buckets = new Dictionary<(long, short, DateTimeOffset), AggregateDelta>();
        foreach (var (row, id) in inserted)
        {
            var end = row.PhenomenonTimeEnd ?? row.PhenomenonTimeStart;
            if (!changes.TryGetValue(row.DatastreamId, out var c))
            {
                changes[row.DatastreamId] = new DatastreamChange(row.DatastreamId, row.PhenomenonTimeStart, end, row.ResultTime, row.ResultTime,
                    id, row.PhenomenonTimeStart, row.ResultJson(), 1);
            }
            else
            {
                var newer = row.PhenomenonTimeStart > c.LatestTime || (row.PhenomenonTimeStart == c.LatestTime && id > c.LatestId);
                changes[row.DatastreamId] = c with
                {
                    PhenomenonStart = Min(c.PhenomenonStart, row.PhenomenonTimeStart),
                    PhenomenonEnd = Max(c.PhenomenonEnd, end),
                    ResultStart = MinOrNull(c.ResultStart, row.ResultTime),
                    ResultEnd = MaxOrNull(c.ResultEnd, row.ResultTime),
                    LatestId = newer ? id : c.LatestId,
                    LatestTime = newer ? row.PhenomenonTimeStart : c.LatestTime,
                    LatestResult = newer ? row.ResultJson() : c.LatestResult,
                    Count = c.Count + 1,
                };
            }

            if (row.Kind == ResultKind.Number && row.Number is { } value)
            {
                Add(buckets, row.DatastreamId, Hour, HourOf(row.PhenomenonTimeStart), value);
                Add(buckets, row.DatastreamId, Day, DayOf(row.PhenomenonTimeStart), value);
            }
        }

        return ([.. changes.Values.OrderBy(c => c.DatastreamId)],
            [.. buckets.Values.OrderBy(b => b.DatastreamId).ThenBy(b => b.Resolution).ThenBy(b => b.BucketStart)]);
    }

    /// <summary>Buckets are UTC hours and UTC days.</summary>
    public static DateTimeOffset HourOf(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);

    public static DateTimeOffset DayOf(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerDay), TimeSpan.Zero);

    private static void Add(Dictionary<(long, short, DateTimeOffset), AggregateDelta> buckets, long datastream, short resolution, DateTimeOffset start, double value)
    {
        var key = (datastream, resolution, start);
        buckets[key] = buckets.TryGetValue(key, out var b)
            ? b with { Count = b.Count + 1, Sum = b.Sum + value, Min = Math.Min(b.Min, value), Max = Math.Max(b.Max, value) }
            : new AggregateDelta(datastream, resolution, start, 1, value, value, value);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    private static DateTimeOffset? MinOrNull(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : Min(a.Value, b.Value);

    private static DateTimeOffset? MaxOrNull(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : Max(a.Value, b.Value);
}
