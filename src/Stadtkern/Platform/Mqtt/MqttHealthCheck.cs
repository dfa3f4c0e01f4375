using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Stadtkern.Platform.Mqtt;

/// <summary>
/// MQTT in the readiness check: healthy when off or connected, degraded (not unhealthy: the service still serves
/// everything but MQTT) while the broker is unreachable.
/// </summary>
internal sealed class MqttHealthCheck(MqttConnection connection) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = connection.Status;
        var result = status.State switch
        {
            MqttConnectionState.Off => HealthCheckResult.Healthy("MQTT is off."),
            MqttConnectionState.Connected => HealthCheckResult.Healthy($"Connected to {status.Broker}."),
            MqttConnectionState.Connecting or MqttConnectionState.Reconnecting => HealthCheckResult.Degraded(
                $"Not connected to {status.Broker} ({status.State}){(status.LastError is null ? "" : ": " + status.LastError)}."),
        };
        return Task.FromResult(result);
    }
}
