namespace Stadtkern.Features.Alerts.Nina;

internal static class NinaSetup
{
    /// <summary>The NINA importer: options (<c>Nina</c> section), HTTP client, the per-tenant round and the background poller.</summary>
    public static IServiceCollection AddNinaImport(this IServiceCollection services)
    {
        services.AddOptions<NinaOptions>().BindConfiguration(NinaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        NinaClient.Register(services);
        services.AddSingleton<NinaClient>();
        services.AddScoped<NinaAlertStore>();
        services.AddScoped<ImportNinaWarnings>();
        services.AddHostedService<NinaPoller>();
        return services;
    }
}
