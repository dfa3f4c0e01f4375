namespace Stadtkern.Platform.Mqtt.Protocol;

/// <summary>Quality of service of a PUBLISH or a subscription (MQTT 3.1.1 §4.3).</summary>
internal enum MqttQos : byte
{
    AtMostOnce = 0,
    AtLeastOnce = 1,

    /// <summary>Decoded for completeness; the client never requests it and treats it as a protocol error inbound.</summary>
    ExactlyOnce = 2,
}

/// <summary>The control packet types of MQTT 3.1.1 (§2.2.1); the value is the upper nibble of the first byte.</summary>
internal enum MqttPacketType : byte
{
    Connect = 1,
    ConnAck = 2,
    Publish = 3,
    PubAck = 4,
    PubRec = 5,
    PubRel = 6,
    PubComp = 7,
    Subscribe = 8,
    SubAck = 9,
    Unsubscribe = 10,
    UnsubAck = 11,
    PingReq = 12,
    PingResp = 13,
    Disconnect = 14,
}

/// <summary>CONNACK return codes (§3.2.2.3).</summary>
internal enum MqttConnectReturnCode : byte
{
    Accepted = 0,
    UnacceptableProtocolVersion = 1,
    IdentifierRejected = 2,
    ServerUnavailable = 3,
    BadUserNameOrPassword = 4,
    NotAuthorized = 5,
}

internal abstract record MqttPacket
{
    public abstract MqttPacketType Type { get; }
}

/// <summary>The will message the broker publishes when this client disappears without DISCONNECT.</summary>
internal sealed record MqttWill(string Topic, ReadOnlyMemory<byte> Payload, MqttQos Qos, bool Retain);

internal sealed record ConnectPacket(
    string ClientId,
    bool CleanSession,
    ushort KeepAliveSeconds,
    string? Username = null,
    ReadOnlyMemory<byte>? Password = null,
    MqttWill? Will = null) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Connect;
}

internal sealed record ConnAckPacket(bool SessionPresent, MqttConnectReturnCode ReturnCode) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.ConnAck;
}

/// <summary>An application message; <c>PacketId</c> is 0 for QoS 0, otherwise 1..65535.</summary>
internal sealed record PublishPacket(
    string Topic,
    ReadOnlyMemory<byte> Payload,
    MqttQos Qos = MqttQos.AtMostOnce,
    bool Retain = false,
    bool Dup = false,
    ushort PacketId = 0) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Publish;
}

internal sealed record PubAckPacket(ushort PacketId) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.PubAck;
}

internal sealed record MqttTopicRequest(string Filter, MqttQos Qos);

internal sealed record SubscribePacket(ushort PacketId, IReadOnlyList<MqttTopicRequest> Topics) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Subscribe;
}

/// <summary>One return code per requested filter: the granted QoS (0, 1, 2) or <see cref="Failure"/>.</summary>
internal sealed record SubAckPacket(ushort PacketId, IReadOnlyList<byte> ReturnCodes) : MqttPacket
{
    public const byte Failure = 0x80;

    public override MqttPacketType Type => MqttPacketType.SubAck;
}

internal sealed record UnsubscribePacket(ushort PacketId, IReadOnlyList<string> Filters) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Unsubscribe;
}

internal sealed record UnsubAckPacket(ushort PacketId) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.UnsubAck;
}

internal sealed record PingReqPacket : MqttPacket
{
    public static readonly PingReqPacket Instance = new();

    public override MqttPacketType Type => MqttPacketType.PingReq;
}

internal sealed record PingRespPacket : MqttPacket
{
    public static readonly PingRespPacket Instance = new();

    public override MqttPacketType Type => MqttPacketType.PingResp;
}

internal sealed record DisconnectPacket : MqttPacket
{
    public static readonly DisconnectPacket Instance = new();

    public override MqttPacketType Type => MqttPacketType.Disconnect;
}

/// <summary>A malformed packet or a violation of the protocol flow: the connection must be closed (§4.8).</summary>
internal sealed class MqttProtocolException(string message) : Exception(message);
