using System.Diagnostics.Metrics;

namespace Stadtkern.Platform.Metrics;

/// <summary>
/// The basic process health figures every dashboard expects, published on the "Stadtkern.Process" meter.
/// Start time and uptime come from the injected clock so they are testable and agree with each other.
/// </summary>
internal sealed class ProcessMetrics : IDisposable
{
    public const string MeterName = "Stadtkern.Process";

    private static readonly KeyValuePair<string, object?>[][] GenerationTags =
    [
        [new("gc.heap.generation", "gen0")],
        [new("gc.heap.generation", "gen1")],
        [new("gc.heap.generation", "gen2")],
    ];

    private readonly Meter meter;

    public ProcessMetrics(IMeterFactory meterFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);

        var startedAt = timeProvider.GetUtcNow();
        var startTimestamp = timeProvider.GetTimestamp();
        meter = meterFactory.Create(MeterName);

        meter.CreateObservableGauge(
            "process.resident_memory",
            () => Environment.WorkingSet,
            unit: "By",
            description: "Resident memory (working set) of the process.");
        meter.CreateObservableGauge(
            "process.start_time",
            () => startedAt.ToUnixTimeMilliseconds() / 1000.0,
            unit: "s",
            description: "Start time of the process since the Unix epoch.");
        meter.CreateObservableGauge(
            "process.uptime",
            () => timeProvider.GetElapsedTime(startTimestamp).TotalSeconds,
            unit: "s",
            description: "Time since the process started.");
        meter.CreateObservableGauge(
            "dotnet.gc.heap_size",
            () => GC.GetTotalMemory(forceFullCollection: false),
            unit: "By",
            description: "Bytes currently allocated on the managed heap.");

        // Collection counts only ever grow, so they are exposed as a counter to make rate() work on them.
        meter.CreateObservableCounter(
            "dotnet.gc.collections",
            ObserveCollections,
            unit: "{collection}",
            description: "Garbage collections since the process started, per generation.");
        meter.CreateObservableGauge(
            "dotnet.thread_pool.threads",
            () => ThreadPool.ThreadCount,
            unit: "{thread}",
            description: "Threads currently in the thread pool.");
    }

    public void Dispose() => meter.Dispose();

    private static IEnumerable<Measurement<long>> ObserveCollections()
    {
        for (var generation = 0; generation < GenerationTags.Length; generation++)
        {
            yield return new Measurement<long>(GC.CollectionCount(generation), GenerationTags[generation]);
        }
    }
}
