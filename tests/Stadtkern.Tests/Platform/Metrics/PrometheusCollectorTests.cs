using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Platform.Metrics;

namespace Stadtkern.Tests.Platform.Metrics;

public sealed class PrometheusCollectorTests : IDisposable
{
    // Meters are process-wide, so each test gets its own meter name and a collector that only listens to it.
    private readonly string meterName = "Test.Collector." + Guid.NewGuid().ToString("N");
    private readonly Meter meter;

    public PrometheusCollectorTests() => meter = new Meter(meterName);

    public void Dispose() => meter.Dispose();

    [Fact]
    public async Task Counter_sums_per_tag_set_regardless_of_tag_order_and_ignores_negative_adds()
    {
        using var collector = new PrometheusCollector([meterName]);
        var counter = meter.CreateCounter<long>("orders.placed", "{order}", "Orders placed.");

        counter.Add(2, new("status", "ok"), new("shop", "north"));
        counter.Add(1, new("shop", "north"), new("status", "ok"));
        counter.Add(1, new("status", "failed"), new("shop", "north"));
        counter.Add(-5, new("status", "ok"), new("shop", "north"));

        var text = await PrometheusText.ScrapeAsync(collector);
        text.ShouldContain("# HELP orders_placed_total Orders placed.\n# TYPE orders_placed_total counter\n");
        PrometheusText.Value(text, "orders_placed_total{shop=\"north\",status=\"ok\"}").ShouldBe(3);
        PrometheusText.Value(text, "orders_placed_total{shop=\"north\",status=\"failed\"}").ShouldBe(1);
        PrometheusText.Lines(text).Count(l => l.StartsWith("orders_placed_total{", StringComparison.Ordinal)).ShouldBe(2);
    }

    [Fact]
    public async Task Non_string_tag_values_are_formatted_invariantly()
    {
        using var collector = new PrometheusCollector([meterName]);
        var counter = meter.CreateCounter<double>("payments", "{payment}");

        counter.Add(1.5, new("status", 200), new("ratio", 0.25), new("retried", true), new("missing", null));

        var text = await PrometheusText.ScrapeAsync(collector);
        PrometheusText.Value(text, "payments_total{missing=\"\",ratio=\"0.25\",retried=\"true\",status=\"200\"}").ShouldBe(1.5);
    }

    [Fact]
    public async Task UpDownCounter_is_a_gauge_holding_the_running_sum()
    {
        using var collector = new PrometheusCollector([meterName]);
        var depth = meter.CreateUpDownCounter<int>("queue.depth", "{item}", "Items waiting.");

        depth.Add(5);
        depth.Add(-2);

        var text = await PrometheusText.ScrapeAsync(collector);
        text.ShouldContain("# TYPE queue_depth gauge\n");
        PrometheusText.Value(text, "queue_depth").ShouldBe(3);
    }

    [Fact]
    public async Task Gauge_keeps_the_last_recorded_value()
    {
        using var collector = new PrometheusCollector([meterName]);
        var temperature = meter.CreateGauge<double>("sensor.temperature", "Cel");

        temperature.Record(21.5, new KeyValuePair<string, object?>("sensor", "roof"));
        temperature.Record(19.25, new KeyValuePair<string, object?>("sensor", "roof"));

        var text = await PrometheusText.ScrapeAsync(collector);
        text.ShouldContain("# TYPE sensor_temperature_celsius gauge\n");
        PrometheusText.Value(text, "sensor_temperature_celsius{sensor=\"roof\"}").ShouldBe(19.25);
    }

    [Fact]
    public async Task Observable_gauge_is_read_at_each_scrape_and_drops_series_it_stops_reporting()
    {
        using var collector = new PrometheusCollector([meterName]);
        var readings = new Dictionary<string, double> { ["a"] = 1, ["b"] = 2 };
        meter.CreateObservableGauge(
            "pool.size",
            () => readings.Select(r => new Measurement<double>(r.Value, new KeyValuePair<string, object?>("pool", r.Key))),
            "{connection}");

        var first = await PrometheusText.ScrapeAsync(collector);
        PrometheusText.Value(first, "pool_size{pool=\"a\"}").ShouldBe(1);
        PrometheusText.Value(first, "pool_size{pool=\"b\"}").ShouldBe(2);

        readings["a"] = 10;
        readings.Remove("b");

        var second = await PrometheusText.ScrapeAsync(collector);
        PrometheusText.Value(second, "pool_size{pool=\"a\"}").ShouldBe(10);
        PrometheusText.HasSeries(second, "pool_size{pool=\"b\"}").ShouldBeFalse();
    }

    [Fact]
    public async Task Observable_counter_reports_the_observed_total_as_a_counter()
    {
        using var collector = new PrometheusCollector([meterName]);
        long total = 40;
        meter.CreateObservableCounter("jobs.completed", () => total, "{job}");

        PrometheusText.Value(await PrometheusText.ScrapeAsync(collector), "jobs_completed_total").ShouldBe(40);
        total = 42;

        var text = await PrometheusText.ScrapeAsync(collector);
        text.ShouldContain("# TYPE jobs_completed_total counter\n");
        PrometheusText.Value(text, "jobs_completed_total").ShouldBe(42);
    }

    [Fact]
    public async Task Histogram_uses_default_second_buckets_cumulatively_up_to_inf()
    {
        using var collector = new PrometheusCollector([meterName]);
        var duration = meter.CreateHistogram<double>("import.duration", "s", "Import run time.");

        foreach (var value in new[] { 0.003, 0.005, 0.02, 0.3, 20, double.NaN })
        {
            duration.Record(value);
        }

        var text = await PrometheusText.ScrapeAsync(collector);
        text.ShouldContain("# TYPE import_duration_seconds histogram\n");
        var buckets = PrometheusText.Lines(text).Where(l => l.StartsWith("import_duration_seconds_bucket", StringComparison.Ordinal)).ToList();
        buckets.Count.ShouldBe(HistogramBuckets.DefaultSeconds.Length + 1);
        PrometheusText.Value(text, "import_duration_seconds_bucket{le=\"0.005\"}").ShouldBe(2);
        PrometheusText.Value(text, "import_duration_seconds_bucket{le=\"0.01\"}").ShouldBe(2);
        PrometheusText.Value(text, "import_duration_seconds_bucket{le=\"0.025\"}").ShouldBe(3);
        PrometheusText.Value(text, "import_duration_seconds_bucket{le=\"0.25\"}").ShouldBe(3);
        PrometheusText.Value(text, "import_duration_seconds_bucket{le=\"0.5\"}").ShouldBe(4);
        PrometheusText.Value(text, "import_duration_seconds_bucket{le=\"10\"}").ShouldBe(4);
        PrometheusText.Value(text, "import_duration_seconds_bucket{le=\"+Inf\"}").ShouldBe(5);
        PrometheusText.Value(text, "import_duration_seconds_count").ShouldBe(5);
        PrometheusText.Value(text, "import_duration_seconds_sum").ShouldBe(20.328, tolerance: 1e-9);
        buckets.Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBeInOrder(SortDirection.Ascending);
    }

    [Fact]
    public async Task Histogram_prefers_advised_bucket_boundaries()
    {
        using var collector = new PrometheusCollector([meterName]);
        var size = meter.CreateHistogram(
            "upload.size",
            "By",
            null,
            null,
            new InstrumentAdvice<int> { HistogramBucketBoundaries = [10, 100, 1000] });

        size.Record(10, new KeyValuePair<string, object?>("kind", "csv"));
        size.Record(11, new KeyValuePair<string, object?>("kind", "csv"));
        size.Record(5000, new KeyValuePair<string, object?>("kind", "csv"));

        var text = await PrometheusText.ScrapeAsync(collector);
        PrometheusText.Lines(text).Count(l => l.StartsWith("upload_size_bytes_bucket", StringComparison.Ordinal)).ShouldBe(4);
        PrometheusText.Value(text, "upload_size_bytes_bucket{kind=\"csv\",le=\"10\"}").ShouldBe(1);
        PrometheusText.Value(text, "upload_size_bytes_bucket{kind=\"csv\",le=\"100\"}").ShouldBe(2);
        PrometheusText.Value(text, "upload_size_bytes_bucket{kind=\"csv\",le=\"1000\"}").ShouldBe(2);
        PrometheusText.Value(text, "upload_size_bytes_bucket{kind=\"csv\",le=\"+Inf\"}").ShouldBe(3);
        PrometheusText.Value(text, "upload_size_bytes_sum{kind=\"csv\"}").ShouldBe(5021);
    }

    [Fact]
    public async Task Only_allowed_meters_are_exported()
    {
        using var child = new Meter(meterName + ".Child");
        using var lookalike = new Meter(meterName + "Lookalike");
        using var collector = new PrometheusCollector([meterName]);
        child.CreateCounter<int>("child.events").Add(1);
        lookalike.CreateCounter<int>("lookalike.events").Add(1);

        var text = await PrometheusText.ScrapeAsync(collector);
        PrometheusText.Value(text, "child_events_total").ShouldBe(1);
        text.ShouldNotContain("lookalike_events");
    }

    [Fact]
    public async Task Meters_from_another_factory_are_ignored()
    {
        using var ours = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var theirs = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var ourFactory = ours.GetRequiredService<IMeterFactory>();
        using var collector = new PrometheusCollector([meterName], meterScope: ourFactory);

        ourFactory.Create(meterName).CreateCounter<int>("scoped.events").Add(1);
        theirs.GetRequiredService<IMeterFactory>().Create(meterName).CreateCounter<int>("scoped.events").Add(100);
        meter.CreateCounter<int>("unscoped.events").Add(3);

        var text = await PrometheusText.ScrapeAsync(collector);
        PrometheusText.Value(text, "scoped_events_total").ShouldBe(1);
        PrometheusText.Value(text, "unscoped_events_total").ShouldBe(3);
    }

    [Fact]
    public async Task Same_named_instruments_from_two_meters_share_one_metric()
    {
        using var second = new Meter(meterName);
        using var collector = new PrometheusCollector([meterName]);
        meter.CreateCounter<int>("shared.events").Add(2);
        second.CreateCounter<int>("shared.events").Add(3);
        // An observable counter under the same name aggregates differently, so it must not be mixed in.
        second.CreateObservableCounter("shared.events", () => 99);

        var text = await PrometheusText.ScrapeAsync(collector);
        PrometheusText.Value(text, "shared_events_total").ShouldBe(5);
        text.ShouldNotContain(" 99\n");
        PrometheusText.Lines(text).Count(l => l.StartsWith("shared_events_total", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task Series_beyond_the_cap_are_dropped_and_counted()
    {
        using var collector = new PrometheusCollector([meterName], maxSeriesPerMetric: 3);
        var counter = meter.CreateCounter<int>("tenant.requests");

        for (var tenant = 0; tenant < 5; tenant++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("tenant", tenant));
        }

        counter.Add(1, new KeyValuePair<string, object?>("tenant", 0));
        counter.Add(1, new KeyValuePair<string, object?>("tenant", 4));

        var text = await PrometheusText.ScrapeAsync(collector);
        PrometheusText.Lines(text).Count(l => l.StartsWith("tenant_requests_total{", StringComparison.Ordinal)).ShouldBe(3);
        PrometheusText.Value(text, "tenant_requests_total{tenant=\"0\"}").ShouldBe(2);
        PrometheusText.HasSeries(text, "tenant_requests_total{tenant=\"4\"}").ShouldBeFalse();
        collector.DroppedMeasurements.ShouldBe(3);
        text.ShouldContain("# TYPE stadtkern_metrics_dropped_measurements_total counter\n");
        PrometheusText.Value(text, PrometheusCollector.DroppedMeasurementsMetric).ShouldBe(3);
    }

    [Fact]
    public async Task Parallel_recording_loses_no_measurement()
    {
        using var collector = new PrometheusCollector([meterName]);
        var counter = meter.CreateCounter<long>("parallel.hits");
        var latency = meter.CreateHistogram<double>("parallel.latency", "s");
        const int Threads = 8;
        const int PerThread = 100_000;

        // Dedicated threads released together by a barrier overlap far more than pool tasks started one by one.
        using var start = new Barrier(Threads);
        var workers = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait(TestContext.Current.CancellationToken);
            for (var i = 0; i < PerThread; i++)
            {
                var route = new KeyValuePair<string, object?>("route", i % 4 == 0 ? "/a" : "/b");
                counter.Add(1, route);
                latency.Record(0.5, route);
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        var text = await PrometheusText.ScrapeAsync(collector);
        var total = Threads * PerThread;
        PrometheusText.Value(text, "parallel_hits_total{route=\"/a\"}").ShouldBe(total / 4);
        PrometheusText.Value(text, "parallel_hits_total{route=\"/b\"}").ShouldBe(total * 3 / 4);
        PrometheusText.Value(text, "parallel_latency_seconds_count{route=\"/b\"}").ShouldBe(total * 3 / 4);
        PrometheusText.Value(text, "parallel_latency_seconds_sum{route=\"/b\"}").ShouldBe(total * 3 / 4 * 0.5);
        PrometheusText.Value(text, "parallel_latency_seconds_bucket{route=\"/a\",le=\"0.25\"}").ShouldBe(0);
        PrometheusText.Value(text, "parallel_latency_seconds_bucket{route=\"/a\",le=\"0.5\"}").ShouldBe(total / 4);
    }

    [Fact]
    public async Task A_throwing_callback_does_not_break_the_scrape()
    {
        using var collector = new PrometheusCollector([meterName]);
        meter.CreateObservableGauge("broken.gauge", (Func<int>)(() => throw new InvalidOperationException("boom")));
        meter.CreateObservableGauge("healthy.gauge", () => 7);

        var text = await PrometheusText.ScrapeAsync(collector);
        PrometheusText.Value(text, "healthy_gauge").ShouldBe(7);
        text.ShouldNotContain("broken_gauge ");
        PrometheusText.Value(text, PrometheusCollector.ObserveErrorsMetric).ShouldBe(1);
    }

    [Fact]
    public async Task Scrapes_of_unchanged_state_are_identical()
    {
        using var collector = new PrometheusCollector([meterName]);
        var counter = meter.CreateCounter<int>("stable.events");
        foreach (var zone in new[] { "c", "a", "b" })
        {
            counter.Add(1, new KeyValuePair<string, object?>("zone", zone));
        }

        var first = await PrometheusText.ScrapeAsync(collector);
        var second = await PrometheusText.ScrapeAsync(collector);
        second.ShouldBe(first);
        var zones = PrometheusText.Lines(first).Where(l => l.StartsWith("stable_events_total{", StringComparison.Ordinal)).ToList();
        zones.ShouldBe(["stable_events_total{zone=\"a\"} 1", "stable_events_total{zone=\"b\"} 1", "stable_events_total{zone=\"c\"} 1"]);
    }

    [Fact]
    public async Task Nothing_is_recorded_after_dispose()
    {
        var collector = new PrometheusCollector([meterName]);
        var counter = meter.CreateCounter<int>("late.events");
        counter.Add(1);
        collector.Dispose();
        counter.Add(1);

        PrometheusText.Value(await PrometheusText.ScrapeAsync(collector), "late_events_total").ShouldBe(1);
    }
}
