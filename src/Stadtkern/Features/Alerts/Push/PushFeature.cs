using Microsoft.Extensions.Options;
using Stadtkern.Features.Alerts.Delivery;

namespace Stadtkern.Features.Alerts.Push;

/// <summary>Web Push for the city app: VAPID keys, subscriptions, the sender and the alert channel.</summary>
internal static class PushFeature
{
    public static IServiceCollection AddPush(this IServiceCollection services)
    {
        services.AddOptions<PushOptions>().BindConfiguration(PushOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<VapidKeys>();
        services.AddScoped<BroadcastPush>();
        services.AddSingleton<IAlertChannel, PushChannel>();
        services.AddHttpClient<SendPush>(SendPush.HttpClientName)
            .ConfigureHttpClient((provider, client) =>
                client.Timeout = TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<PushOptions>>().Value.TimeoutSeconds))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // Push services redirect nowhere legitimate; following one would defeat the host allow-list.
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                MaxConnectionsPerServer = 64,
            });
        return services;
    }

    public static IEndpointRouteBuilder MapPush(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPushSubscriptions();
        return endpoints;
    }
}
