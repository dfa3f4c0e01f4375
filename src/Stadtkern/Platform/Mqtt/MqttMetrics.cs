using System.Diagnostics.Metrics;
using Stadtkern.Platform.Mqtt.Protocol;

namespace Stadtkern.Platform.Mqtt;

/// <summary>MQTT traffic on the "Stadtkern.Mqtt" meter, exported at /metrics like every Stadtkern meter.</summary>
internal sealed class MqttMetrics : IDisposable
{
    public const string MeterName = "Stadtkern.Mqtt";

    private static readonly KeyValuePair<string, object?> Qos0 = new("qos", "0");
    private static readonly KeyValuePair<string, object?> Qos1 = new("qos", "1");
    private static readonly KeyValuePair<string, object?> Retransmitted = new("retransmitted", "true");
    private static readonly KeyValuePair<string, object?> FirstAttempt = new("retransmitted", "false");

    private readonly Meter meter;
    private readonly Counter<long> received;
    private readonly Counter<long> sent;
    private readonly Counter<long> reconnects;
    private readonly Counter<long> protocolErrors;
    private readonly Counter<long> handlerFailures;
    private readonly Counter<long> dropped;

    public MqttMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        meter = meterFactory.Create(MeterName);
        received = meter.CreateCounter<long>("stadtkern.mqtt.messages.received", "{message}", "MQTT messages received from the broker.");
        sent = meter.CreateCounter<long>("stadtkern.mqtt.messages.sent", "{message}", "MQTT messages written to the broker (retransmissions flagged).");
        reconnects = meter.CreateCounter<long>("stadtkern.mqtt.reconnects", "{reconnect}", "Successful reconnects to the MQTT broker.");
        protocolErrors = meter.CreateCounter<long>("stadtkern.mqtt.protocol_errors", "{error}", "Connections closed because the broker violated the protocol.");
        handlerFailures = meter.CreateCounter<long>("stadtkern.mqtt.handler_failures", "{message}", "Received messages whose handler failed (QoS 1: not acknowledged).");
        dropped = meter.CreateCounter<long>("stadtkern.mqtt.messages.dropped", "{message}", "Outbound messages dropped because the queue was full.");
    }

    public Meter Meter => meter;

    public void Received(MqttQos qos) => received.Add(1, qos == MqttQos.AtMostOnce ? Qos0 : Qos1);

    public void Sent(MqttQos qos, int count, bool retransmitted) =>
        sent.Add(count, qos == MqttQos.AtMostOnce ? Qos0 : Qos1, retransmitted ? Retransmitted : FirstAttempt);

    public void Reconnected() => reconnects.Add(1);

    public void ProtocolError() => protocolErrors.Add(1);

    public void HandlerFailed() => handlerFailures.Add(1);

    public void Dropped() => dropped.Add(1);

    public void Dispose() => meter.Dispose();
}
