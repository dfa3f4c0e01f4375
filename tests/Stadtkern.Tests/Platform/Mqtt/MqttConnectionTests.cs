using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Mqtt;
using Stadtkern.Platform.Mqtt.Protocol;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Features.Catalog.Access;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Platform.Mqtt;

/// <summary>The service's broker connection: configuration, readiness, the status line, metrics, the topic prefix.</summary>
public sealed class MqttConnectionTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task Without_a_broker_url_mqtt_is_off_and_the_service_is_healthy(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);

        var mqtt = app.Services.GetRequiredService<MqttConnection>();
        mqtt.IsEnabled.ShouldBeFalse();
        mqtt.Status.State.ShouldBe(MqttConnectionState.Off);
        await mqtt.PublishAsync("egal", "x"u8.ToArray(), MqttQos.AtLeastOnce, cancellationToken: Ct);
        mqtt.TryPublish("egal", "x"u8.ToArray()).ShouldBeFalse();
        (await mqtt.SubscribeAsync("egal/#", MqttQos.AtLeastOnce, (_, _) => Task.CompletedTask, Ct)).ShouldBeNull();

        (await app.AnonymousClient().GetStringAsync("/health/ready", Ct)).ShouldBe("Healthy");
        var page = await (await SignInAsync(app, app)).GetStringAsync("/verwaltung", Ct);
        page.ShouldContain("MQTT: aus");
    }

    [Theory, DatabaseData]
    public async Task With_a_broker_the_service_connects_publishes_and_subscribes_under_its_topic_prefix(DatabaseProvider db)
    {
        var url = TestBroker.Url;
        var app = await fixture.StartAsync(db);
        var prefix = $"stk-{Guid.NewGuid():N}/";
        await using var connected = app.WithWebHostBuilder(b => b.UseSetting("Mqtt:Url", url).UseSetting("Mqtt:TopicPrefix", prefix));
        var mqtt = connected.Services.GetRequiredService<MqttConnection>();
        await TestBroker.EventuallyAsync(() => mqtt.Status.State == MqttConnectionState.Connected, "the service connecting");

        var received = new ConcurrentQueue<MqttMessage>();
        (await mqtt.SubscribeAsync("v1.1/Datastreams(+)/Observations", MqttQos.AtLeastOnce, (m, _) => { received.Enqueue(m); return Task.CompletedTask; }, Ct))
            .ShouldBe(MqttQos.AtLeastOnce);
        await using var outside = new MqttClient(TestBroker.Options());
        await outside.ConnectAsync(Ct);
        var seenOutside = new TaskCompletionSource<string>();
        await outside.SubscribeAsync(prefix + "v1.1/Things(1)", MqttQos.AtLeastOnce, (m, _) => { seenOutside.TrySetResult(m.Topic); return Task.CompletedTask; }, Ct);

        await outside.PublishAsync(prefix + "v1.1/Datastreams(5)/Observations", "{\"result\":1}", MqttQos.AtLeastOnce, cancellationToken: Ct);
        await outside.PublishAsync("v1.1/Datastreams(6)/Observations", "ohne Präfix", MqttQos.AtLeastOnce, cancellationToken: Ct);
        await mqtt.PublishAsync("v1.1/Things(1)", "{\"name\":\"Baum 1\"}"u8.ToArray(), MqttQos.AtLeastOnce, cancellationToken: Ct);

        (await seenOutside.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct)).ShouldBe(prefix + "v1.1/Things(1)");
        await TestBroker.EventuallyAsync(() => !received.IsEmpty, "the observation through the prefix");
        await Task.Delay(200, Ct);
        received.Select(m => m.Topic).ShouldBe(["v1.1/Datastreams(5)/Observations"]);

        (await connected.CreateClient().GetStringAsync("/health/ready", Ct)).ShouldBe("Healthy");
        var metrics = await connected.CreateClient().GetStringAsync("/metrics", Ct);
        metrics.ShouldContain("stadtkern_mqtt_connected 1");
        metrics.ShouldContain("stadtkern_mqtt_messages_received");
        metrics.ShouldContain("stadtkern_mqtt_messages_sent");
        var page = await (await SignInAsync(app, connected)).GetStringAsync("/verwaltung", Ct);
        page.ShouldContain("MQTT: verbunden mit " + url);
    }

    [Theory, DatabaseData]
    public async Task An_unreachable_broker_makes_readiness_degraded_but_not_failing_and_the_page_says_why(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var url = $"mqtt://127.0.0.1:{TestBroker.FreePort()}";
        await using var unreachable = app.WithWebHostBuilder(b => b.UseSetting("Mqtt:Url", url));
        var mqtt = unreachable.Services.GetRequiredService<MqttConnection>();
        await TestBroker.EventuallyAsync(() => mqtt.Status.LastError is not null, "a failed connection attempt");

        var ready = await unreachable.CreateClient().GetAsync("/health/ready", Ct);
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync(Ct)).ShouldBe("Degraded");
        (await unreachable.CreateClient().GetStringAsync("/health/live", Ct)).ShouldBe("Healthy");
        mqtt.Status.State.ShouldBe(MqttConnectionState.Connecting);
        mqtt.TryPublish("x", "1"u8.ToArray()).ShouldBeTrue("queued for later");

        var page = await (await SignInAsync(app, unreachable)).GetStringAsync("/verwaltung", Ct);
        page.ShouldContain("MQTT: Verbindung zu " + url + " wird aufgebaut");
        page.ShouldContain("Letzter Fehler:");
        // Other features keep working.
        (await unreachable.CreateClient().GetAsync("/api/3/action/package_list", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("http://broker.example")]
    [InlineData("mqtt://broker.example/pfad")]
    public void A_malformed_broker_url_stops_the_start_with_a_clear_message(string url)
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var error = Should.Throw<OptionsValidationException>(() => new MqttConnection(
            Options.Create(new MqttOptions { Url = url }),
            new MqttMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<MqttConnection>.Instance));
        error.Message.ShouldContain("MQTT");
    }

    [Fact]
    public void A_topic_prefix_with_wildcards_is_refused()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Should.Throw<OptionsValidationException>(() => new MqttConnection(
            Options.Create(new MqttOptions { TopicPrefix = "stadt/+/" }),
            new MqttMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<MqttConnection>.Instance));
    }

    /// <summary>An administrator (created through <paramref name="app"/>) signed in on <paramref name="site"/>, which shares its database.</summary>
    private static async Task<HttpClient> SignInAsync(StadtkernFactory app, WebApplicationFactory<Program> site)
    {
        var email = $"admin-{Guid.NewGuid():N}@musterstadt.example"[..40];
        await Marketplace.UserAsync(app, email, Roles.Admin);
        var client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/anmelden", Ct);
        var response = await client.PostAsync("/anmelden", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = Marketplace.Password,
            ["__RequestVerificationToken"] = Marketplace.Antiforgery(form),
        }), Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return client;
    }
}
