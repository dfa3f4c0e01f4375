using Microsoft.Extensions.DependencyInjection.Extensions;
using Stadtkern.Features.Sensing.Api;
using Stadtkern.Features.Sensing.Ingest;

namespace Stadtkern.Features.Sensing.Mqtt;

/// <summary>The SensorThings MQTT extension on top of <see cref="Platform.Mqtt.MqttConnection"/> (docs/sensing/mqtt.md).</summary>
internal static class SensingMqttFeature
{
    /// <summary>Call after every other registration of <see cref="IObservationWriter"/> (it wraps the last one).</summary>
    public static IServiceCollection AddSensingMqtt(this IServiceCollection services)
    {
        services.AddOptions<SensingMqttOptions>().BindConfiguration(SensingMqttOptions.Section);
        services.TryAddSingleton<SensingMqttMetrics>();
        services.TryAddSingleton<SensingChanges>();
        services.TryAddSingleton<CaptureEntityChanges>();
        services.TryAddSingleton<SensingEntityVersions>();
        services.TryAddSingleton<MqttDatastreams>();
        services.TryAddSingleton<BatchMqttObservations>();
        services.AddTransient<IStartupFilter, CaptureEntityChangesStartup>();
        services.AddHostedService<PublishSensingChanges>();
        services.AddHostedService<IngestMqttObservations>();

        var inner = services.LastOrDefault(d => d.ServiceType == typeof(IObservationWriter))
            ?? throw new InvalidOperationException("AddSensingMqtt wraps the observation writer: call AddSensingIngest first.");
        services.RemoveAll<IObservationWriter>();
        services.AddSingleton<IObservationWriter>(sp => new PublishingObservationWriter(Resolve(sp, inner), sp.GetRequiredService<SensingChanges>()));
        return services;
    }

    private static IObservationWriter Resolve(IServiceProvider services, ServiceDescriptor descriptor) => descriptor switch
    {
        { ImplementationInstance: IObservationWriter instance } => instance,
        { ImplementationFactory: { } factory } => (IObservationWriter)factory(services),
        { ImplementationType: { } type } => (IObservationWriter)ActivatorUtilities.CreateInstance(services, type),
        _ => throw new InvalidOperationException("Unsupported IObservationWriter registration."),
    };
}
