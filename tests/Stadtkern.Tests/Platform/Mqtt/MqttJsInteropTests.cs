using System.Collections.Concurrent;
using System.Text.Json;
using Stadtkern.Platform.Mqtt;
using Stadtkern.Platform.Mqtt.Protocol;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Platform.Mqtt;

/// <summary>Interoperability with mqtt.js (npm <c>mqtt</c>, tests/mqtt-interop/interop.mjs) through mosquitto, both directions.</summary>
public sealed class MqttJsInteropTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Messages_mqtt_js_publishes_arrive_here(int qosLevel)
    {
        var qos = (MqttQos)qosLevel;
        var topic = TestBroker.Topic("from-js");
        var received = new ConcurrentQueue<MqttMessage>();
        // One handler at a time: arrival order is kept (with more, handlers overlap and may finish in any order).
        await using var client = new MqttClient(TestBroker.Options() with { MaxConcurrentHandlers = 1 });
        await client.ConnectAsync(Ct);
        await client.SubscribeAsync(topic, MqttQos.AtLeastOnce, (m, _) => { received.Enqueue(m); return Task.CompletedTask; }, Ct);

        await using var node = Node("publish", TestBroker.Url, topic, "5", ((int)qos).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var output = await node.ReadToEndAsync();
        node.ExitCode.ShouldBe(0, node.Errors);
        output.ShouldContain("{\"published\":5}");

        await TestBroker.EventuallyAsync(() => received.Count == 5, "five messages from mqtt.js");
        received.Select(m => m.PayloadText()).ShouldBe(Enumerable.Range(0, 5).Select(i => $"Messwert {i} °C"));
        received.ShouldAllBe(m => m.Qos == qos && m.Topic == topic);
    }

    [Fact]
    public async Task Messages_published_here_arrive_at_mqtt_js_with_their_qos_and_retain_flag()
    {
        var topic = TestBroker.Topic("to-js");
        await using var client = new MqttClient(TestBroker.Options());
        await client.ConnectAsync(Ct);
        await client.PublishAsync(topic + "/stand", "gespeichert", MqttQos.AtLeastOnce, retain: true, Ct);

        await using var node = Node("subscribe", TestBroker.Url, topic + "/#", "4", "1");
        var ready = await node.WaitForLineAsync(l => l.Contains("\"ready\"", StringComparison.Ordinal), "mqtt.js subscribed");
        ready.ShouldContain("\"granted\":1");
        await client.PublishAsync(topic + "/a", "{\"result\":21.5}", MqttQos.AtLeastOnce, cancellationToken: Ct);
        await client.PublishAsync(topic + "/b", "Grüße", MqttQos.AtMostOnce, cancellationToken: Ct);
        await client.PublishAsync(topic + "/c", new byte[] { 0xFF, 0x00, 0x41 }, MqttQos.AtLeastOnce, cancellationToken: Ct);

        var lines = await node.ReadToEndAsync();
        node.ExitCode.ShouldBe(0, node.Errors);
        var messages = lines.Where(l => l.Contains("\"topic\"", StringComparison.Ordinal))
            .Select(l => JsonSerializer.Deserialize<JsMessage>(l, JsonSerializerOptions.Web)!)
            .ToDictionary(m => m.Topic[(topic.Length + 1)..]);
        messages.Keys.ShouldBe(["stand", "a", "b", "c"], ignoreOrder: true);
        messages["stand"].Retain.ShouldBeTrue();
        messages["stand"].Payload.ShouldBe("gespeichert");
        messages["a"].Payload.ShouldBe("{\"result\":21.5}");
        messages["a"].Qos.ShouldBe(1);
        messages["a"].Retain.ShouldBeFalse();
        messages["b"].Payload.ShouldBe("Grüße");
        messages["b"].Qos.ShouldBe(0);
        messages["c"].Payload.ShouldEndWith("\0A");
    }

    private static ToolProcess Node(params string[] arguments)
    {
        var folder = Path.Combine(StandardsFolder.RepositoryRoot, "tests", "mqtt-interop");
        if (!File.Exists(Path.Combine(folder, "node_modules", "mqtt", "package.json")))
        {
            if (TestBroker.Required)
            {
                throw new InvalidOperationException($"mqtt.js is not installed: run npm ci in {folder} (scripts/test does).");
            }

            Assert.Skip($"mqtt.js not installed: npm ci in {folder}.");
        }

        return ToolProcess.Start(TestBroker.Tool("node"), ["interop.mjs", .. arguments], folder);
    }

    private sealed record JsMessage(string Topic, string Payload, int Qos, bool Retain);
}
