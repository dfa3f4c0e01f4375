using Stadtkern.Features.Alerts.Delivery;
using Stadtkern.Features.Alerts.Mqtt;

namespace Stadtkern.Features.Alerts.Streaming;

internal static class AlertStreamSetup
{
    /// <summary>The live channels: SSE hub, pump, PostgreSQL listener, the "sse" and "mqtt" delivery channels.</summary>
    public static IServiceCollection AddAlertStream(this IServiceCollection services)
    {
        services.AddOptions<AlertStreamOptions>().BindConfiguration(AlertStreamOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AlertStreamHub>();
        services.AddSingleton<AlertEventReader>();
        services.AddSingleton<AlertStreamPump>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertStreamPump>());
        services.AddSingleton<PostgresAlertListener>();
        services.AddHostedService(sp => sp.GetRequiredService<PostgresAlertListener>());
        services.AddSingleton<IAlertChannel, SseAlertChannel>();
        services.AddSingleton<IAlertChannel, MqttAlertChannel>();
        return services;
    }

    public static IEndpointRouteBuilder MapAlertStream(this IEndpointRouteBuilder endpoints)
    {
        StreamAlerts.Map(endpoints);
        return endpoints;
    }
}
