namespace Stadtkern.Features.Sensing.Views;

/// <summary>Where a series' buckets come from: raw Observations, or the hourly or daily aggregates.</summary>
internal enum SeriesSource
{
    Raw,
    Hour,
    Day,
}

/// <summary>How to cut [<see cref="Origin"/>, to) into buckets of <see cref="BucketMilliseconds"/>, read from <see cref="Source"/>.</summary>
internal sealed record SeriesPlan(SeriesSource Source, DateTimeOffset Origin, long BucketMilliseconds);

/// <summary>
/// The downsampling rule, a pure decision. The bucket width is the range divided by the requested points, rounded up.
/// Narrower than one hour: buckets are computed from raw Observations, starting at <c>from</c>, width rounded up to whole
/// milliseconds. One hour up to one day: from the hourly aggregates, one day or more: from the daily aggregates; then the origin
/// is <c>from</c> rounded down to the hour (day, UTC) and the width a whole number of hours (days), so every aggregate falls
/// into exactly one bucket. Either way there are never more than the requested number of buckets.
/// </summary>
internal static class PlanSeries
{
    public const long Hour = 3_600_000;
    public const long Day = 86_400_000;

    public static SeriesPlan Plan(DateTimeOffset from, DateTimeOffset to, int points)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(to, from);
        var span = Milliseconds(to - from);
        var width = CeilDiv(span, points);
        if (width < Hour)
        {
            return new SeriesPlan(SeriesSource.Raw, from, Math.Max(1, width));
        }

        var (source, resolution) = width < Day ? (SeriesSource.Hour, Hour) : (SeriesSource.Day, Day);
        var origin = Floor(from, resolution);
        var alignedSpan = Milliseconds(to - origin);
        return new SeriesPlan(source, origin, CeilDiv(alignedSpan, points * resolution) * resolution);
    }

    /// <summary>The bucket number of an instant under a plan (what the SQL computes).</summary>
    public static long BucketOf(SeriesPlan plan, DateTimeOffset instant) =>
        (long)Math.Floor((instant - plan.Origin).TotalMilliseconds / plan.BucketMilliseconds);

    /// <summary>The resolution code of <c>sensing_aggregates</c> (1 = hour, 2 = day) for an aggregate source.</summary>
    public static short Resolution(SeriesSource source) => source switch
    {
        SeriesSource.Hour => 1,
        SeriesSource.Day => 2,
        SeriesSource.Raw => throw new ArgumentOutOfRangeException(nameof(source), "Raw series have no aggregate resolution."),
    };

    public static string Key(SeriesSource source) => source switch
    {
        SeriesSource.Raw => "raw",
        SeriesSource.Hour => "hour",
        SeriesSource.Day => "day",
    };

    private static DateTimeOffset Floor(DateTimeOffset instant, long resolution)
    {
        var utc = instant.ToUniversalTime();
        var ms = utc.ToUnixTimeMilliseconds();
        return DateTimeOffset.FromUnixTimeMilliseconds(ms - (((ms % resolution) + resolution) % resolution));
    }

    private static long Milliseconds(TimeSpan span) => (long)Math.Ceiling(span.TotalMilliseconds);

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;
}
