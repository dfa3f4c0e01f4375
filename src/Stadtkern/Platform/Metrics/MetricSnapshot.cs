namespace Stadtkern.Platform.Metrics;

internal enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>One Prometheus metric family as read at scrape time; label keys are still OTel tag names.</summary>
internal sealed record MetricFamily(string Name, MetricType Type, string? Help, IReadOnlyList<MetricPoint> Points);

internal sealed record MetricPoint(
    IReadOnlyList<KeyValuePair<string, string>> Labels,
    double Value,
    HistogramPoint? Histogram = null);

/// <summary>
/// <see cref="CumulativeCounts"/> has one entry per finite bound; <see cref="Count"/> is the <c>+Inf</c> bucket.
/// </summary>
internal sealed record HistogramPoint(
    IReadOnlyList<double> Bounds,
    IReadOnlyList<long> CumulativeCounts,
    double Sum,
    long Count);
