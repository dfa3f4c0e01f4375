using System.Net;

namespace Stadtkern.Features.Alerts.Displays;

/// <summary>Registration of the displays (steles) channel: one call each from <c>AlertsFeature</c>.</summary>
internal static class DisplaysSetup
{
    public static IServiceCollection AddDisplays(this IServiceCollection services)
    {
        services.AddOptions<DisplayOptions>().BindConfiguration(DisplayOptions.Section);
        services.AddScoped<ManageDisplays>();
        services.AddScoped<RegisterDisplay>();
        services.AddScoped<AuthenticateDisplay>();
        services.AddScoped<ReportHeartbeat>();
        services.AddScoped<UploadScreenshot>();
        services.AddScoped<ReadDisplayContent>();
        services.AddScoped<IDisplayAlerts, ActiveAlertsForDisplays>();
        services.AddSingleton<FetchDepartures>();
        services.AddHttpClient(FetchDepartures.HttpClientName, c =>
            {
                c.Timeout = Timeout.InfiniteTimeSpan; // FetchDepartures applies its own, shorter timeout
                c.DefaultRequestHeaders.UserAgent.ParseAdd("Stadtkern-Displays/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AutomaticDecompression = DecompressionMethods.All,
                AllowAutoRedirect = true,
                MaxAutomaticRedirections = 3,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        return services;
    }

    public static IEndpointRouteBuilder MapDisplays(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapDisplayApi();
        return endpoints;
    }
}
