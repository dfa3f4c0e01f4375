namespace Stadtkern.Platform.Metrics;

/// <summary>The running aggregate of one instrument (or same-named instruments) for one tag set.</summary>
internal abstract class MetricSeries(TagSet tags)
{
    public TagSet Tags { get; } = tags;

    /// <summary>Set when an observable callback reports this series; series not reported in a scrape are stale.</summary>
    public bool Observed { get; set; }

    public abstract void Record(double value);

    public abstract MetricPoint Snapshot(IReadOnlyList<KeyValuePair<string, string>> labels);

    protected static void AddAtomic(ref double location, double value)
    {
        var current = Volatile.Read(ref location);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref location, current + value, current);

            // Compare bits, not values: NaN != NaN would otherwise spin forever.
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
            {
                return;
            }

            current = seen;
        }
    }
}

internal sealed class SumSeries(TagSet tags, bool monotonic) : MetricSeries(tags)
{
    private double sum;

    public override void Record(double value)
    {
        // A counter that went down or became NaN would read as a reset to Prometheus' rate().
        if (monotonic && !(value >= 0))
        {
            return;
        }

        AddAtomic(ref sum, value);
    }

    public override MetricPoint Snapshot(IReadOnlyList<KeyValuePair<string, string>> labels) =>
        new(labels, Volatile.Read(ref sum));
}

internal sealed class LastValueSeries(TagSet tags) : MetricSeries(tags)
{
    private double value;

    public override void Record(double value) => Volatile.Write(ref this.value, value);

    public override MetricPoint Snapshot(IReadOnlyList<KeyValuePair<string, string>> labels) =>
        new(labels, Volatile.Read(ref value));
}

internal sealed class HistogramSeries(TagSet tags, double[] bounds) : MetricSeries(tags)
{
    // Per-bucket (not cumulative) counts so a measurement touches one slot; the last slot is the +Inf overflow.
    private readonly long[] counts = new long[bounds.Length + 1];
    private double sum;

    public override void Record(double value)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        var index = Array.BinarySearch(bounds, value);

        // A miss yields the complement of the first bound greater than the value: that bucket's "le" holds it.
        Interlocked.Increment(ref counts[index >= 0 ? index : ~index]);
        AddAtomic(ref sum, value);
    }

    public override MetricPoint Snapshot(IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        var cumulative = new long[bounds.Length];
        long running = 0;
        for (var i = 0; i < bounds.Length; i++)
        {
            running += Volatile.Read(ref counts[i]);
            cumulative[i] = running;
        }

        // Count is derived from the buckets so that +Inf always equals _count within one scrape.
        running += Volatile.Read(ref counts[bounds.Length]);
        return new MetricPoint(labels, running, new HistogramPoint(bounds, cumulative, Volatile.Read(ref sum), running));
    }
}
