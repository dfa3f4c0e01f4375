using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Stadtkern.Platform.Mqtt;

internal static class MqttSetup
{
    /// <summary>Registers <see cref="MqttConnection"/> (a singleton hosted service) configured from the <c>Mqtt</c> section.</summary>
    public static IServiceCollection AddMqtt(this IServiceCollection services)
    {
        services.AddOptions<MqttOptions>().BindConfiguration(MqttOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MqttMetrics>();
        services.TryAddSingleton<MqttConnection>();
        services.AddHostedService(sp => sp.GetRequiredService<MqttConnection>());
        return services;
    }
}
