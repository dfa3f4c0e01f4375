using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Platform.Mqtt;
using Stadtkern.Platform.Mqtt.Protocol;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Features.Alerts.Streaming;
using Stadtkern.Tests.Infrastructure;
using Stadtkern.Tests.Platform.Mqtt;

namespace Stadtkern.Tests.Features.Alerts.Mqtt;

/// <summary>The "mqtt" alert channel against the mosquitto of scripts/mqtt-start.</summary>
public sealed class MqttAlertChannelTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Theory, DatabaseData]
    public async Task A_published_alert_goes_to_the_tenant_topic_retained_with_qos_1(DatabaseProvider db)
    {
        var url = TestBroker.Url;
        var baseApp = await fixture.StartAsync(db);
        var prefix = $"stk-{Guid.NewGuid():N}/";
        await using var app = baseApp.WithWebHostBuilder(b => b
            .UseSetting("Mqtt:Url", url)
            .UseSetting("Mqtt:TopicPrefix", prefix)
            .UseSetting("Mqtt:PersistentSession", "false"));
        var connection = app.Services.GetRequiredService<MqttConnection>();
        await TestBroker.EventuallyAsync(() => connection.Status.State == MqttConnectionState.Connected, "the connection to the broker");

        var outcome = await TestAlerts.PublishAsync(app, TestAlerts.Cap("Stromausfall Altstadt"));
        var second = await TestAlerts.PublishAsync(app, TestAlerts.Cap("Anderes"));

        // A subscriber that connects afterwards (a display switched on later) gets the latest message at once: retained.
        await Task.Delay(500, TestContext.Current.CancellationToken);
        var received = new ConcurrentQueue<MqttMessage>();
        await using var subscriber = new MqttClient(TestBroker.Options());
        await subscriber.ConnectAsync(TestContext.Current.CancellationToken);
        (await subscriber.SubscribeAsync(prefix + "alerts/demo", MqttQos.AtLeastOnce, (m, _) =>
        {
            received.Enqueue(m);
            return Task.CompletedTask;
        }, TestContext.Current.CancellationToken)).ShouldBe(MqttQos.AtLeastOnce);

        await TestBroker.EventuallyAsync(() => !received.IsEmpty, "the retained alert on alerts/demo", TimeSpan.FromSeconds(30));
        var message = received.First();
        message.Retain.ShouldBeTrue();
        message.Qos.ShouldBe(MqttQos.AtLeastOnce);
        var json = JsonNode.Parse(message.PayloadText())!;
        json["id"]!.GetValue<Guid>().ShouldBeOneOf(outcome.AlertId, second.AlertId);
        json["tenant"]!.GetValue<string>().ShouldBe("demo");
        json["capUrl"]!.GetValue<string>().ShouldEndWith(".cap.xml");

        // Live: the next alert arrives as it is published.
        var next = await TestAlerts.PublishAsync(app, TestAlerts.Cap("Trinkwasser abkochen"));
        await TestBroker.EventuallyAsync(() => received.Any(m => m.PayloadText().Contains(next.AlertId.ToString(), StringComparison.Ordinal)), "the live alert", TimeSpan.FromSeconds(30));
        JsonNode.Parse(received.Last().PayloadText())!["headline"]!.GetValue<string>().ShouldBe("Trinkwasser abkochen");
    }
}
