using System.Diagnostics.Metrics;

namespace Stadtkern.Features.Sensing.Mqtt;

/// <summary>Counters of the SensorThings MQTT extension on the "Stadtkern.Sensing.Mqtt" meter.</summary>
internal sealed class SensingMqttMetrics : IDisposable
{
    public const string MeterName = "Stadtkern.Sensing.Mqtt";

    private readonly Meter meter;
    private readonly Counter<long> published;
    private readonly Counter<long> dropped;
    private readonly Counter<long> received;

    public SensingMqttMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        meter = meterFactory.Create(MeterName);
        published = meter.CreateCounter<long>("stadtkern.sensing.mqtt.published", "{message}", "SensorThings MQTT publications handed to the broker connection.");
        dropped = meter.CreateCounter<long>("stadtkern.sensing.mqtt.publish_dropped", "{change}", "Changes not published (queue full, broker queue full or reading failed).");
        received = meter.CreateCounter<long>("stadtkern.sensing.mqtt.observations.received", "{message}", "Observations received over MQTT, by outcome.");
    }

    public void Published(int count = 1) => published.Add(count);

    public void Dropped(int count = 1) => dropped.Add(count);

    /// <summary>outcome: stored, duplicate, malformed, rejected, own (our own publication, ignored).</summary>
    public void Received(string outcome) => received.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Dispose() => meter.Dispose();
}
