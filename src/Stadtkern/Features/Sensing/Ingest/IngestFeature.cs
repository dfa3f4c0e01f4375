using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Stadtkern.Features.Sensing.Ingest;

/// <summary>The observation writer, the DataArray endpoint and the retention job.</summary>
internal static class IngestFeature
{
    public static IServiceCollection AddSensingIngest(this IServiceCollection services)
    {
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section);
        services.AddSingleton<ObservationPartitions>();
        services.AddSingleton<ObservationSinks>();
        services.AddSingleton<ObservationWriter>();
        services.RemoveAll<IObservationWriter>();
        services.AddSingleton<IObservationWriter>(sp => sp.GetRequiredService<ObservationWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<ObservationWriter>());
        services.AddScoped<DatastreamGate>();
        services.AddSingleton<ApplyRetention>();
        services.AddHostedService<RetentionScheduler>();
        return services;
    }

    public static IEndpointRouteBuilder MapSensingIngest(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCreateObservations();
        return endpoints;
    }
}
