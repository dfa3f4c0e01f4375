using System.Collections.Concurrent;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Stadtkern.Platform.Mqtt;
using Stadtkern.Platform.Mqtt.Protocol;

namespace Stadtkern.Tests.Platform.Mqtt;

/// <summary>The client against a real mosquitto (scripts/mqtt-start) and its command-line tools.</summary>
public sealed class MqttBrokerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Connects_anonymously_and_disconnects_cleanly()
    {
        await using var client = new MqttClient(TestBroker.Options());

        await client.ConnectAsync(Ct);
        client.State.ShouldBe(MqttClientState.Connected);
        await client.DisconnectAsync(Ct);

        client.State.ShouldBe(MqttClientState.Closed);
        await Should.ThrowAsync<ObjectDisposedException>(() => client.PublishAsync("a", "b", cancellationToken: Ct));
    }

    [Fact]
    public async Task The_password_listener_refuses_anonymous_and_wrong_passwords_with_their_connack_code_and_accepts_the_right_one()
    {
        await using var anonymous = new MqttClient(TestBroker.Options(TestBroker.AuthUrl));
        var refused = await Should.ThrowAsync<MqttConnectException>(() => anonymous.ConnectAsync(Ct));
        refused.ReturnCode.ShouldBe(MqttConnectReturnCode.NotAuthorized);
        anonymous.State.ShouldBe(MqttClientState.Disconnected);
        anonymous.LastError.ShouldNotBeNull().ShouldContain("not authorized");

        await using var wrong = new MqttClient(TestBroker.Options(TestBroker.AuthUrl) with { Username = TestBroker.User, Password = "falsch" });
        var bad = await Should.ThrowAsync<MqttConnectException>(() => wrong.ConnectAsync(Ct));
        // MQTT 3.1.1 has code 4 for this; mosquitto answers 5 for every authentication failure.
        bad.ReturnCode.ShouldBeOneOf(MqttConnectReturnCode.BadUserNameOrPassword, MqttConnectReturnCode.NotAuthorized);

        await using var right = new MqttClient(TestBroker.Options(TestBroker.AuthUrl) with { Username = TestBroker.User, Password = TestBroker.Password });
        await right.ConnectAsync(Ct);
        right.State.ShouldBe(MqttClientState.Connected);
    }

    [Fact]
    public async Task A_refused_first_connect_can_be_retried()
    {
        await using var client = new MqttClient(TestBroker.Options(TestBroker.AuthUrl));
        await Should.ThrowAsync<MqttConnectException>(() => client.ConnectAsync(Ct));
        await Should.ThrowAsync<MqttConnectException>(() => client.ConnectAsync(Ct));
        client.State.ShouldBe(MqttClientState.Disconnected);
    }

    [Fact]
    public async Task A_closed_port_fails_fast_with_a_socket_error()
    {
        await using var client = new MqttClient(TestBroker.Options($"mqtt://127.0.0.1:{TestBroker.FreePort()}"));
        await Should.ThrowAsync<System.Net.Sockets.SocketException>(() => client.ConnectAsync(Ct));
    }

    [Fact]
    public async Task Tls_works_with_the_brokers_ca_and_is_refused_without_it()
    {
        var ca = new X509Certificate2Collection();
        ca.ImportFromPemFile(TestBroker.CaFile);

        await using var trusted = new MqttClient(TestBroker.Options(TestBroker.TlsUrl) with { TrustedCertificates = ca });
        await trusted.ConnectAsync(Ct);
        var topic = TestBroker.Topic("tls");
        var received = new TaskCompletionSource<string>();
        await trusted.SubscribeAsync(topic, MqttQos.AtLeastOnce, (m, _) => { received.TrySetResult(m.PayloadText()); return Task.CompletedTask; }, Ct);
        await trusted.PublishAsync(topic, "über TLS", MqttQos.AtLeastOnce, cancellationToken: Ct);
        (await received.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct)).ShouldBe("über TLS");

        await using var untrusting = new MqttClient(TestBroker.Options(TestBroker.TlsUrl));
        await Should.ThrowAsync<AuthenticationException>(() => untrusting.ConnectAsync(Ct));
    }

    [Fact]
    public async Task Qos_0_and_1_messages_reach_mosquitto_sub_with_their_qos()
    {
        var topic = TestBroker.Topic("out");
        var (host, port) = TestBroker.HostAndPort(TestBroker.Url);
        // stdbuf: mosquitto_sub block-buffers stdout into a pipe, and the test needs its "Subscribed" line right away.
        await using var sub = ToolProcess.Start(TestBroker.Tool("stdbuf"),
            ["-oL", TestBroker.Tool("mosquitto_sub"), "-d", "-V", "mqttv311", "-h", host, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-t", topic + "/#", "-q", "1", "-v", "-C", "3"]);
        await sub.WaitForLineAsync(l => l.StartsWith("Subscribed", StringComparison.Ordinal), "mosquitto_sub's SUBACK");

        await using var client = new MqttClient(TestBroker.Options());
        await client.ConnectAsync(Ct);
        await client.PublishAsync(topic + "/null", "Messwert 0", MqttQos.AtMostOnce, cancellationToken: Ct);
        await client.PublishAsync(topic + "/eins", "Messwert 1 °C", MqttQos.AtLeastOnce, cancellationToken: Ct);
        await client.PublishAsync(topic + "/leer", ReadOnlyMemory<byte>.Empty, MqttQos.AtLeastOnce, cancellationToken: Ct);

        var lines = await sub.ReadToEndAsync();
        sub.ExitCode.ShouldBe(0, sub.Errors);
        lines.ShouldContain(l => l.Contains("received PUBLISH (d0, q0, r0", StringComparison.Ordinal) && l.Contains(topic + "/null", StringComparison.Ordinal));
        lines.ShouldContain(l => l.Contains("received PUBLISH (d0, q1, r0", StringComparison.Ordinal) && l.Contains(topic + "/eins", StringComparison.Ordinal));
        lines.ShouldContain($"{topic}/null Messwert 0");
        lines.ShouldContain($"{topic}/eins Messwert 1 °C");
        lines.ShouldContain(l => l.Contains(topic + "/leer', ... (0 bytes)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Messages_from_mosquitto_pub_arrive_with_payload_qos_and_topic()
    {
        var topic = TestBroker.Topic("in");
        var received = new ConcurrentQueue<MqttMessage>();
        await using var client = new MqttClient(TestBroker.Options());
        await client.ConnectAsync(Ct);
        (await client.SubscribeAsync(topic + "/+", MqttQos.AtLeastOnce, (m, _) => { received.Enqueue(m); return Task.CompletedTask; }, Ct))
            .ShouldBe(MqttQos.AtLeastOnce);

        await PubAsync("-t", topic + "/a", "-q", "0", "-m", "null");
        await PubAsync("-t", topic + "/b", "-q", "1", "-m", "{\"result\": 21.5, \"einheit\": \"°C\"}");
        var big = Path.GetTempFileName();
        await File.WriteAllBytesAsync(big, Enumerable.Range(0, 300_000).Select(i => (byte)(i % 251)).ToArray(), Ct);
        try
        {
            await PubAsync("-t", topic + "/c", "-q", "1", "-f", big);
        }
        finally
        {
            File.Delete(big);
        }

        await TestBroker.EventuallyAsync(() => received.Count == 3, "three messages");
        var byTopic = received.ToDictionary(m => m.Topic[(topic.Length + 1)..]);
        byTopic["a"].PayloadText().ShouldBe("null");
        byTopic["a"].Qos.ShouldBe(MqttQos.AtMostOnce);
        byTopic["b"].PayloadText().ShouldBe("{\"result\": 21.5, \"einheit\": \"°C\"}");
        byTopic["b"].Qos.ShouldBe(MqttQos.AtLeastOnce);
        byTopic["c"].Payload.Length.ShouldBe(300_000);
        byTopic["c"].Payload.Span[250].ShouldBe((byte)250);
        byTopic["c"].Payload.Span[251].ShouldBe((byte)0);
    }

    [Fact]
    public async Task Retained_messages_reach_later_subscribers_flagged_as_retained()
    {
        var topic = TestBroker.Topic("retained");
        await using var publisher = new MqttClient(TestBroker.Options());
        await publisher.ConnectAsync(Ct);
        await publisher.PublishAsync(topic, "letzter Stand", MqttQos.AtLeastOnce, retain: true, Ct);

        await using var late = new MqttClient(TestBroker.Options());
        await late.ConnectAsync(Ct);
        var first = new TaskCompletionSource<MqttMessage>();
        await late.SubscribeAsync(topic, MqttQos.AtLeastOnce, (m, _) => { first.TrySetResult(m); return Task.CompletedTask; }, Ct);
        var message = await first.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        message.Retain.ShouldBeTrue();
        message.PayloadText().ShouldBe("letzter Stand");

        // A retained message from mosquitto_pub too; then an empty retained message clears it.
        await PubAsync("-t", topic + "/cli", "-r", "-m", "vom Werkzeug");
        var cli = new TaskCompletionSource<MqttMessage>();
        await late.SubscribeAsync(topic + "/cli", MqttQos.AtMostOnce, (m, _) => { cli.TrySetResult(m); return Task.CompletedTask; }, Ct);
        (await cli.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct)).Retain.ShouldBeTrue();

        await publisher.PublishAsync(topic, ReadOnlyMemory<byte>.Empty, MqttQos.AtLeastOnce, retain: true, Ct);
        await PubAsync("-t", topic + "/cli", "-r", "-n");
        await using var later = new MqttClient(TestBroker.Options());
        await later.ConnectAsync(Ct);
        var any = 0;
        await later.SubscribeAsync(topic + "/#", MqttQos.AtLeastOnce, (_, _) => { Interlocked.Increment(ref any); return Task.CompletedTask; }, Ct);
        await later.PublishAsync(topic + "/marker", "x", MqttQos.AtLeastOnce, cancellationToken: Ct);
        await TestBroker.EventuallyAsync(() => Volatile.Read(ref any) >= 1, "the marker");
        await Task.Delay(200, Ct);
        any.ShouldBe(1, "only the marker: the retained messages were cleared");
    }

    [Fact]
    public async Task Wildcard_subscriptions_get_exactly_the_matching_topics_and_handlers_only_their_own()
    {
        var root = TestBroker.Topic("wild");
        var plus = new ConcurrentBag<string>();
        var hash = new ConcurrentBag<string>();
        var pattern = new ConcurrentBag<string>();
        await using var client = new MqttClient(TestBroker.Options());
        await client.ConnectAsync(Ct);
        await client.SubscribeAsync(root + "/+/temperatur", MqttQos.AtLeastOnce, (m, _) => { plus.Add(m.Topic[(root.Length + 1)..]); return Task.CompletedTask; }, Ct);
        await client.SubscribeAsync(root + "/v1.1/#", MqttQos.AtMostOnce, (m, _) => { hash.Add(m.Topic[(root.Length + 1)..]); return Task.CompletedTask; }, Ct);
        await client.SubscribeAsync(root + "/v1.1/Datastreams(+)/Observations", MqttQos.AtLeastOnce, (m, _) => { pattern.Add(m.Topic[(root.Length + 1)..]); return Task.CompletedTask; }, Ct);

        string[] topics =
        [
            "a/temperatur", "b/temperatur", "a/b/temperatur", "temperatur", "a/feuchte",
            "v1.1", "v1.1/Things(1)", "v1.1/Datastreams(5)/Observations", "v1.1/FeaturesOfInterest(5)/Observations",
            "v1.0/Datastreams(5)/Observations",
        ];
        await using var other = new MqttClient(TestBroker.Options());
        await other.ConnectAsync(Ct);
        foreach (var topic in topics)
        {
            await other.PublishAsync(root + "/" + topic, topic, MqttQos.AtLeastOnce, cancellationToken: Ct);
        }

        await other.PublishAsync(root + "/v1.1/ende", "ende", MqttQos.AtLeastOnce, cancellationToken: Ct);
        await TestBroker.EventuallyAsync(() => hash.Contains("v1.1/ende"), "the last message");
        await Task.Delay(100, Ct);

        plus.ShouldBe(["a/temperatur", "b/temperatur"], ignoreOrder: true);
        hash.ShouldBe(["v1.1", "v1.1/Things(1)", "v1.1/Datastreams(5)/Observations", "v1.1/FeaturesOfInterest(5)/Observations", "v1.1/ende"], ignoreOrder: true);
        pattern.ShouldBe(["v1.1/Datastreams(5)/Observations"]);
    }

    [Fact]
    public async Task Keep_alive_pings_keep_an_idle_connection_open()
    {
        // mosquitto drops a client after 1.5 × its keep-alive without any packet; 1 s keep-alive, 4 s idle.
        await using var client = new MqttClient(TestBroker.Options() with { KeepAlive = TimeSpan.FromSeconds(1) });
        await client.ConnectAsync(Ct);
        var topic = TestBroker.Topic("idle");
        var got = new TaskCompletionSource();
        await client.SubscribeAsync(topic, MqttQos.AtLeastOnce, (_, _) => { got.TrySetResult(); return Task.CompletedTask; }, Ct);

        await Task.Delay(TimeSpan.FromSeconds(4), Ct);

        client.State.ShouldBe(MqttClientState.Connected);
        client.Reconnects.ShouldBe(0);
        await client.PublishAsync(topic, "noch da", MqttQos.AtLeastOnce, cancellationToken: Ct);
        await got.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }

    [Fact]
    public async Task Without_keep_alive_pings_mosquitto_would_drop_the_client()
    {
        // The control experiment for the test above: a client that announces 1 s but never pings is dropped.
        var (host, port) = TestBroker.HostAndPort(TestBroker.Url);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(host, port, Ct);
        var stream = tcp.GetStream();
        await stream.WriteAsync(MqttCodec.Encode(new ConnectPacket("stk-silent-" + Guid.NewGuid().ToString("N")[..6], true, 1)), Ct);
        var buffer = new byte[4];
        (await stream.ReadAsync(buffer, Ct)).ShouldBe(4);
        buffer.ShouldBe(new byte[] { 0x20, 0x02, 0x00, 0x00 });

        // mosquitto drops it after 1.5 × the keep-alive; the generous limit is for a machine busy with the rest of the suite
        // (its keep-alive check runs in its main loop, which a loaded machine delays).
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var read = await stream.ReadAsync(buffer, timeout.Token);
        read.ShouldBe(0, "the broker closed the silent connection");
    }

    [Fact]
    public async Task Many_qos_1_messages_in_flight_are_all_acknowledged_and_received_once()
    {
        var topic = TestBroker.Topic("many");
        var seen = new ConcurrentDictionary<string, int>();
        await using var subscriber = new MqttClient(TestBroker.Options());
        await subscriber.ConnectAsync(Ct);
        await subscriber.SubscribeAsync(topic, MqttQos.AtLeastOnce, (m, _) => { seen.AddOrUpdate(m.PayloadText(), 1, (_, n) => n + 1); return Task.CompletedTask; }, Ct);

        await using var publisher = new MqttClient(TestBroker.Options() with { MaxInflight = 50, MaxQueuedMessages = 200 });
        await publisher.ConnectAsync(Ct);
        await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => publisher.PublishAsync(topic, i.ToString(System.Globalization.CultureInfo.InvariantCulture), MqttQos.AtLeastOnce, cancellationToken: Ct)));

        publisher.InflightCount.ShouldBe(0);
        await TestBroker.EventuallyAsync(() => seen.Count == 2000, "2000 distinct messages");
        seen.Values.ShouldAllBe(n => n == 1);
    }

    private static async Task PubAsync(params string[] arguments)
    {
        var (host, port) = TestBroker.HostAndPort(TestBroker.Url);
        await using var pub = ToolProcess.Start(TestBroker.Tool("mosquitto_pub"),
            ["-V", "mqttv311", "-h", host, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. arguments]);
        await pub.ReadToEndAsync();
        pub.ExitCode.ShouldBe(0, pub.Errors);
    }

    internal static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
