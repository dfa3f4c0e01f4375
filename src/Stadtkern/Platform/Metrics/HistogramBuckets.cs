using System.Diagnostics.Metrics;

namespace Stadtkern.Platform.Metrics;

internal static class HistogramBuckets
{
    /// <summary>Request-latency buckets in seconds, matching what ASP.NET Core advises for its own durations.</summary>
    public static readonly double[] DefaultSeconds =
        [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    public static double[] For(Instrument instrument)
    {
        var advised = instrument switch
        {
            Instrument<double> i => Convert(i.Advice?.HistogramBucketBoundaries, v => v),
            Instrument<float> i => Convert(i.Advice?.HistogramBucketBoundaries, v => v),
            Instrument<long> i => Convert(i.Advice?.HistogramBucketBoundaries, v => v),
            Instrument<int> i => Convert(i.Advice?.HistogramBucketBoundaries, v => v),
            Instrument<short> i => Convert(i.Advice?.HistogramBucketBoundaries, v => v),
            Instrument<byte> i => Convert(i.Advice?.HistogramBucketBoundaries, v => v),
            Instrument<decimal> i => Convert(i.Advice?.HistogramBucketBoundaries, v => (double)v),
            _ => null,
        };

        return advised ?? DefaultSeconds;
    }

    private static double[]? Convert<T>(IReadOnlyList<T>? bounds, Func<T, double> toDouble)
    {
        if (bounds is null)
        {
            return null;
        }

        // The BCL already enforces ascending, distinct advice; an infinite bound would repeat the implicit +Inf bucket.
        return [.. bounds.Select(toDouble).Where(double.IsFinite)];
    }
}
