using System.Globalization;
using Stadtkern.Platform.Metrics;

namespace Stadtkern.Tests.Platform.Metrics;

public sealed class PrometheusTextWriterTests
{
    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(0.5, "0.5")]
    [InlineData(-3.0, "-3")]
    [InlineData(1e21, "1E+21")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    public void Numbers_use_invariant_prometheus_spelling(double value, string expected)
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            // German formats 0.5 as "0,5", which Prometheus would reject.
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            PrometheusTextWriter.FormatNumber(value).ShouldBe(expected);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Label_values_and_help_are_escaped()
    {
        var text = PrometheusTextWriter.Render(
        [
            new MetricFamily(
                "escaped",
                MetricType.Gauge,
                "Line one\nback\\slash \"quoted\"",
                [new MetricPoint([new("path", "C:\\temp\n\"x\"")], 1)]),
        ]);

        text.ShouldBe(
            "# HELP escaped Line one\\nback\\\\slash \"quoted\"\n" +
            "# TYPE escaped gauge\n" +
            "escaped{path=\"C:\\\\temp\\n\\\"x\\\"\"} 1\n");
        PrometheusText.AssertWellFormed(text);
    }

    [Fact]
    public void Tag_keys_that_sanitise_to_the_same_label_are_merged_in_key_order()
    {
        var labels = PrometheusTextWriter.RenderLabels([new("http_route", "b"), new("zone", "z"), new("http.route", "a")]);

        labels.ShouldBe("http_route=\"a;b\",zone=\"z\"");
    }

    [Fact]
    public void Output_is_sorted_by_metric_name_then_labels_and_skips_empty_families()
    {
        MetricFamily[] families =
        [
            new("zeta", MetricType.Gauge, null, [new MetricPoint([new("k", "2")], 2), new MetricPoint([new("k", "1")], 1)]),
            new("alpha_total", MetricType.Counter, "First.", [new MetricPoint([], 7)]),
            new("empty", MetricType.Gauge, "Never recorded.", []),
        ];

        var text = PrometheusTextWriter.Render(families);

        text.ShouldBe(
            "# HELP alpha_total First.\n" +
            "# TYPE alpha_total counter\n" +
            "alpha_total 7\n" +
            "# TYPE zeta gauge\n" +
            "zeta{k=\"1\"} 1\n" +
            "zeta{k=\"2\"} 2\n");
        PrometheusTextWriter.Render(families.Reverse()).ShouldBe(text);
    }

    [Fact]
    public void Histograms_render_cumulative_buckets_with_inf_sum_and_count()
    {
        var text = PrometheusTextWriter.Render(
        [
            new MetricFamily(
                "latency_seconds",
                MetricType.Histogram,
                null,
                [new MetricPoint([new("route", "/a")], 5, new HistogramPoint([0.1, 1], [2, 4], 3.25, 5))]),
        ]);

        text.ShouldBe(
            "# TYPE latency_seconds histogram\n" +
            "latency_seconds_bucket{route=\"/a\",le=\"0.1\"} 2\n" +
            "latency_seconds_bucket{route=\"/a\",le=\"1\"} 4\n" +
            "latency_seconds_bucket{route=\"/a\",le=\"+Inf\"} 5\n" +
            "latency_seconds_sum{route=\"/a\"} 3.25\n" +
            "latency_seconds_count{route=\"/a\"} 5\n");
        PrometheusText.AssertWellFormed(text);
    }

    [Fact]
    public void Format_check_rejects_malformed_lines()
    {
        // Guards the guard: the helper every other test relies on must actually fail on bad output.
        Should.Throw<ShouldAssertException>(() => PrometheusText.AssertWellFormed("# TYPE a gauge\na 1 2\n"));
        Should.Throw<ShouldAssertException>(() => PrometheusText.AssertWellFormed("orphan 1\n"));
        Should.Throw<ShouldAssertException>(() => PrometheusText.AssertWellFormed("# TYPE a.b gauge\n"));
    }
}
