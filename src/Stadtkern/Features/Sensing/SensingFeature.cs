using Stadtkern.Features.Sensing.Access;
using Stadtkern.Features.Sensing.Api;
using Stadtkern.Features.Sensing.Ingest;
using Stadtkern.Features.Sensing.LoRaWan;
using Stadtkern.Features.Sensing.Mqtt;
using Stadtkern.Features.Sensing.Query;
using Stadtkern.Features.Sensing.Query.Filter;
using Stadtkern.Features.Sensing.Views;
using Stadtkern.Platform.Web;

namespace Stadtkern.Features.Sensing;

/// <summary>
/// The sensor hub: SensorThings API 1.1 (Sensing part), its storage, ingest and access control. Each sub-area registers here.
/// </summary>
internal static class SensingFeature
{
    public static IServiceCollection AddSensing(this IServiceCollection services)
    {
        services.AddSensingViews();
        services.AddOptions<SensingOptions>().BindConfiguration(SensingOptions.Section);
        services.AddOptions<SensingServerSettings>();
        services.Configure<WebShellOptions>(o => o.MachineApis.Add("/" + SensingLinks.Version));
        services.AddSingleton<SensingDataSource>();
        services.AddScoped<SensingSql>();
        services.AddScoped<ReadEntities>();
        services.AddSingleton<NewestPageHints>();
        services.AddSingleton<DatastreamAccessCache>();
        services.AddSingleton<SensingAccessListener>();
        services.AddHostedService(sp => sp.GetRequiredService<SensingAccessListener>());
        services.AddScoped<WriteEntities>();
        services.AddSingleton<SensingEntityVersions>();
        services.AddSensingFilter();
        services.AddSensingIngest();
        services.AddSensingMqtt(); // wraps the ingest writer: after AddSensingIngest
        services.AddLoRaWan();
        return services;
    }

    public static IEndpointRouteBuilder MapSensing(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapSensingViews();
        endpoints.MapSensingApi();
        endpoints.MapSensingGrants();
        endpoints.MapSensingIngest();
        endpoints.MapLoRaWan();
        return endpoints;
    }
}
