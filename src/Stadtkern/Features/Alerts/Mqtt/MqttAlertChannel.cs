using Stadtkern.Features.Alerts.Delivery;
using Stadtkern.Features.Alerts.Streaming;
using Stadtkern.Platform.Mqtt;
using Stadtkern.Platform.Mqtt.Protocol;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Alerts.Mqtt;

/// <summary>
/// The "mqtt" delivery channel: the alert summary (the same JSON as an SSE event's data) on <c>alerts/{tenantSlug}</c>
/// (after <c>Mqtt:TopicPrefix</c>), QoS 1 so the broker acknowledges it, and retained so a display that connects later
/// gets the tenant's latest alert message at once. Without a broker (no <c>Mqtt:Url</c>) it reports that and succeeds;
/// when the broker does not acknowledge in time it throws, and the delivery worker retries.
/// </summary>
internal sealed class MqttAlertChannel(MqttConnection mqtt, TenantDirectory tenants) : IAlertChannel
{
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(15);

    public string Key => "mqtt";

    public static string Topic(string tenantSlug) => "alerts/" + tenantSlug;

    public async Task<string?> DeliverAsync(AlertDeliveryContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!mqtt.IsEnabled)
        {
            return "MQTT ist nicht eingerichtet (Mqtt:Url)";
        }

        var payload = AlertStreamPayload.From(context, string.Equals(context.TenantSlug, tenants.DefaultSlug, StringComparison.Ordinal)).ToJson();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AckTimeout);
        try
        {
            await mqtt.PublishAsync(Topic(context.TenantSlug), payload, MqttQos.AtLeastOnce, retain: true, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The MQTT broker did not acknowledge the alert within {AckTimeout.TotalSeconds:0} s ({mqtt.Status.State}).");
        }

        return mqtt.TopicPrefix + Topic(context.TenantSlug);
    }
}
