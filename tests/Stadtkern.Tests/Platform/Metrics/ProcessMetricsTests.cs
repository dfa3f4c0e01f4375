using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Platform.Metrics;

namespace Stadtkern.Tests.Platform.Metrics;

public sealed class ProcessMetricsTests
{
    [Fact]
    public async Task Process_meter_reports_memory_gc_threads_and_clock_based_uptime()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var process = new ProcessMetrics(factory, clock);
        using var collector = new PrometheusCollector([ProcessMetrics.MeterName], meterScope: factory);

        var atStart = await PrometheusText.ScrapeAsync(collector);
        PrometheusText.Value(atStart, "process_uptime_seconds").ShouldBe(0);
        clock.Advance(TimeSpan.FromSeconds(90.5));

        var text = await PrometheusText.ScrapeAsync(collector);
        PrometheusText.Value(text, "process_uptime_seconds").ShouldBe(90.5);
        PrometheusText.Value(text, "process_start_time_seconds").ShouldBe(1740830400);
        text.ShouldContain("# TYPE process_resident_memory_bytes gauge\n");
        PrometheusText.Value(text, "process_resident_memory_bytes").ShouldBeGreaterThan(0);
        PrometheusText.Value(text, "dotnet_gc_heap_size_bytes").ShouldBeGreaterThan(0);
        PrometheusText.Value(text, "dotnet_thread_pool_threads").ShouldBeGreaterThanOrEqualTo(0);
        text.ShouldContain("# TYPE dotnet_gc_collections_total counter\n");
        foreach (var generation in new[] { "gen0", "gen1", "gen2" })
        {
            PrometheusText.Value(text, $"dotnet_gc_collections_total{{gc_heap_generation=\"{generation}\"}}").ShouldBeGreaterThanOrEqualTo(0);
        }
    }

    [Fact]
    public async Task Gc_collection_counts_follow_the_runtime()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var process = new ProcessMetrics(factory, TimeProvider.System);
        using var collector = new PrometheusCollector([ProcessMetrics.MeterName], meterScope: factory);

        var before = PrometheusText.Value(await PrometheusText.ScrapeAsync(collector), "dotnet_gc_collections_total{gc_heap_generation=\"gen2\"}");
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        var after = PrometheusText.Value(await PrometheusText.ScrapeAsync(collector), "dotnet_gc_collections_total{gc_heap_generation=\"gen2\"}");

        after.ShouldBeGreaterThan(before);
    }
}
