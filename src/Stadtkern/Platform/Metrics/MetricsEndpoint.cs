using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Stadtkern.Platform.Metrics;

internal static class MetricsEndpoint
{
    /// <summary>Registers the collector and the process meter; call <see cref="MapPrometheusMetrics"/> as well.</summary>
    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ProcessMetrics(
            sp.GetRequiredService<IMeterFactory>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp =>
        {
            // The process meter only exists once resolved; tie it to the collector so it is always exported.
            _ = sp.GetRequiredService<ProcessMetrics>();
            return new PrometheusCollector(
                PrometheusCollector.DefaultMeterPrefixes,
                PrometheusCollector.DefaultMaxSeriesPerMetric,
                sp.GetRequiredService<IMeterFactory>());
        });
        return services;
    }

    /// <summary>Serves the Prometheus text format at <paramref name="pattern"/>.</summary>
    public static IEndpointRouteBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);

        // Resolving here rather than per request starts the listener at startup, so requests served before the
        // first scrape are counted too.
        var collector = endpoints.ServiceProvider.GetService<PrometheusCollector>()
            ?? throw new InvalidOperationException(
                $"Call services.{nameof(AddPrometheusMetrics)}() before endpoints.{nameof(MapPrometheusMetrics)}().");

        endpoints
            .MapGet(pattern, (HttpContext context, CancellationToken cancellationToken) => ServeAsync(collector, context, cancellationToken))
            .WithName("Metrics")
            .WithSummary("Prometheus metrics")
            .WithDescription(
                "Process, HTTP server/client and Stadtkern metrics in the Prometheus text exposition format 0.0.4.")
            .WithTags("Platform")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
        return endpoints;
    }

    private static async Task ServeAsync(PrometheusCollector collector, HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.ContentType = PrometheusTextWriter.ContentType;
        context.Response.Headers.CacheControl = "no-store";
        await collector.WriteAsync(context.Response.Body, cancellationToken);
    }
}
