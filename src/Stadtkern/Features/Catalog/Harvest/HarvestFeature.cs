namespace Stadtkern.Features.Catalog.Harvest;

/// <summary>Harvesting: sources per tenant, runs with progress, the scheduler, the operator API and CLI.</summary>
internal static class HarvestFeature
{
    public static IServiceCollection AddHarvest(this IServiceCollection services)
    {
        services.AddOptions<HarvestOptions>().BindConfiguration(HarvestOptions.Section);
        HarvestHttp.Register(services);
        services.AddSingleton<HarvestHttp>();
        services.AddScoped<ReadCkanSource>();
        services.AddScoped<ReadDcatSource>();
        services.AddScoped<HarvestQueue>();
        services.AddScoped<HarvestSources>();
        services.AddScoped<ExecuteHarvestRun>();
        services.AddSingleton<HarvestWorker>();
        services.AddHostedService<HarvestScheduler>();
        return services;
    }

    public static IEndpointRouteBuilder MapHarvest(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHarvestApi();
        return endpoints;
    }
}
