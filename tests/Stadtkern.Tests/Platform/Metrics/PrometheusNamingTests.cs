using Stadtkern.Platform.Metrics;

namespace Stadtkern.Tests.Platform.Metrics;

public sealed class PrometheusNamingTests
{
    [Theory]
    [InlineData("http.server.request.duration", "s", "Histogram", "http_server_request_duration_seconds")]
    [InlineData("kestrel.active_connections", "{connection}", "Gauge", "kestrel_active_connections")]
    [InlineData("orders.placed", "{order}", "Counter", "orders_placed_total")]
    [InlineData("process.resident_memory", "By", "Gauge", "process_resident_memory_bytes")]
    [InlineData("cpu.time", "s", "Counter", "cpu_time_seconds_total")]
    [InlineData("requests.total", null, "Counter", "requests_total")]
    [InlineData("jobs.total", "s", "Counter", "jobs_seconds_total")]
    [InlineData("db.latency_seconds", "s", "Gauge", "db_latency_seconds")]
    [InlineData("transfer.rate", "By/s", "Gauge", "transfer_rate_bytes_per_second")]
    [InlineData("throughput", "{request}/s", "Gauge", "throughput_per_second")]
    [InlineData("cache.hit_ratio", "1", "Gauge", "cache_hit_ratio")]
    [InlineData("a..b-c d", "ms", "Gauge", "a_b_c_d_milliseconds")]
    [InlineData("9lives", "", "Gauge", "_9lives")]
    [InlineData("ns:metric.name", null, "Gauge", "ns:metric_name")]
    [InlineData("temperature", "Cel", "Gauge", "temperature_celsius")]
    [InlineData("odd", "furlong", "Gauge", "odd_furlong")]
    public void Metric_names_follow_prometheus_conventions(string instrument, string? unit, string type, string expected) =>
        PrometheusNaming.MetricName(instrument, unit, Enum.Parse<MetricType>(type)).ShouldBe(expected);

    [Theory]
    [InlineData("http.route", "http_route")]
    [InlineData("http.response.status_code", "http_response_status_code")]
    [InlineData("0day", "_0day")]
    [InlineData("__reserved", "_reserved")]
    [InlineData("ns:key", "ns_key")]
    [InlineData("Straße", "Stra_e")]
    [InlineData("", "_")]
    public void Label_names_are_sanitised(string tagKey, string expected) =>
        PrometheusNaming.LabelName(tagKey).ShouldBe(expected);
}
