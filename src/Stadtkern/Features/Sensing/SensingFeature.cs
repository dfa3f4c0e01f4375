using Stadtkern.Features.Sensing.Views;

namespace Stadtkern.Features.Sensing;

/// <summary>
/// The sensor hub: SensorThings API 1.1 (Sensing part), its storage, ingest and access control. Each sub-area registers here.
/// </summary>
internal static class SensingFeature
{
    public static IServiceCollection AddSensing(this IServiceCollection services)
    {
        services.AddSensingViews();
        return services;
    }

    public static IEndpointRouteBuilder MapSensing(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapSensingViews();
        return endpoints;
    }
}
