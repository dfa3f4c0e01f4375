namespace Stadtkern.Features.Sensing;

/// <summary>
/// The sensor hub: SensorThings API 1.1 (Sensing part), its storage, ingest and access control. Each sub-area registers here.
/// </summary>
internal static class SensingFeature
{
    public static IServiceCollection AddSensing(this IServiceCollection services)
    {
        return services;
    }

    public static IEndpointRouteBuilder MapSensing(this IEndpointRouteBuilder endpoints)
    {
        return endpoints;
    }
}
