namespace Stadtkern.Features.App;

/// <summary>
/// The city app: an installable PWA per tenant (manifest, service worker, offline page, start page with the city's modules)
/// configured by the tenant settings section <c>app</c>. It spans several modules (alerts, reports, sensors, trees, news),
/// so it is a feature of its own; its push sign-up lives in Features/Alerts/Push.
/// </summary>
internal static class AppFeature
{
    public static IServiceCollection AddCityApp(this IServiceCollection services)
    {
        services.AddScoped<AppProfiles>();
        return services;
    }

    public static IEndpointRouteBuilder MapCityApp(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapAppManifest();
        return endpoints;
    }
}
