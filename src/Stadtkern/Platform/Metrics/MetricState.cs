using System.Collections.Concurrent;

namespace Stadtkern.Platform.Metrics;

/// <summary>
/// All series of one Prometheus metric. Instruments that map to the same name and kind (for example the same
/// meter created by two scopes) share one state, so the exposition never repeats a metric name.
/// </summary>
internal sealed class MetricState
{
    private readonly ConcurrentDictionary<TagSet, MetricSeries> series = new(TagSetComparer.Instance);
    private readonly ConcurrentDictionary<TagSet, MetricSeries>.AlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>> lookup;
    private readonly int maxSeries;
    private readonly double[] bounds;
    private int seriesCount;
    private long dropped;

    public MetricState(string name, MetricKind kind, string? help, double[] bounds, int maxSeries)
    {
        Name = name;
        Kind = kind;
        Help = help;
        this.bounds = bounds;
        this.maxSeries = maxSeries;
        lookup = series.GetAlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>>();
    }

    public string Name { get; }

    public MetricKind Kind { get; }

    public string? Help { get; }

    /// <summary>Measurements discarded because their tag set would have exceeded the series cap.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var target = Find(tags);
        if (target is null)
        {
            return;
        }

        target.Record(value);
        if (Kind.IsObservable)
        {
            target.Observed = true;
        }
    }

    /// <summary>Called before observable callbacks run, so that series nobody reports any more can be pruned.</summary>
    public void BeginObservation()
    {
        foreach (var entry in series)
        {
            entry.Value.Observed = false;
        }
    }

    public void PruneUnobserved()
    {
        foreach (var entry in series)
        {
            if (!entry.Value.Observed && series.TryRemove(entry))
            {
                Interlocked.Decrement(ref seriesCount);
            }
        }
    }

    public MetricFamily Snapshot()
    {
        var points = new List<MetricPoint>(series.Count);
        foreach (var entry in series)
        {
            points.Add(entry.Value.Snapshot(Labels(entry.Key)));
        }

        return new MetricFamily(Name, Kind.Type, Help, points);
    }

    private MetricSeries? Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (lookup.TryGetValue(tags, out var existing))
        {
            return existing;
        }

        if (Interlocked.Increment(ref seriesCount) > maxSeries)
        {
            Interlocked.Decrement(ref seriesCount);
            Interlocked.Increment(ref dropped);
            return null;
        }

        var key = TagSetComparer.Instance.Create(tags);
        MetricSeries created = Kind.Aggregation switch
        {
            Aggregation.Histogram => new HistogramSeries(key, bounds),
            Aggregation.Sum => new SumSeries(key, monotonic: Kind.Type == MetricType.Counter),
            _ => new LastValueSeries(key),
        };

        if (series.TryAdd(key, created))
        {
            return created;
        }

        // Another thread created the same series first; give back the slot reserved above.
        Interlocked.Decrement(ref seriesCount);
        return series.TryGetValue(key, out existing) ? existing : null;
    }

    private static KeyValuePair<string, string>[] Labels(TagSet tags)
    {
        var labels = new KeyValuePair<string, string>[tags.Tags.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            var tag = tags.Tags[i];
            labels[i] = new(tag.Key, LabelValue(tag.Value));
        }

        return labels;
    }

    private static string LabelValue(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
