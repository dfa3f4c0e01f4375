using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace Stadtkern.Platform.Metrics;

/// <summary>
/// Listens to <see cref="System.Diagnostics.Metrics"/> instruments from allowed meters and keeps the aggregates a
/// Prometheus scrape needs. Synchronous instruments aggregate as they record; observable ones are read per scrape.
/// </summary>
internal sealed class PrometheusCollector : IDisposable
{
    public const int DefaultMaxSeriesPerMetric = 2000;

    public const string DroppedMeasurementsMetric = "stadtkern_metrics_dropped_measurements_total";

    public const string ObserveErrorsMetric = "stadtkern_metrics_observe_errors_total";

    public static readonly IReadOnlyList<string> DefaultMeterPrefixes =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Net.Http",
        "Stadtkern",
    ];

    private readonly string[] meterPrefixes;
    private readonly int maxSeriesPerMetric;
    private readonly object? meterScope;
    private readonly ConcurrentDictionary<string, MetricState> metrics = new(StringComparer.Ordinal);
    private readonly Lock scrapeLock = new();
    private readonly MeterListener listener;
    private long observeErrors;

    /// <param name="meterPrefixes">Meter names to listen to; a prefix matches itself and its dotted children.</param>
    /// <param name="maxSeriesPerMetric">Distinct tag sets kept per metric before new ones are dropped.</param>
    /// <param name="meterScope">
    /// The <see cref="IMeterFactory"/> of the host. Meters created by another factory (another host in the same
    /// process, as in tests) are ignored; meters without a scope are always considered.
    /// </param>
    public PrometheusCollector(
        IEnumerable<string>? meterPrefixes = null,
        int maxSeriesPerMetric = DefaultMaxSeriesPerMetric,
        object? meterScope = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSeriesPerMetric);
        this.meterPrefixes = [.. meterPrefixes ?? DefaultMeterPrefixes];
        this.maxSeriesPerMetric = maxSeriesPerMetric;
        this.meterScope = meterScope;

        listener = new MeterListener { InstrumentPublished = OnInstrumentPublished };
        listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((MetricState)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((MetricState)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((MetricState)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((MetricState)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((MetricState)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((MetricState)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((MetricState)state!).Record((double)value, tags));
        listener.Start();
    }

    /// <summary>Measurements discarded across all metrics because of the series cap.</summary>
    public long DroppedMeasurements => metrics.Values.Sum(m => m.Dropped);

    /// <summary>Reads observable instruments and returns a consistent-enough snapshot of every metric.</summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        // Scrapes are serialised because observation marks and prunes series; recording never takes this lock.
        lock (scrapeLock)
        {
            var observable = metrics.Values.Where(m => m.Kind.IsObservable).ToList();
            foreach (var metric in observable)
            {
                metric.BeginObservation();
            }

            try
            {
                listener.RecordObservableInstruments();
            }
            catch (AggregateException failure)
            {
                // One broken callback must not take the whole scrape down; the others have already reported.
                Interlocked.Add(ref observeErrors, failure.InnerExceptions.Count);
            }

            foreach (var metric in observable)
            {
                metric.PruneUnobserved();
            }

            var families = metrics.Values.Select(m => m.Snapshot()).ToList();
            families.Add(SelfMetric(
                DroppedMeasurementsMetric,
                "Measurements dropped because their metric already had the maximum number of series.",
                DroppedMeasurements));
            families.Add(SelfMetric(
                ObserveErrorsMetric,
                "Observable instrument callbacks that threw during a scrape.",
                Interlocked.Read(ref observeErrors)));
            return families;
        }
    }

    public async Task WriteAsync(TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteAsync(Render().AsMemory(), cancellationToken);
    }

    /// <summary>
    /// Renders fully before writing, so the scrape lock is never held across I/O and no synchronous writes reach
    /// a response body that forbids them.
    /// </summary>
    public async Task WriteAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var bytes = Encoding.UTF8.GetBytes(Render());
        await stream.WriteAsync(bytes, cancellationToken);
    }

    public void Dispose() => listener.Dispose();

    private string Render() => PrometheusTextWriter.Render(Collect());

    private static MetricFamily SelfMetric(string name, string help, long value) =>
        new(name, MetricType.Counter, help, [new MetricPoint([], value)]);

    private void OnInstrumentPublished(Instrument instrument, MeterListener meterListener)
    {
        if (!IsAllowed(instrument.Meter) || MetricKind.Of(instrument) is not { } kind)
        {
            return;
        }

        var name = PrometheusNaming.MetricName(instrument.Name, instrument.Unit, kind.Type);
        var state = metrics.GetOrAdd(
            name,
            static (key, arg) => new MetricState(
                key,
                arg.kind,
                arg.instrument.Description,
                arg.kind.Aggregation == Aggregation.Histogram ? HistogramBuckets.For(arg.instrument) : [],
                arg.maxSeries),
            (kind, instrument, maxSeries: maxSeriesPerMetric));

        // A different instrument kind under an existing name would make the exposition contradict itself.
        if (state.Kind != kind)
        {
            return;
        }

        meterListener.EnableMeasurementEvents(instrument, state);
    }

    private bool IsAllowed(Meter meter)
    {
        if (meterScope is not null && meter.Scope is not null && !ReferenceEquals(meter.Scope, meterScope))
        {
            return false;
        }

        foreach (var prefix in meterPrefixes)
        {
            if (meter.Name.StartsWith(prefix, StringComparison.Ordinal)
                && (meter.Name.Length == prefix.Length || meter.Name[prefix.Length] == '.'))
            {
                return true;
            }
        }

        return false;
    }
}
