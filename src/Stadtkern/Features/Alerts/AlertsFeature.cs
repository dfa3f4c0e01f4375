using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stadtkern.Features.Alerts.Api;
using Stadtkern.Features.Alerts.Cap;
using Stadtkern.Features.Alerts.Delivery;
using Stadtkern.Features.Alerts.Displays;
using Stadtkern.Features.Alerts.Feeds;
using Stadtkern.Features.Alerts.Model;
using Stadtkern.Features.Alerts.Nina;
using Stadtkern.Features.Alerts.Publishing;
using Stadtkern.Features.Alerts.Push;
using Stadtkern.Features.Alerts.Streaming;

namespace Stadtkern.Features.Alerts;

/// <summary>
/// Crisis information: CAP 1.2 alerts, their publishing (four eyes, update, all-clear), the delivery outbox and its channels, the
/// intake API, feeds and pages. The other alert areas (NINA import, stream, push, app, displays) register one line each here.
/// </summary>
internal static class AlertsFeature
{
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddOptions<AlertsOptions>().BindConfiguration(AlertsOptions.Section).ValidateDataAnnotations();
        services.AddSingleton<CapSchema>();
        services.AddScoped<ActiveAlerts>();
        services.AddScoped<AlertQueries>();
        services.AddScoped<IAlertPublisher, PublishAlert>();
        services.AddScoped<ApproveAlert>();
        services.AddScoped<AlertOutbox>();
        services.AddSingleton<AlertChannelRegistry>();
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<DeliverAlerts>();
        services.AddHostedService<AlertDeliveryWorker>();
        DatabaseReadChannel.AddBuiltInChannels(services);
        services.AddPush();
        services.AddDisplays();
        services.AddAlertStream(); // alerts-live: SSE hub, LISTEN/NOTIFY, "sse" and "mqtt" channels
        services.AddNinaImport(); // alerts-live: official warnings

        // Alerts are staff work: /verwaltung/warnungen is open to staff (and admins), not only to admins like the rest of /verwaltung.
        services.Configure<RazorPagesOptions>(o => o.Conventions.AddFolderApplicationModelConvention("/Verwaltung/Warnungen", page =>
        {
            foreach (var attribute in page.EndpointMetadata.OfType<AuthorizeAttribute>().ToList())
            {
                page.EndpointMetadata.Remove(attribute);
            }

            page.EndpointMetadata.Add(new AuthorizeAttribute(Platform.Accounts.Policies.Staff));
        }));
        return services;
    }

    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder endpoints)
    {
        ReceiveCapAlert.Map(endpoints);
        ListAlerts.Map(endpoints);
        AlertFeeds.Map(endpoints);
        endpoints.MapPush();
        endpoints.MapDisplays();
        endpoints.MapAlertStream(); // alerts-live
        return endpoints;
    }
}
