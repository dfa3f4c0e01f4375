using System.Collections.Concurrent;
using Stadtkern.Platform.Mqtt;
using Stadtkern.Platform.Mqtt.Protocol;

namespace Stadtkern.Tests.Platform.Mqtt;

/// <summary>What happens when things go wrong: broker restarts, failing handlers, protocol violations, full queues.</summary>
public sealed class MqttReconnectTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_the_broker_restarts_the_client_reconnects_resubscribes_and_sends_what_was_queued()
    {
        await using var broker = new DedicatedBroker();
        await broker.StartAsync();
        var received = new ConcurrentQueue<string>();
        await using var client = new MqttClient(TestBroker.Options(broker.Url));
        await client.SubscribeAsync("werte/#", MqttQos.AtLeastOnce, (m, _) => { received.Enqueue(m.Topic + "=" + m.PayloadText()); return Task.CompletedTask; }, Ct);
        await client.ConnectAsync(Ct);
        await client.PublishAsync("werte/vorher", "1", MqttQos.AtLeastOnce, cancellationToken: Ct);
        await TestBroker.EventuallyAsync(() => received.Contains("werte/vorher=1"), "the message before the restart");

        broker.Kill();
        await TestBroker.EventuallyAsync(() => client.State == MqttClientState.Reconnecting, "the client noticing the broker is gone");
        client.LastError.ShouldNotBeNull();
        var whileDown = client.PublishAsync("werte/waehrend", "2", MqttQos.AtLeastOnce, cancellationToken: Ct);
        client.TryPublish("werte/waehrend0", "3"u8.ToArray()).ShouldBeTrue();
        await Task.Delay(300, Ct);
        whileDown.IsCompleted.ShouldBeFalse("no broker, no PUBACK");

        await broker.StartAsync();

        await TestBroker.EventuallyAsync(() => client.State == MqttClientState.Connected, "the reconnect");
        client.Reconnects.ShouldBeGreaterThanOrEqualTo(1);
        await whileDown.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        // The new broker knows no session: only the re-sent subscription can deliver these.
        await TestBroker.EventuallyAsync(() => received.Contains("werte/waehrend=2") && received.Contains("werte/waehrend0=3"), "the queued messages, through the renewed subscription");
        await using var pub = ToolProcess.Start(TestBroker.Tool("mosquitto_pub"), ["-V", "mqttv311", "-h", "127.0.0.1", "-p", broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-t", "werte/nachher", "-q", "1", "-m", "4"]);
        await pub.ReadToEndAsync();
        await TestBroker.EventuallyAsync(() => received.Contains("werte/nachher=4"), "a message from mosquitto_pub after the restart");
    }

    [Fact]
    public async Task A_qos_1_message_whose_handler_failed_is_not_acknowledged_and_the_broker_redelivers_it()
    {
        var topic = TestBroker.Topic("redeliver");
        var attempts = new ConcurrentQueue<MqttMessage>();
        var options = TestBroker.Options(clientId: "stk-redeliver-" + Guid.NewGuid().ToString("N")[..8]) with { CleanSession = false };
        await using var client = new MqttClient(options);
        await client.SubscribeAsync(topic, MqttQos.AtLeastOnce, (m, _) =>
        {
            attempts.Enqueue(m);
            return attempts.Count == 1 ? throw new InvalidOperationException("database briefly unavailable") : Task.CompletedTask;
        }, Ct);
        await client.ConnectAsync(Ct);

        await using var publisher = new MqttClient(TestBroker.Options());
        await publisher.ConnectAsync(Ct);
        await publisher.PublishAsync(topic, "Messwert 7", MqttQos.AtLeastOnce, cancellationToken: Ct);

        await TestBroker.EventuallyAsync(() => attempts.Count >= 2, "the redelivery");
        await Task.Delay(500, Ct);
        attempts.Count.ShouldBe(2, "acknowledged after the second, successful attempt");
        var list = attempts.ToArray();
        list.ShouldAllBe(m => m.PayloadText() == "Messwert 7");
        list[1].Dup.ShouldBeTrue();
        client.Reconnects.ShouldBeGreaterThanOrEqualTo(1);
        client.State.ShouldBe(MqttClientState.Connected);
    }

    [Fact]
    public async Task Qos_1_handlers_may_overlap_but_pubacks_follow_arrival_order()
    {
        // The fake broker sends three QoS 1 messages; the first handler is the slowest. §4.6: PUBACKs in arrival order.
        var acks = new ConcurrentQueue<ushort>();
        await using var broker = new FakeBroker(async (_, session) =>
        {
            for (ushort id = 1; id <= 3; id++)
            {
                await session.SendAsync(new PublishPacket("t", new[] { (byte)id }, MqttQos.AtLeastOnce, PacketId: id));
            }

            while (await session.ReadAsync() is { } packet)
            {
                if (packet is PubAckPacket ack)
                {
                    acks.Enqueue(ack.PacketId);
                }
                else if (packet is SubscribePacket subscribe)
                {
                    await session.SendAsync(new SubAckPacket(subscribe.PacketId, [1]));
                }
            }
        });
        var finished = new ConcurrentQueue<byte>();
        await using var client = new MqttClient(TestBroker.Options(broker.Url) with { MaxConcurrentHandlers = 4 });
        await client.SubscribeAsync("t", MqttQos.AtLeastOnce, async (m, ct) =>
        {
            await Task.Delay(m.Payload.Span[0] == 1 ? 400 : 10, ct);
            finished.Enqueue(m.Payload.Span[0]);
        }, Ct);
        await client.ConnectAsync(Ct);

        await TestBroker.EventuallyAsync(() => acks.Count >= 3, "three PUBACKs");
        client.Reconnects.ShouldBe(0);
        finished.ToArray()[^1].ShouldBe((byte)1, "the slow first handler finished last");
        acks.ToArray().ShouldBe(new ushort[] { 1, 2, 3 });
    }

    [Fact]
    public async Task An_unacknowledged_qos_1_message_is_sent_again_with_dup_and_the_same_id_after_a_reconnect()
    {
        var seen = new ConcurrentQueue<PublishPacket>();
        await using var broker = new FakeBroker(async (index, session) =>
        {
            while (await session.ReadAsync() is { } packet)
            {
                if (packet is PublishPacket p)
                {
                    seen.Enqueue(p);
                    if (index == 0)
                    {
                        return; // swallow it and drop the connection: no PUBACK
                    }

                    await session.SendAsync(new PubAckPacket(p.PacketId));
                }
            }
        });
        await using var client = new MqttClient(TestBroker.Options(broker.Url));
        await client.ConnectAsync(Ct);

        await client.PublishAsync("v1.1/Datastreams(1)/Observations", "{\"result\":1}", MqttQos.AtLeastOnce, cancellationToken: Ct)
            .WaitAsync(TimeSpan.FromSeconds(10), Ct);

        var copies = seen.ToArray();
        copies.Length.ShouldBe(2);
        copies[0].Dup.ShouldBeFalse();
        copies[1].Dup.ShouldBeTrue();
        copies[1].PacketId.ShouldBe(copies[0].PacketId);
        copies[1].Payload.ToArray().ShouldBe(copies[0].Payload.ToArray());
        client.InflightCount.ShouldBe(0);
    }

    public static TheoryData<string, byte[]> BrokerViolations => new()
    {
        { "reserved packet type", [0xF0, 0x00] },
        { "remaining length beyond the limit", [0x30, 0xFF, 0xFF, 0xFF, 0x7F] },
        { "QoS 2 message", [0x34, 0x05, 0x00, 0x01, (byte)'t', 0x00, 0x01] },
        { "a second CONNACK", [0x20, 0x02, 0x00, 0x00] },
        { "a SUBSCRIBE (server to client)", [0x82, 0x06, 0x00, 0x01, 0x00, 0x01, (byte)'a', 0x01] },
        { "invalid UTF-8 in a topic", [0x30, 0x04, 0x00, 0x02, 0xC3, 0x28] },
    };

    [Theory, MemberData(nameof(BrokerViolations))]
    public async Task A_protocol_violation_closes_the_connection_and_the_client_reconnects(string what, byte[] garbage)
    {
        await using var broker = new FakeBroker(async (index, session) =>
        {
            if (index == 0)
            {
                await session.SendRawAsync(garbage);
                await session.DrainAsync();
                return;
            }

            await FakeBroker.BehaveAsync(session);
        });
        var handled = 0;
        await using var client = new MqttClient(TestBroker.Options(broker.Url) with { MaxPacketSize = 1024 * 1024 });
        await client.SubscribeAsync("#", MqttQos.AtLeastOnce, (_, _) => { Interlocked.Increment(ref handled); return Task.CompletedTask; }, Ct);
        await client.ConnectAsync(Ct);

        await TestBroker.EventuallyAsync(() => broker.Connections >= 2 && client.State == MqttClientState.Connected, $"a new connection after {what}");
        client.LastError.ShouldNotBeNullOrEmpty(what);
        handled.ShouldBe(0, "nothing of the malformed traffic reached a handler");
        await client.PublishAsync("ok", "1", MqttQos.AtLeastOnce, cancellationToken: Ct).WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }

    [Fact]
    public async Task A_full_queue_pushes_back_and_try_publish_reports_it()
    {
        // Never connected: everything stays in the queue of two.
        await using var client = new MqttClient(TestBroker.Options($"mqtt://127.0.0.1:{TestBroker.FreePort()}") with { MaxQueuedMessages = 2 });

        client.TryPublish("a", "1"u8.ToArray()).ShouldBeTrue();
        client.TryPublish("a", "2"u8.ToArray(), MqttQos.AtLeastOnce).ShouldBeTrue();
        client.TryPublish("a", "3"u8.ToArray()).ShouldBeFalse();
        client.QueuedCount.ShouldBe(2);

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        wait.CancelAfter(TimeSpan.FromMilliseconds(300));
        await Should.ThrowAsync<OperationCanceledException>(() => client.PublishAsync("a", "4", cancellationToken: wait.Token));
        client.QueuedCount.ShouldBe(2);

        Should.Throw<ArgumentOutOfRangeException>(() => client.TryPublish("a", "x"u8.ToArray(), MqttQos.ExactlyOnce));
        Should.Throw<ArgumentException>(() => client.TryPublish("a/#", "x"u8.ToArray()));
    }

    [Fact]
    public async Task Disconnect_delivers_what_is_queued_before_closing()
    {
        var acked = new ConcurrentQueue<string>();
        await using var broker = new FakeBroker(async (_, session) =>
        {
            while (await session.ReadAsync() is { } packet)
            {
                if (packet is PublishPacket p)
                {
                    acked.Enqueue(p.Topic);
                    await Task.Delay(5);
                    await session.SendAsync(new PubAckPacket(p.PacketId));
                }
                else if (packet is DisconnectPacket)
                {
                    acked.Enqueue("DISCONNECT");
                    return;
                }
            }
        });
        var client = new MqttClient(TestBroker.Options(broker.Url) with { MaxInflight = 5 });
        await client.ConnectAsync(Ct);
        for (var i = 0; i < 50; i++)
        {
            client.TryPublish("m/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), "x"u8.ToArray(), MqttQos.AtLeastOnce).ShouldBeTrue();
        }

        await client.DisconnectAsync(Ct);

        // DisconnectAsync returns once DISCONNECT is written; the fake broker reads it a moment later.
        await TestBroker.EventuallyAsync(() => acked.Contains("DISCONNECT"), "the DISCONNECT");
        acked.Count.ShouldBe(51);
        acked.Last().ShouldBe("DISCONNECT");
        client.State.ShouldBe(MqttClientState.Closed);
    }
}
