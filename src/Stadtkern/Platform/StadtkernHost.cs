using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Stadtkern.Features.Alerts;
using Stadtkern.Features.App;
using Stadtkern.Features.Catalog;
using Stadtkern.Features.Reports;
using Stadtkern.Features.Sensing;
using Stadtkern.Features.Tenants;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Demo;
using Stadtkern.Platform.Health;
using Stadtkern.Platform.Metrics;
using Stadtkern.Platform.Mqtt;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Problems;
using Stadtkern.Platform.Tenancy;
using Stadtkern.Platform.Web;

namespace Stadtkern.Platform;

/// <summary>Composes the service: platform first, then each feature's Add…/Map… pair.</summary>
internal static class StadtkernHost
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <param name="args">Host arguments (<c>--urls</c>, configuration overrides).</param>
    /// <param name="forCommand">True for CLI commands: logs go to stderr so stdout carries only the result.</param>
    public static WebApplication Build(string[] args, bool forCommand = false)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });

        if (!HasConfiguredUrls(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        if (forCommand)
        {
            builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        AddPlatform(builder.Services);
        AddFeatures(builder.Services);

        var app = builder.Build();
        UsePlatform(app);
        MapFeatures(app);
        return app;
    }

    private static void AddPlatform(IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddMemoryCache();
        services.AddOptions<TenancyOptions>().BindConfiguration(TenancyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
        services.AddScoped<TenantContext>();
        services.AddScoped<TenantSettingsStore>();
        services.AddSingleton<TenantDirectory>();
        services.AddSingleton<DemoSeeder>();
        services.AddPersistence();
        services.AddAccounts();
        services.AddProblems();
        services.AddHealth();
        services.AddPrometheusMetrics();
        services.AddMqtt();
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Stadtkern";
            document.Info.Description = "Urbane Datenplattform: APIs für Mandanten, Daten, Sensoren, Meldungen und Warnungen.";
            return Task.CompletedTask;
        }));
        services.AddWebShell();
    }

    private static void AddFeatures(IServiceCollection services)
    {
        services.AddTenants();
        services.AddCatalog();
        services.AddSensing();
        services.AddReports();
        services.AddAlerts();
        services.AddCityApp();
    }

    private static void UsePlatform(WebApplication app)
    {
        app.UseProblems();
        app.UseMiddleware<TenantResolutionMiddleware>();
        app.UseWebShell();
        app.UseRouting();
        app.UseAccounts();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapHealth();
        app.MapPrometheusMetrics();
        app.MapOpenApi().WithTags("Platform");
    }

    private static void MapFeatures(WebApplication app)
    {
        app.MapTenants();
        app.MapCatalog();
        app.MapSensing();
        app.MapReports();
        app.MapAlerts();
        app.MapCityApp();
        app.MapWebShell();
    }

    private static bool HasConfiguredUrls(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["urls"])
        || !string.IsNullOrEmpty(configuration["http_ports"])
        || !string.IsNullOrEmpty(configuration["https_ports"])
        || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();

    internal static readonly CultureInfo[] Cultures = [new("de-DE"), new("en")];

    internal static RequestLocalizationOptions Localization() => new()
    {
        DefaultRequestCulture = new RequestCulture(Cultures[0]),
        SupportedCultures = Cultures,
        SupportedUICultures = Cultures,
        RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()],
    };
}
