using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Stadtkern.Platform.Mqtt.Protocol;

/// <summary>
/// Encodes and decodes MQTT 3.1.1 control packets (OASIS standard, chapters 2 and 3). Decoding is strict: reserved
/// flags, bad lengths, invalid UTF-8, U+0000 in strings, packet id 0, wildcards in topic names, trailing bytes and
/// the like throw <see cref="MqttProtocolException"/>, after which the caller closes the connection.
/// </summary>
internal static class MqttCodec
{
    /// <summary>The largest remaining length four length bytes can express (§2.2.3).</summary>
    public const int MaxRemainingLength = 268_435_455;

    public const string ProtocolName = "MQTT";

    public const byte ProtocolLevel = 4;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // ---- encoding ----------------------------------------------------------------------------------------------

    public static byte[] Encode(MqttPacket packet)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Encode(packet, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the whole packet (fixed header included) to <paramref name="output"/>.</summary>
    public static void Encode(MqttPacket packet, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(output);

        var length = BodyLength(packet);
        if (length > MaxRemainingLength)
        {
            throw new ArgumentException($"The packet is {length} bytes long; MQTT allows at most {MaxRemainingLength}.", nameof(packet));
        }

        var total = 1 + RemainingLengthSize(length) + length;
        var span = output.GetSpan(total);
        var w = new SpanWriter(span[..total]);
        w.Byte(FirstByte(packet));
        w.Position += WriteRemainingLength(span[w.Position..], length);
        WriteBody(packet, ref w);
        if (w.Position != total)
        {
            throw new InvalidOperationException($"Encoded {w.Position} bytes of {total} for {packet.Type}.");
        }

        output.Advance(total);
    }

    /// <summary>Writes <paramref name="value"/> as the variable-length "remaining length" and returns the bytes used.</summary>
    public static int WriteRemainingLength(Span<byte> destination, int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxRemainingLength);
        var i = 0;
        do
        {
            var digit = (byte)(value % 128);
            value /= 128;
            destination[i++] = value > 0 ? (byte)(digit | 0x80) : digit;
        }
        while (value > 0);
        return i;
    }

    public static int RemainingLengthSize(int value) => value switch
    {
        < 128 => 1,
        < 16_384 => 2,
        < 2_097_152 => 3,
        _ => 4,
    };

    private static byte FirstByte(MqttPacket packet)
    {
        var type = (byte)((byte)packet.Type << 4);
        return packet switch
        {
            PublishPacket p => (byte)(type | (p.Dup ? 0x08 : 0) | ((byte)p.Qos << 1) | (p.Retain ? 0x01 : 0)),
            SubscribePacket or UnsubscribePacket => (byte)(type | 0x02),
            _ => type,
        };
    }

    private static int BodyLength(MqttPacket packet) => packet switch
    {
        ConnectPacket c => 10 + StringSize(c.ClientId)
            + (c.Will is { } will ? StringSize(will.Topic) + 2 + will.Payload.Length : 0)
            + (c.Username is null ? 0 : StringSize(c.Username))
            + (c.Password is { } password ? 2 + password.Length : 0),
        ConnAckPacket => 2,
        PublishPacket p => StringSize(p.Topic) + (p.Qos == MqttQos.AtMostOnce ? 0 : 2) + p.Payload.Length,
        PubAckPacket or UnsubAckPacket => 2,
        SubscribePacket s => 2 + s.Topics.Sum(t => StringSize(t.Filter) + 1),
        SubAckPacket s => 2 + s.ReturnCodes.Count,
        UnsubscribePacket u => 2 + u.Filters.Sum(StringSize),
        PingReqPacket or PingRespPacket or DisconnectPacket => 0,
        _ => throw new ArgumentException($"Cannot encode {packet.Type}.", nameof(packet)),
    };

    private static void WriteBody(MqttPacket packet, ref SpanWriter w)
    {
        switch (packet)
        {
            case ConnectPacket c:
                ValidateConnect(c);
                w.String(ProtocolName);
                w.Byte(ProtocolLevel);
                var flags = (c.Username is null ? 0 : 0x80) | (c.Password is null ? 0 : 0x40) | (c.CleanSession ? 0x02 : 0);
                if (c.Will is { } will)
                {
                    flags |= 0x04 | ((byte)will.Qos << 3) | (will.Retain ? 0x20 : 0);
                }

                w.Byte((byte)flags);
                w.UInt16(c.KeepAliveSeconds);
                w.String(c.ClientId);
                if (c.Will is { } w2)
                {
                    w.String(w2.Topic);
                    w.Binary(w2.Payload.Span);
                }

                if (c.Username is not null)
                {
                    w.String(c.Username);
                }

                if (c.Password is { } password)
                {
                    w.Binary(password.Span);
                }

                break;
            case ConnAckPacket a:
                w.Byte(a.SessionPresent ? (byte)1 : (byte)0);
                w.Byte((byte)a.ReturnCode);
                break;
            case PublishPacket p:
                MqttTopics.ValidateTopicName(p.Topic);
                RequireValidQos(p.Qos);
                w.String(p.Topic);
                if (p.Qos != MqttQos.AtMostOnce)
                {
                    w.UInt16(RequirePacketId(p.PacketId));
                }
                else if (p.PacketId != 0 || p.Dup)
                {
                    throw new ArgumentException("A QoS 0 PUBLISH has neither a packet id nor the DUP flag.", nameof(packet));
                }

                p.Payload.Span.CopyTo(w.Rest);
                w.Position += p.Payload.Length;
                break;
            case PubAckPacket a:
                w.UInt16(RequirePacketId(a.PacketId));
                break;
            case SubscribePacket s:
                w.UInt16(RequirePacketId(s.PacketId));
                if (s.Topics.Count == 0)
                {
                    throw new ArgumentException("SUBSCRIBE needs at least one topic filter.", nameof(packet));
                }

                foreach (var topic in s.Topics)
                {
                    MqttTopics.ValidateTopicFilter(topic.Filter);
                    RequireValidQos(topic.Qos);
                    w.String(topic.Filter);
                    w.Byte((byte)topic.Qos);
                }

                break;
            case SubAckPacket s:
                w.UInt16(RequirePacketId(s.PacketId));
                foreach (var code in s.ReturnCodes)
                {
                    w.Byte(code);
                }

                break;
            case UnsubscribePacket u:
                w.UInt16(RequirePacketId(u.PacketId));
                if (u.Filters.Count == 0)
                {
                    throw new ArgumentException("UNSUBSCRIBE needs at least one topic filter.", nameof(packet));
                }

                foreach (var filter in u.Filters)
                {
                    MqttTopics.ValidateTopicFilter(filter);
                    w.String(filter);
                }

                break;
            case UnsubAckPacket u:
                w.UInt16(RequirePacketId(u.PacketId));
                break;
            default:
                break;
        }
    }

    private static void ValidateConnect(ConnectPacket c)
    {
        if (c.Password is not null && c.Username is null)
        {
            throw new ArgumentException("MQTT 3.1.1 allows a password only together with a user name (§3.1.2.9).");
        }

        if (c.ClientId.Length == 0 && !c.CleanSession)
        {
            throw new ArgumentException("An empty client id requires a clean session (§3.1.3.1).");
        }

        if (c.Will is { } will)
        {
            MqttTopics.ValidateTopicName(will.Topic);
            RequireValidQos(will.Qos);
        }
    }

    private static ushort RequirePacketId(ushort id) =>
        id != 0 ? id : throw new ArgumentException("Packet id 0 is not allowed (§2.3.1).");

    private static void RequireValidQos(MqttQos qos)
    {
        if ((byte)qos > 2)
        {
            throw new ArgumentException($"QoS {(byte)qos} does not exist.");
        }
    }

    private static int StringSize(string value)
    {
        var bytes = StrictUtf8.GetByteCount(value);
        return bytes <= ushort.MaxValue ? 2 + bytes : throw new ArgumentException("An MQTT string is at most 65535 bytes of UTF-8.");
    }

    // ---- framing -----------------------------------------------------------------------------------------------

    internal enum FrameStatus
    {
        Complete,
        NeedMoreData,
    }

    /// <summary>
    /// Finds the first complete packet in <paramref name="buffer"/>. Throws on a malformed remaining length or a packet
    /// larger than <paramref name="maxPacketSize"/> (checked before its body arrives, so a hostile length never allocates).
    /// </summary>
    public static FrameStatus TryReadFrame(
        in ReadOnlySequence<byte> buffer,
        int maxPacketSize,
        out byte firstByte,
        out ReadOnlySequence<byte> body,
        out SequencePosition end)
    {
        firstByte = 0;
        body = default;
        end = buffer.Start;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryRead(out firstByte))
        {
            return FrameStatus.NeedMoreData;
        }

        var length = 0;
        var multiplier = 1;
        for (var i = 0; ; i++)
        {
            if (!reader.TryRead(out var digit))
            {
                return FrameStatus.NeedMoreData;
            }

            if (i == 3 && (digit & 0x80) != 0)
            {
                throw new MqttProtocolException("The remaining length has more than four bytes.");
            }

            length += (digit & 0x7F) * multiplier;
            multiplier *= 128;
            if ((digit & 0x80) == 0)
            {
                // A non-minimal encoding (e.g. 0x80 0x00) is not forbidden by 3.1.1, so it is accepted.
                break;
            }
        }

        if (length > maxPacketSize)
        {
            throw new MqttProtocolException($"The packet's remaining length {length} exceeds the limit of {maxPacketSize} bytes.");
        }

        if (reader.Remaining < length)
        {
            return FrameStatus.NeedMoreData;
        }

        body = buffer.Slice(reader.Position, length);
        end = body.End;
        return FrameStatus.Complete;
    }

    // ---- decoding ----------------------------------------------------------------------------------------------

    /// <summary>Decodes one packet from its first byte and its body (the bytes after the remaining length).</summary>
    public static MqttPacket Decode(byte firstByte, ReadOnlySpan<byte> body)
    {
        var type = (MqttPacketType)(firstByte >> 4);
        var flags = firstByte & 0x0F;
        var r = new SpanReader(body);
        MqttPacket packet;
        switch (type)
        {
            case MqttPacketType.Connect:
                RequireFlags(type, flags, 0);
                packet = DecodeConnect(ref r);
                break;
            case MqttPacketType.ConnAck:
                RequireFlags(type, flags, 0);
                var ackFlags = r.Byte();
                if ((ackFlags & 0xFE) != 0)
                {
                    throw new MqttProtocolException("CONNACK acknowledge flags 1-7 are reserved and must be 0.");
                }

                var code = r.Byte();
                if (code > (byte)MqttConnectReturnCode.NotAuthorized)
                {
                    throw new MqttProtocolException($"CONNACK return code {code} is reserved.");
                }

                if (code != 0 && (ackFlags & 1) != 0)
                {
                    throw new MqttProtocolException("A refused CONNACK must not report a present session (§3.2.2.2).");
                }

                packet = new ConnAckPacket((ackFlags & 1) != 0, (MqttConnectReturnCode)code);
                break;
            case MqttPacketType.Publish:
                packet = DecodePublish(flags, ref r);
                break;
            case MqttPacketType.PubAck:
                RequireFlags(type, flags, 0);
                packet = new PubAckPacket(r.PacketId());
                break;
            case MqttPacketType.Subscribe:
                RequireFlags(type, flags, 2);
                packet = DecodeSubscribe(ref r);
                break;
            case MqttPacketType.SubAck:
                RequireFlags(type, flags, 0);
                var subId = r.PacketId();
                if (r.Remaining == 0)
                {
                    throw new MqttProtocolException("SUBACK carries no return code.");
                }

                var codes = new byte[r.Remaining];
                for (var i = 0; i < codes.Length; i++)
                {
                    codes[i] = r.Byte();
                    if (codes[i] > 2 && codes[i] != SubAckPacket.Failure)
                    {
                        throw new MqttProtocolException($"SUBACK return code 0x{codes[i]:X2} is reserved.");
                    }
                }

                packet = new SubAckPacket(subId, codes);
                break;
            case MqttPacketType.Unsubscribe:
                RequireFlags(type, flags, 2);
                var unsubId = r.PacketId();
                var filters = new List<string>();
                while (r.Remaining > 0)
                {
                    filters.Add(ValidFilter(r.String()));
                }

                if (filters.Count == 0)
                {
                    throw new MqttProtocolException("UNSUBSCRIBE carries no topic filter (§3.10.3).");
                }

                packet = new UnsubscribePacket(unsubId, filters);
                break;
            case MqttPacketType.UnsubAck:
                RequireFlags(type, flags, 0);
                packet = new UnsubAckPacket(r.PacketId());
                break;
            case MqttPacketType.PingReq:
                RequireFlags(type, flags, 0);
                packet = PingReqPacket.Instance;
                break;
            case MqttPacketType.PingResp:
                RequireFlags(type, flags, 0);
                packet = PingRespPacket.Instance;
                break;
            case MqttPacketType.Disconnect:
                RequireFlags(type, flags, 0);
                packet = DisconnectPacket.Instance;
                break;
            case MqttPacketType.PubRec:
            case MqttPacketType.PubRel:
            case MqttPacketType.PubComp:
                throw new MqttProtocolException($"{type} belongs to QoS 2, which this client never requests.");
            default:
                throw new MqttProtocolException($"Packet type {firstByte >> 4} is reserved.");
        }

        if (r.Remaining != 0)
        {
            throw new MqttProtocolException($"{type} has {r.Remaining} unexpected trailing bytes.");
        }

        return packet;
    }

    private static ConnectPacket DecodeConnect(ref SpanReader r)
    {
        var name = r.String();
        if (name != ProtocolName)
        {
            throw new MqttProtocolException($"Unknown protocol name '{name}'.");
        }

        var level = r.Byte();
        if (level != ProtocolLevel)
        {
            throw new MqttProtocolException($"Protocol level {level} is not MQTT 3.1.1 (4).");
        }

        var flags = r.Byte();
        if ((flags & 0x01) != 0)
        {
            throw new MqttProtocolException("The reserved CONNECT flag must be 0 (§3.1.2.3).");
        }

        var willFlag = (flags & 0x04) != 0;
        var willQos = (flags >> 3) & 0x03;
        var willRetain = (flags & 0x20) != 0;
        if (willQos == 3 || (!willFlag && (willQos != 0 || willRetain)))
        {
            throw new MqttProtocolException("Invalid will QoS or will retain flags.");
        }

        var hasUser = (flags & 0x80) != 0;
        var hasPassword = (flags & 0x40) != 0;
        if (hasPassword && !hasUser)
        {
            throw new MqttProtocolException("A password flag without a user name flag (§3.1.2.9).");
        }

        var keepAlive = r.UInt16();
        var clientId = r.String();
        MqttWill? will = null;
        if (willFlag)
        {
            var topic = ValidTopicName(r.String());
            will = new MqttWill(topic, r.Binary().ToArray(), (MqttQos)willQos, willRetain);
        }

        var user = hasUser ? r.String() : null;
        // Not a conditional expression: its null would become an empty, non-null ReadOnlyMemory through the array conversion.
        ReadOnlyMemory<byte>? password = null;
        if (hasPassword)
        {
            password = r.Binary().ToArray();
        }

        return new ConnectPacket(clientId, (flags & 0x02) != 0, keepAlive, user, password, will);
    }

    private static PublishPacket DecodePublish(int flags, ref SpanReader r)
    {
        var qos = (flags >> 1) & 0x03;
        if (qos == 3)
        {
            throw new MqttProtocolException("PUBLISH with QoS 3 (§3.3.1.2).");
        }

        var dup = (flags & 0x08) != 0;
        if (qos == 0 && dup)
        {
            throw new MqttProtocolException("A QoS 0 PUBLISH must not have the DUP flag (§3.3.1.1).");
        }

        var topic = ValidTopicName(r.String());
        var id = qos == 0 ? (ushort)0 : r.PacketId();
        var payload = r.Rest().ToArray();
        return new PublishPacket(topic, payload, (MqttQos)qos, (flags & 0x01) != 0, dup, id);
    }

    private static SubscribePacket DecodeSubscribe(ref SpanReader r)
    {
        var id = r.PacketId();
        var topics = new List<MqttTopicRequest>();
        while (r.Remaining > 0)
        {
            var filter = ValidFilter(r.String());
            var options = r.Byte();
            if ((options & 0xFC) != 0 || (options & 0x03) == 3)
            {
                throw new MqttProtocolException($"Invalid requested QoS byte 0x{options:X2} (§3.8.3.1).");
            }

            topics.Add(new MqttTopicRequest(filter, (MqttQos)options));
        }

        if (topics.Count == 0)
        {
            throw new MqttProtocolException("SUBSCRIBE carries no topic filter (§3.8.3).");
        }

        return new SubscribePacket(id, topics);
    }

    private static void RequireFlags(MqttPacketType type, int actual, int expected)
    {
        if (actual != expected)
        {
            throw new MqttProtocolException($"{type} has reserved flags 0x{actual:X} (expected 0x{expected:X}).");
        }
    }

    private static string ValidTopicName(string topic)
    {
        try
        {
            MqttTopics.ValidateTopicName(topic);
            return topic;
        }
        catch (ArgumentException e)
        {
            throw new MqttProtocolException(e.Message);
        }
    }

    private static string ValidFilter(string filter)
    {
        try
        {
            MqttTopics.ValidateTopicFilter(filter);
            return filter;
        }
        catch (ArgumentException e)
        {
            throw new MqttProtocolException(e.Message);
        }
    }

    // ---- span helpers ------------------------------------------------------------------------------------------

    private ref struct SpanWriter(Span<byte> span)
    {
        private readonly Span<byte> span = span;

        public int Position;

        public readonly Span<byte> Rest => span[Position..];

        public void Byte(byte value) => span[Position++] = value;

        public void UInt16(ushort value)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span[Position..], value);
            Position += 2;
        }

        public void String(string value)
        {
            if (value.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException("MQTT strings must not contain U+0000 (§1.5.3).");
            }

            var written = StrictUtf8.GetBytes(value, span[(Position + 2)..]);
            UInt16((ushort)written);
            Position += written;
        }

        public void Binary(ReadOnlySpan<byte> value)
        {
            if (value.Length > ushort.MaxValue)
            {
                throw new ArgumentException("Binary fields are at most 65535 bytes.");
            }

            UInt16((ushort)value.Length);
            value.CopyTo(span[Position..]);
            Position += value.Length;
        }
    }

    private ref struct SpanReader(ReadOnlySpan<byte> span)
    {
        private readonly ReadOnlySpan<byte> span = span;
        private int position;

        public readonly int Remaining => span.Length - position;

        public byte Byte()
        {
            Need(1);
            return span[position++];
        }

        public ushort UInt16()
        {
            Need(2);
            var value = BinaryPrimitives.ReadUInt16BigEndian(span[position..]);
            position += 2;
            return value;
        }

        public ushort PacketId()
        {
            var id = UInt16();
            return id != 0 ? id : throw new MqttProtocolException("Packet id 0 is not allowed (§2.3.1).");
        }

        public string String()
        {
            var bytes = Binary();
            string text;
            try
            {
                text = StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw new MqttProtocolException("A string is not well-formed UTF-8 (§1.5.3).");
            }

            if (text.Contains('\0', StringComparison.Ordinal))
            {
                throw new MqttProtocolException("A string contains U+0000 (§1.5.3).");
            }

            return text;
        }

        public ReadOnlySpan<byte> Binary()
        {
            var length = UInt16();
            Need(length);
            var value = span.Slice(position, length);
            position += length;
            return value;
        }

        public ReadOnlySpan<byte> Rest()
        {
            var rest = span[position..];
            position = span.Length;
            return rest;
        }

        private readonly void Need(int count)
        {
            if (Remaining < count)
            {
                throw new MqttProtocolException("The packet ends in the middle of a field.");
            }
        }
    }
}
