using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Stadtkern.Platform.Metrics;

namespace Stadtkern.Tests.Platform.Metrics;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_endpoint_on_kestrel_exposes_the_request_duration_histogram()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddPrometheusMetrics();
        await using var app = builder.Build();
        app.MapGet("/hello", () => "hi");
        app.MapPrometheusMetrics();
        await app.StartAsync(cancellationToken);

        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        (await client.GetStringAsync(new Uri("/hello", UriKind.Relative), cancellationToken)).ShouldBe("hi");

        // The server records the duration after the response has gone out, so the first scrape can race it.
        string text = string.Empty;
        const string HelloSeries = "http_server_request_duration_seconds_count{http_request_method=\"GET\",http_response_status_code=\"200\",http_route=\"/hello\",network_protocol_version=\"1.1\",url_scheme=\"http\"}";
        for (var attempt = 0; attempt < 50 && !PrometheusText.HasSeries(text, HelloSeries); attempt++)
        {
            using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative), cancellationToken);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.ToString().ShouldBe("text/plain; version=0.0.4; charset=utf-8");
            text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!PrometheusText.HasSeries(text, HelloSeries))
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        PrometheusText.AssertWellFormed(text);
        text.ShouldContain("# TYPE http_server_request_duration_seconds histogram\n");
        text.ShouldContain("http_server_request_duration_seconds_bucket{");
        PrometheusText.Value(text, HelloSeries).ShouldBe(1);
        PrometheusText.Value(text, HelloSeries.Replace("_count{", "_bucket{", StringComparison.Ordinal).Replace("\"}", "\",le=\"+Inf\"}", StringComparison.Ordinal)).ShouldBe(1);
        text.ShouldContain("# TYPE process_uptime_seconds gauge\n");
        PrometheusText.Value(text, PrometheusCollector.DroppedMeasurementsMetric).ShouldBe(0);

        await app.StopAsync(cancellationToken);
    }

    [Fact]
    public async Task Endpoint_is_named_tagged_and_described_for_OpenAPI()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddPrometheusMetrics();
        await using var app = builder.Build();
        app.MapPrometheusMetrics("/internal/metrics");

        var endpoint = ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().Single();
        endpoint.RoutePattern.RawText.ShouldBe("/internal/metrics");
        endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName.ShouldBe("Metrics");
        endpoint.Metadata.GetMetadata<ITagsMetadata>()!.Tags.ShouldBe(["Platform"]);
        endpoint.Metadata.GetMetadata<IEndpointSummaryMetadata>()!.Summary.ShouldNotBeNullOrWhiteSpace();
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.ShouldBe(["GET"]);
    }

    [Fact]
    public async Task Mapping_without_registration_fails_with_a_clear_message()
    {
        await using var app = WebApplication.CreateSlimBuilder().Build();

        var failure = Should.Throw<InvalidOperationException>(() => app.MapPrometheusMetrics());
        failure.Message.ShouldContain(nameof(MetricsEndpoint.AddPrometheusMetrics));
    }
}
