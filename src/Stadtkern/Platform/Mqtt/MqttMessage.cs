using System.Text;
using Stadtkern.Platform.Mqtt.Protocol;

namespace Stadtkern.Platform.Mqtt;

/// <summary>
/// An application message received on a subscription. <c>Topic</c> is the topic it was published to (without
/// <c>Mqtt:TopicPrefix</c> when it came through MqttConnection); <c>Retain</c> is set when the broker sent it as the
/// topic's retained message on subscribe; <c>Dup</c> when the broker may have sent it before (redelivery).
/// </summary>
internal sealed record MqttMessage(string Topic, ReadOnlyMemory<byte> Payload, MqttQos Qos, bool Retain, bool Dup)
{
    public string PayloadText() => Encoding.UTF8.GetString(Payload.Span);
}

/// <summary>
/// Handles one message. For QoS 1 the broker gets its PUBACK only after the returned task completed successfully;
/// a failure withholds the PUBACK and drops the connection, so that the broker redelivers (persistent sessions).
/// </summary>
internal delegate Task MqttMessageHandler(MqttMessage message, CancellationToken cancellationToken);

internal enum MqttClientState
{
    /// <summary>Not started, or the first connection attempt failed.</summary>
    Disconnected,
    Connecting,
    Connected,

    /// <summary>The connection broke; reconnecting with backoff.</summary>
    Reconnecting,

    /// <summary>Disconnected on purpose; the client cannot be used any more.</summary>
    Closed,
}

/// <summary>The broker refused the connection (CONNACK return code other than 0).</summary>
internal sealed class MqttConnectException(MqttConnectReturnCode returnCode)
    : Exception($"The broker refused the connection: {Describe(returnCode)} (CONNACK return code {(byte)returnCode}).")
{
    public MqttConnectReturnCode ReturnCode { get; } = returnCode;

    public static string Describe(MqttConnectReturnCode code) => code switch
    {
        MqttConnectReturnCode.Accepted => "accepted",
        MqttConnectReturnCode.UnacceptableProtocolVersion => "unacceptable protocol version",
        MqttConnectReturnCode.IdentifierRejected => "client identifier rejected",
        MqttConnectReturnCode.ServerUnavailable => "server unavailable",
        MqttConnectReturnCode.BadUserNameOrPassword => "bad user name or password",
        MqttConnectReturnCode.NotAuthorized => "not authorized",
    };
}

/// <summary>The broker answered a SUBSCRIBE with the failure code 0x80 (for example: not allowed by its ACL).</summary>
internal sealed class MqttSubscribeException(string filter)
    : Exception($"The broker refused the subscription to '{filter}'.")
{
    public string Filter { get; } = filter;
}

/// <summary>The connection was lost while waiting for the broker's answer.</summary>
internal sealed class MqttNotConnectedException(string message, Exception? inner = null) : Exception(message, inner);
