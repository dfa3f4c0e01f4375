using System.Buffers;
using System.Text;
using Stadtkern.Platform.Mqtt.Protocol;

namespace Stadtkern.Tests.Platform.Mqtt;

/// <summary>The MQTT 3.1.1 packet codec: the standard's own examples, every packet type both ways, and malformed input.</summary>
public sealed class MqttCodecTests
{
    // §2.2.3 table 2.4: the boundaries of one to four length bytes.
    [Theory]
    [InlineData(0, new byte[] { 0x00 })]
    [InlineData(127, new byte[] { 0x7F })]
    [InlineData(128, new byte[] { 0x80, 0x01 })]
    [InlineData(16_383, new byte[] { 0xFF, 0x7F })]
    [InlineData(16_384, new byte[] { 0x80, 0x80, 0x01 })]
    [InlineData(2_097_151, new byte[] { 0xFF, 0xFF, 0x7F })]
    [InlineData(2_097_152, new byte[] { 0x80, 0x80, 0x80, 0x01 })]
    [InlineData(268_435_455, new byte[] { 0xFF, 0xFF, 0xFF, 0x7F })]
    public void Remaining_length_is_encoded_and_read_as_in_the_standards_table(int value, byte[] expected)
    {
        var buffer = new byte[4];
        var written = MqttCodec.WriteRemainingLength(buffer, value);

        buffer[..written].ShouldBe(expected);
        MqttCodec.RemainingLengthSize(value).ShouldBe(expected.Length);

        // Read back through the framer: header byte, the length, and (for small values) the body itself.
        if (value <= 16_384)
        {
            var frame = new byte[1 + written + value];
            frame[0] = 0x30;
            expected.CopyTo(frame, 1);
            var status = MqttCodec.TryReadFrame(new ReadOnlySequence<byte>(frame), int.MaxValue, out var first, out var body, out _);
            status.ShouldBe(MqttCodec.FrameStatus.Complete);
            first.ShouldBe((byte)0x30);
            body.Length.ShouldBe(value);
        }
    }

    [Fact]
    public void A_fifth_length_byte_is_malformed()
    {
        byte[] frame = [0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];
        Should.Throw<MqttProtocolException>(() => MqttCodec.TryReadFrame(new ReadOnlySequence<byte>(frame), int.MaxValue, out _, out _, out _));
    }

    [Fact]
    public void A_length_beyond_the_limit_is_refused_before_the_body_arrives()
    {
        byte[] header = [0x30, 0xFF, 0xFF, 0xFF, 0x7F];
        var error = Should.Throw<MqttProtocolException>(() => MqttCodec.TryReadFrame(new ReadOnlySequence<byte>(header), 1024, out _, out _, out _));
        error.Message.ShouldContain("exceeds");
    }

    [Fact]
    public void Partial_frames_ask_for_more_data()
    {
        var packet = MqttCodec.Encode(new PublishPacket("a/b", "hello"u8.ToArray()));
        for (var cut = 0; cut < packet.Length; cut++)
        {
            MqttCodec.TryReadFrame(new ReadOnlySequence<byte>(packet, 0, cut), 1024, out _, out _, out _)
                .ShouldBe(MqttCodec.FrameStatus.NeedMoreData, $"cut at {cut}");
        }

        MqttCodec.TryReadFrame(new ReadOnlySequence<byte>(packet), 1024, out _, out var body, out var end)
            .ShouldBe(MqttCodec.FrameStatus.Complete);
        body.Length.ShouldBe(packet.Length - 2);
        end.ShouldBe(new ReadOnlySequence<byte>(packet).End);
    }

    // §1.5.3 figure 1.3: "A" followed by U+2A6D4 encodes as 00 05 41 F0 AA 9B 94.
    [Fact]
    public void Strings_are_length_prefixed_utf8_as_in_the_standards_example()
    {
        var topic = "A\U0002A6D4";
        var bytes = MqttCodec.Encode(new PublishPacket(topic, ReadOnlyMemory<byte>.Empty));

        bytes.ShouldBe(new byte[] { 0x30, 0x07, 0x00, 0x05, 0x41, 0xF0, 0xAA, 0x9B, 0x94 });
        ((PublishPacket)Decode(bytes)).Topic.ShouldBe(topic);
    }

    // §3.1.2.10 figure 3.6: the variable header of a CONNECT with user name, password, will QoS 1, will, clean session, keep-alive 10.
    [Fact]
    public void Connect_variable_header_matches_the_standards_example()
    {
        var connect = new ConnectPacket("c", CleanSession: true, KeepAliveSeconds: 10, "u", "p"u8.ToArray(),
            new MqttWill("w", "x"u8.ToArray(), MqttQos.AtLeastOnce, Retain: false));

        var bytes = MqttCodec.Encode(connect);

        bytes[0].ShouldBe((byte)0x10);
        bytes[2..12].ShouldBe(new byte[] { 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, 0xCE, 0x00, 0x0A });
        var decoded = (ConnectPacket)Decode(bytes);
        decoded.ClientId.ShouldBe("c");
        decoded.CleanSession.ShouldBeTrue();
        decoded.KeepAliveSeconds.ShouldBe((ushort)10);
        decoded.Username.ShouldBe("u");
        decoded.Password!.Value.ToArray().ShouldBe("p"u8.ToArray());
        decoded.Will!.Topic.ShouldBe("w");
        decoded.Will.Payload.ToArray().ShouldBe("x"u8.ToArray());
        decoded.Will.Qos.ShouldBe(MqttQos.AtLeastOnce);
    }

    [Fact]
    public void Every_packet_type_survives_a_round_trip()
    {
        MqttPacket[] packets =
        [
            new ConnectPacket("stadtkern-1", CleanSession: false, KeepAliveSeconds: 30),
            new ConnectPacket("", CleanSession: true, KeepAliveSeconds: 0, "nutzer", Encoding.UTF8.GetBytes("geheim")),
            new ConnAckPacket(SessionPresent: true, MqttConnectReturnCode.Accepted),
            new ConnAckPacket(SessionPresent: false, MqttConnectReturnCode.NotAuthorized),
            new PublishPacket("v1.1/Datastreams(5)/Observations", "{\"result\":21.5}"u8.ToArray(), MqttQos.AtLeastOnce, Retain: true, Dup: true, PacketId: 65535),
            new PublishPacket("ä/ö", new byte[70_000], MqttQos.AtMostOnce),
            new PubAckPacket(1),
            new SubscribePacket(7, [new("v1.1/+/Observations", MqttQos.AtLeastOnce), new("#", MqttQos.AtMostOnce)]),
            new SubAckPacket(7, [0x01, 0x00, SubAckPacket.Failure]),
            new UnsubscribePacket(8, ["a/+", "b/#"]),
            new UnsubAckPacket(8),
            PingReqPacket.Instance,
            PingRespPacket.Instance,
            DisconnectPacket.Instance,
        ];

        foreach (var packet in packets)
        {
            var bytes = MqttCodec.Encode(packet);
            var decoded = Decode(bytes);
            decoded.Type.ShouldBe(packet.Type);
            MqttCodec.Encode(decoded).ShouldBe(bytes, $"{packet.Type} re-encodes identically");
        }
    }

    [Fact]
    public void Fixed_packets_have_the_bytes_the_standard_defines()
    {
        MqttCodec.Encode(PingReqPacket.Instance).ShouldBe(new byte[] { 0xC0, 0x00 });
        MqttCodec.Encode(PingRespPacket.Instance).ShouldBe(new byte[] { 0xD0, 0x00 });
        MqttCodec.Encode(DisconnectPacket.Instance).ShouldBe(new byte[] { 0xE0, 0x00 });
        MqttCodec.Encode(new PubAckPacket(0x1234)).ShouldBe(new byte[] { 0x40, 0x02, 0x12, 0x34 });
        MqttCodec.Encode(new ConnAckPacket(true, MqttConnectReturnCode.Accepted)).ShouldBe(new byte[] { 0x20, 0x02, 0x01, 0x00 });
        // SUBSCRIBE and UNSUBSCRIBE carry the fixed flags 0010 (§3.8.1, §3.10.1).
        MqttCodec.Encode(new SubscribePacket(1, [new("a", MqttQos.AtLeastOnce)]))
            .ShouldBe(new byte[] { 0x82, 0x06, 0x00, 0x01, 0x00, 0x01, (byte)'a', 0x01 });
        MqttCodec.Encode(new UnsubscribePacket(2, ["a"])).ShouldBe(new byte[] { 0xA2, 0x05, 0x00, 0x02, 0x00, 0x01, (byte)'a' });
        // PUBLISH flags: DUP 8, QoS 1 → 2, RETAIN 1.
        MqttCodec.Encode(new PublishPacket("t", "x"u8.ToArray(), MqttQos.AtLeastOnce, Retain: true, Dup: true, PacketId: 10))
            .ShouldBe(new byte[] { 0x3B, 0x06, 0x00, 0x01, (byte)'t', 0x00, 0x0A, (byte)'x' });
    }

    public static TheoryData<string, byte[]> Malformed => new()
    {
        { "reserved packet type 0", [0x00, 0x00] },
        { "reserved packet type 15", [0xF0, 0x00] },
        { "PINGRESP with flags", [0xD1, 0x00] },
        { "PINGRESP with a body", [0xD0, 0x01, 0x00] },
        { "SUBSCRIBE without flags 0010", [0x80, 0x06, 0x00, 0x01, 0x00, 0x01, (byte)'a', 0x01] },
        { "PUBLISH QoS 3", [0x36, 0x05, 0x00, 0x01, (byte)'t', 0x00, 0x01] },
        { "PUBLISH QoS 0 with DUP", [0x38, 0x03, 0x00, 0x01, (byte)'t'] },
        { "PUBLISH packet id 0", [0x32, 0x05, 0x00, 0x01, (byte)'t', 0x00, 0x00] },
        { "PUBLISH empty topic", [0x30, 0x02, 0x00, 0x00] },
        { "PUBLISH topic with +", [0x30, 0x05, 0x00, 0x03, (byte)'a', (byte)'/', (byte)'+'] },
        { "PUBLISH topic with #", [0x30, 0x03, 0x00, 0x01, (byte)'#'] },
        { "PUBLISH topic with U+0000", [0x30, 0x05, 0x00, 0x03, (byte)'a', 0x00, (byte)'b'] },
        { "PUBLISH topic not UTF-8", [0x30, 0x04, 0x00, 0x02, 0xC3, 0x28] },
        { "PUBLISH topic as UTF-8-encoded surrogate", [0x30, 0x05, 0x00, 0x03, 0xED, 0xA0, 0x80] },
        { "PUBLISH topic longer than the packet", [0x30, 0x03, 0x00, 0x09, (byte)'t'] },
        { "PUBACK too short", [0x40, 0x01, 0x00] },
        { "PUBACK with trailing bytes", [0x40, 0x03, 0x00, 0x01, 0x00] },
        { "PUBACK packet id 0", [0x40, 0x02, 0x00, 0x00] },
        { "CONNACK reserved ack flags", [0x20, 0x02, 0x02, 0x00] },
        { "CONNACK reserved return code", [0x20, 0x02, 0x00, 0x06] },
        { "CONNACK refused with session present", [0x20, 0x02, 0x01, 0x05] },
        { "SUBACK reserved return code", [0x90, 0x03, 0x00, 0x01, 0x03] },
        { "SUBACK without return codes", [0x90, 0x02, 0x00, 0x01] },
        { "SUBSCRIBE without topics", [0x82, 0x02, 0x00, 0x01] },
        { "SUBSCRIBE reserved QoS bits", [0x82, 0x06, 0x00, 0x01, 0x00, 0x01, (byte)'a', 0x05] },
        { "SUBSCRIBE bad filter", [0x82, 0x07, 0x00, 0x01, 0x00, 0x02, (byte)'a', (byte)'#', 0x00] },
        { "UNSUBSCRIBE without topics", [0xA2, 0x02, 0x00, 0x01] },
        { "CONNECT wrong protocol name", [0x10, 0x0D, 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'X', 0x04, 0x02, 0x00, 0x0A, 0x00, 0x01, (byte)'c'] },
        { "CONNECT protocol level 5", [0x10, 0x0D, 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x05, 0x02, 0x00, 0x0A, 0x00, 0x01, (byte)'c'] },
        { "CONNECT reserved flag", [0x10, 0x0D, 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, 0x03, 0x00, 0x0A, 0x00, 0x01, (byte)'c'] },
        { "CONNECT password without user", [0x10, 0x0D, 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, 0x42, 0x00, 0x0A, 0x00, 0x01, (byte)'c'] },
        { "CONNECT will QoS without will", [0x10, 0x0D, 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, 0x0A, 0x00, 0x0A, 0x00, 0x01, (byte)'c'] },
        { "PUBREC (QoS 2 flow)", [0x50, 0x02, 0x00, 0x01] },
        { "PUBREL (QoS 2 flow)", [0x62, 0x02, 0x00, 0x01] },
    };

    [Theory, MemberData(nameof(Malformed))]
    public void Malformed_packets_are_protocol_errors(string what, byte[] frame)
    {
        var error = Should.Throw<MqttProtocolException>(() => Decode(frame), what);
        error.Message.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Random_bytes_only_ever_raise_protocol_errors()
    {
        var random = new Random(4711);
        var valid = new[]
        {
            MqttCodec.Encode(new PublishPacket("v1.1/Datastreams(5)/Observations", "{\"result\":1}"u8.ToArray(), MqttQos.AtLeastOnce, PacketId: 3)),
            MqttCodec.Encode(new ConnectPacket("c", true, 30, "u", "p"u8.ToArray(), new MqttWill("w", "x"u8.ToArray(), MqttQos.AtMostOnce, true))),
            MqttCodec.Encode(new SubAckPacket(2, [0, 1, 0x80])),
            MqttCodec.Encode(new SubscribePacket(9, [new("a/+/c", MqttQos.AtLeastOnce)])),
        };
        var decoded = 0;
        for (var i = 0; i < 100_000; i++)
        {
            byte[] frame;
            if (i % 2 == 0)
            {
                frame = new byte[random.Next(1, 40)];
                random.NextBytes(frame);
            }
            else
            {
                // Mutate a valid packet: flip bytes, truncate or extend it.
                frame = [.. valid[random.Next(valid.Length)]];
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    frame[random.Next(frame.Length)] = (byte)random.Next(256);
                }

                if (random.Next(4) == 0)
                {
                    frame = frame[..random.Next(1, frame.Length + 1)];
                }
            }

            try
            {
                if (MqttCodec.TryReadFrame(new ReadOnlySequence<byte>(frame), 1 << 20, out var first, out var body, out _) == MqttCodec.FrameStatus.Complete)
                {
                    MqttCodec.Decode(first, body.ToArray());
                    decoded++;
                }
            }
            catch (MqttProtocolException)
            {
                // Expected for almost every input; anything else would escape and fail the test.
            }
        }

        decoded.ShouldBeGreaterThan(0, "some mutations stay valid packets");
    }

    [Fact]
    public void Encoding_refuses_what_the_standard_forbids()
    {
        Should.Throw<ArgumentException>(() => MqttCodec.Encode(new PublishPacket("a/#", ReadOnlyMemory<byte>.Empty)));
        Should.Throw<ArgumentException>(() => MqttCodec.Encode(new PublishPacket("a", ReadOnlyMemory<byte>.Empty, MqttQos.AtLeastOnce, PacketId: 0)));
        Should.Throw<ArgumentException>(() => MqttCodec.Encode(new PublishPacket("a\0b", ReadOnlyMemory<byte>.Empty)));
        Should.Throw<ArgumentException>(() => MqttCodec.Encode(new SubscribePacket(1, [])));
        Should.Throw<ArgumentException>(() => MqttCodec.Encode(new SubscribePacket(1, [new("a/b#", MqttQos.AtMostOnce)])));
        Should.Throw<ArgumentException>(() => MqttCodec.Encode(new ConnectPacket("c", true, 10, null, "p"u8.ToArray())));
        Should.Throw<ArgumentException>(() => MqttCodec.Encode(new ConnectPacket("", false, 10)));
        Should.Throw<ArgumentException>(() => MqttCodec.Encode(new PublishPacket(new string('x', 70_000), ReadOnlyMemory<byte>.Empty)));
    }

    private static MqttPacket Decode(byte[] frame)
    {
        MqttCodec.TryReadFrame(new ReadOnlySequence<byte>(frame), int.MaxValue, out var first, out var body, out var end)
            .ShouldBe(MqttCodec.FrameStatus.Complete, "the frame is complete");
        end.ShouldBe(new ReadOnlySequence<byte>(frame).End);
        return MqttCodec.Decode(first, body.ToArray());
    }
}
