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
        // Mutable accumulators, one per datastream and bucket: a batch of thousands of rows allocates per datastream, not per row.
        var changes = new Dictionary<long, Change>();
        var buckets = new Dictionary<(long, short, long), Bucket>();
        foreach (var (row, id) in inserted)
        {
            var end = row.PhenomenonTimeEnd ?? row.PhenomenonTimeStart;
            if (!changes.TryGetValue(row.DatastreamId, out var c))
            {
                changes[row.DatastreamId] = new Change
                {
                    PhenomenonStart = row.PhenomenonTimeStart,
                    PhenomenonEnd = end,
                    ResultStart = row.ResultTime,
                    ResultEnd = row.ResultTime,
                    Latest = row,
                    LatestId = id,
                    Count = 1,
                };
            }
            else
            {
                if (row.PhenomenonTimeStart > c.Latest.PhenomenonTimeStart || (row.PhenomenonTimeStart == c.Latest.PhenomenonTimeStart && id > c.LatestId))
                {
                    c.Latest = row;
                    c.LatestId = id;
                }

                c.PhenomenonStart = Min(c.PhenomenonStart, row.PhenomenonTimeStart);
                c.PhenomenonEnd = Max(c.PhenomenonEnd, end);
                c.ResultStart = MinOrNull(c.ResultStart, row.ResultTime);
                c.ResultEnd = MaxOrNull(c.ResultEnd, row.ResultTime);
                c.Count++;
            }

            if (row.Kind == ResultKind.Number && row.Number is { } value)
            {
                Add(buckets, row.DatastreamId, Hour, HourOf(row.PhenomenonTimeStart), value);
                Add(buckets, row.DatastreamId, Day, DayOf(row.PhenomenonTimeStart), value);
            }
        }

        return ([.. changes.OrderBy(p => p.Key).Select(p => new DatastreamChange(p.Key, p.Value.PhenomenonStart, p.Value.PhenomenonEnd,
                p.Value.ResultStart, p.Value.ResultEnd, p.Value.LatestId, p.Value.Latest.PhenomenonTimeStart, p.Value.Latest.ResultJson(), p.Value.Count))],
            [.. buckets.OrderBy(p => p.Key.Item1).ThenBy(p => p.Key.Item2).ThenBy(p => p.Key.Item3)
                .Select(p => new AggregateDelta(p.Key.Item1, p.Key.Item2, new DateTimeOffset(p.Key.Item3, TimeSpan.Zero), p.Value.Count, p.Value.Sum, p.Value.Min, p.Value.Max))]);
    }

    /// <summary>Buckets are UTC hours and UTC days.</summary>
    public static DateTimeOffset HourOf(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);

    public static DateTimeOffset DayOf(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerDay), TimeSpan.Zero);

    private static void Add(Dictionary<(long, short, long), Bucket> buckets, long datastream, short resolution, DateTimeOffset start, double value)
    {
        var key = (datastream, resolution, start.UtcTicks);
        if (buckets.TryGetValue(key, out var b))
        {
            b.Count++;
            b.Sum += value;
            b.Min = Math.Min(b.Min, value);
            b.Max = Math.Max(b.Max, value);
        }
        else
        {
            buckets[key] = new Bucket { Count = 1, Sum = value, Min = value, Max = value };
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    private static DateTimeOffset? MinOrNull(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : Min(a.Value, b.Value);

    private static DateTimeOffset? MaxOrNull(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : Max(a.Value, b.Value);

    private sealed class Change
    {
        public DateTimeOffset PhenomenonStart;
        public DateTimeOffset PhenomenonEnd;
        public DateTimeOffset? ResultStart;
        public DateTimeOffset? ResultEnd;
        public required ObservationRow Latest;
        public long LatestId;
        public long Count;
    }

    private sealed class Bucket
    {
        public long Count;
        public double Sum;
        public double Min;
        public double Max;
    }
}
