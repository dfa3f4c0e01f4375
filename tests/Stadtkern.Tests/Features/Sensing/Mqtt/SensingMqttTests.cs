using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Sensing.Ingest;
using Stadtkern.Features.Sensing.Mqtt;
using Stadtkern.Platform.Mqtt;
using Stadtkern.Platform.Mqtt.Protocol;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Features.Sensing.Api;
using Stadtkern.Tests.Features.Sensing.Ingest;
using Stadtkern.Tests.Infrastructure;
using Stadtkern.Tests.Platform.Mqtt;

namespace Stadtkern.Tests.Features.Sensing.Mqtt;

/// <summary>The SensorThings MQTT extension against the mosquitto of scripts/mqtt-start, on both databases.</summary>
public sealed class SensingMqttTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly ConcurrentDictionary<WebApplicationFactory<Program>, string> tokens = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task New_entities_and_observations_are_published_to_their_SensorThings_topics(DatabaseProvider db)
    {
        var (app, baseApp, prefix) = await StartWithBrokerAsync(db);
        await using var _ = app;
        var client = await WriterAsync(app);
        var (received, subscriber) = await SubscribeAsync(prefix + "v1.1/#");
        await using var __ = subscriber;

        var name = "Station " + Guid.NewGuid().ToString("N")[..8];
        var (thing, datastream) = await client.CreateStationAsync(name);
        var observation = await client.PostJsonAsync($"/v1.1/Datastreams({datastream})/Observations",
            new JsonObject { ["phenomenonTime"] = "2026-05-01T10:00:00Z", ["result"] = 21.5 });

        var onDatastream = await WaitForAsync(received, prefix + $"v1.1/Datastreams({datastream})/Observations");
        var json = JsonNode.Parse(onDatastream)!;
        json["@iot.id"]!.GetValue<long>().ShouldBe(observation.Id());
        json["@iot.selfLink"]!.GetValue<string>().ShouldEndWith($"/v1.1/Observations({observation.Id()})");
        json["result"]!.GetValue<double>().ShouldBe(21.5);
        json["phenomenonTime"]!.GetValue<string>().ShouldStartWith("2026-05-01T10:00:00");
        JsonNode.Parse(await WaitForAsync(received, prefix + "v1.1/Observations"))!["@iot.id"]!.GetValue<long>().ShouldBe(observation.Id());
        JsonNode.Parse(await WaitForAsync(received, prefix + "v1.1/Things"))!["name"]!.GetValue<string>().ShouldBe(name);

        // Observations stored through the writer directly (the path of CreateObservations, LoRaWAN and MQTT) are published too.
        await app.Services.GetRequiredService<IObservationWriter>().WriteAsync([IngestTestData.Number(datastream, IngestTestData.Base, 7.25)], null, await baseApp.TenantIdAsync(), Ct);
        await TestBroker.EventuallyAsync(() => received.Any(m => m.Topic == prefix + $"v1.1/Datastreams({datastream})/Observations" && m.Payload.Contains("7.25", StringComparison.Ordinal)), "the writer's observation");

        // An update goes to the entity topic and the topic of each property set.
        var (status, _) = await client.SendAsync(HttpMethod.Patch, $"/v1.1/Things({thing})", new JsonObject { ["name"] = name + " neu" });
        status.ShouldBe(HttpStatusCode.OK);
        JsonNode.Parse(await WaitForAsync(received, prefix + $"v1.1/Things({thing})"))!["name"]!.GetValue<string>().ShouldBe(name + " neu");
        JsonNode.Parse(await WaitForAsync(received, prefix + $"v1.1/Things({thing})/name"))!.ToJsonString().ShouldBe(new JsonObject { ["name"] = name + " neu" }.ToJsonString());
    }

    [Theory, DatabaseData]
    public async Task A_new_observations_notification_is_its_GET_representation(DatabaseProvider db)
    {
        var (app, baseApp, prefix) = await StartWithBrokerAsync(db);
        await using var _ = app;
        var client = await WriterAsync(app);
        var (received, subscriber) = await SubscribeAsync(prefix + "v1.1/Observations");
        await using var __ = subscriber;
        var (_, datastream) = await client.CreateStationAsync("Vergleich " + Guid.NewGuid().ToString("N")[..6]);
        var at = IngestTestData.Base.AddTicks(1_234_567); // 123.4567 ms past the second: cut to 123 ms when stored
        IncomingObservation Make(int minute, JsonNode? result, string? quality = null, string? parameters = null, bool interval = false, bool times = false) =>
            new(datastream, at.AddMinutes(minute), interval ? at.AddMinutes(minute + 15) : null, times ? at.AddHours(1) : null, result, quality,
                times ? at : null, times ? at.AddDays(1) : null, parameters, null);
        IncomingObservation[] observations =
        [
            Make(0, 21.5),
            Make(1, 12),
            Make(2, -0.1, times: true),
            Make(3, "trocken", interval: true),
            Make(4, true, parameters: """{"quelle":"mqtt","tiefe_cm":30}"""),
            Make(5, new JsonObject { ["pm10"] = 12.5, ["pm2_5"] = 7 }, quality: """["ok"]"""),
            Make(6, "Grüße \"Nord\" <b>", times: true, interval: true),
        ];
        var written = await app.Services.GetRequiredService<IObservationWriter>().WriteAsync(observations, null, await baseApp.TenantIdAsync(), Ct);
        written.Outcomes.ShouldAllBe(o => o == IngestOutcome.Stored);

        await TestBroker.EventuallyAsync(() => received.Count >= observations.Length, "the notifications of the new observations");
        foreach (var id in written.ObservationIds.Select(i => i!.Value))
        {
            var published = JsonNode.Parse(received.Single(m => JsonNode.Parse(m.Payload)!["@iot.id"]!.GetValue<long>() == id).Payload)!.AsObject();
            var read = (await client.GetJsonAsync($"/v1.1/Observations({id})")).AsObject();
            published.Select(p => p.Key).ShouldBe(read.Select(p => p.Key)); // the same members in the same order
            foreach (var (name, value) in read)
            {
                if (name.EndsWith("Link", StringComparison.Ordinal))
                {
                    // The GET's links start with the request's host, the notification's with Sensing:Mqtt:PublicUrl.
                    published[name]!.GetValue<string>().ShouldBe("https://daten.example" + new Uri(value!.GetValue<string>()).AbsolutePath);
                }
                else
                {
                    JsonNode.DeepEquals(published[name], value).ShouldBeTrue($"{name}: published {published[name]?.ToJsonString()}, read {value?.ToJsonString()}");
                }
            }
        }
    }

    [Theory, DatabaseData]
    public async Task Restricted_and_internal_data_is_never_published(DatabaseProvider db)
    {
        var (app, baseApp, prefix) = await StartWithBrokerAsync(db);
        await using var _ = app;
        var client = await WriterAsync(app);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await baseApp.CreateTokenAsync("demo", "admin"));
        var (received, subscriber) = await SubscribeAsync(prefix + "v1.1/#");
        await using var __ = subscriber;

        var (_, restricted) = await client.CreateStationAsync("Geheim " + Guid.NewGuid().ToString("N")[..6], datastreamAccess: "restricted");
        var (_, hidden) = await client.CreateStationAsync("Intern " + Guid.NewGuid().ToString("N")[..6], accessLevel: "internal");
        var (_, open) = await client.CreateStationAsync("Offen " + Guid.NewGuid().ToString("N")[..6]);
        foreach (var datastream in new[] { restricted, hidden, open })
        {
            await client.PostJsonAsync($"/v1.1/Datastreams({datastream})/Observations", new JsonObject { ["phenomenonTime"] = "2026-05-01T10:00:00Z", ["result"] = 3.5 });
        }

        // Publications keep their order: once the public one is there, the others would have been too.
        await WaitForAsync(received, prefix + $"v1.1/Datastreams({open})/Observations");
        received.ShouldNotContain(m => m.Topic == prefix + $"v1.1/Datastreams({restricted})/Observations");
        received.ShouldNotContain(m => m.Topic == prefix + $"v1.1/Datastreams({hidden})/Observations");
        received.ShouldNotContain(m => m.Payload.Contains("Intern ", StringComparison.Ordinal));
        received.Count(m => m.Topic == prefix + "v1.1/Observations").ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Observations_from_mosquitto_pub_are_stored_once_and_bad_ones_are_skipped(DatabaseProvider db)
    {
        var (app, baseApp, prefix) = await StartWithBrokerAsync(db);
        await using var _ = app;
        var client = await WriterAsync(app);
        var (_, datastream) = await client.CreateStationAsync("Pegel " + Guid.NewGuid().ToString("N")[..6]);
        var topic = prefix + $"v1.1/Datastreams({datastream})/Observations";
        const string Observation = """{"phenomenonTime": "2026-05-02T08:15:00Z", "result": 1.75, "parameters": {"quelle": "mqtt"}}""";
        var probe = baseApp.Probe();
        Task<long> CountAsync() => probe.CountAsync("SELECT COUNT(*) FROM sensing_observations WHERE datastream_id = @p0", datastream);

        await PublishAsync(topic, "kein JSON");
        await PublishAsync(topic, """{"result": }""");
        await PublishAsync(topic, """{"phenomenonTime": "gestern", "result": 1}""");
        await PublishAsync(prefix + "v1.1/Datastreams(999999)/Observations", Observation);
        await PublishAsync(prefix + $"t/gibtsnicht/v1.1/Datastreams({datastream})/Observations", Observation);
        await PublishAsync(topic, Observation);
        await PublishAsync(topic, Observation);
        await TestBroker.EventuallyAsync(() => CountAsync().GetAwaiter().GetResult() == 1, "the observation stored");

        // A second, different one after the first arrives as well; the first is still there once (also after our own
        // publication of it came back through the subscription).
        await PublishAsync(topic, """{"phenomenonTime": "2026-05-02T08:30:00Z", "result": 1.5}""");
        await TestBroker.EventuallyAsync(() => CountAsync().GetAwaiter().GetResult() == 2, "the second observation stored");
        await Task.Delay(500, Ct);
        (await CountAsync()).ShouldBe(2);
        var stored = await client.GetJsonAsync($"/v1.1/Datastreams({datastream})/Observations?$orderby=phenomenonTime");
        stored.Values()[0]!["result"]!.GetValue<double>().ShouldBe(1.75);
        stored.Values()[0]!["parameters"]!["quelle"]!.GetValue<string>().ShouldBe("mqtt");
        (await probe.CountAsync("SELECT COUNT(*) FROM sensing_observations WHERE datastream_id = 999999")).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task Many_messages_at_once_are_each_stored_once_and_a_deleted_datastream_takes_no_more(DatabaseProvider db)
    {
        var (app, baseApp, prefix) = await StartWithBrokerAsync(db);
        await using var _ = app;
        var client = await WriterAsync(app);
        var (_, first) = await client.CreateStationAsync("Messnetz A " + Guid.NewGuid().ToString("N")[..6]);
        var (_, second) = await client.CreateStationAsync("Messnetz B " + Guid.NewGuid().ToString("N")[..6]);
        var probe = baseApp.Probe();
        Task<long> CountAsync(long datastream) => probe.CountAsync("SELECT COUNT(*) FROM sensing_observations WHERE datastream_id = @p0", datastream);

        // 300 observations on two datastreams in flight together (handled concurrently, written in bulk), 50 of them twice.
        await using var publisher = new MqttClient(TestBroker.Options());
        await publisher.ConnectAsync(Ct);
        var sends = new List<Task>();
        for (var i = 0; i < 300; i++)
        {
            var datastream = i % 2 == 0 ? first : second;
            var payload = string.Create(CultureInfo.InvariantCulture, $$"""{"phenomenonTime": "2026-05-03T00:00:00Z", "result": {{i}}}""");
            var topic = prefix + $"v1.1/Datastreams({datastream})/Observations";
            sends.Add(publisher.PublishAsync(topic, payload, MqttQos.AtLeastOnce, cancellationToken: Ct));
            if (i % 6 == 0)
            {
                sends.Add(publisher.PublishAsync(topic, payload, MqttQos.AtLeastOnce, cancellationToken: Ct));
            }
        }

        await Task.WhenAll(sends);
        await TestBroker.EventuallyAsync(() => CountAsync(first).GetAwaiter().GetResult() + CountAsync(second).GetAwaiter().GetResult() == 300, "300 observations stored");
        await Task.Delay(300, Ct);
        (await CountAsync(first) + await CountAsync(second)).ShouldBe(300);
        // Without a FeatureOfInterest in the message, the one generated from the Thing's Location is used (as over HTTP).
        (await probe.CountAsync("SELECT COUNT(*) FROM sensing_observations WHERE datastream_id = @p0 AND feature_of_interest_id IS NULL", first)).ShouldBe(0);

        // The cached Datastream is forgotten when it is deleted: later messages to it are not stored.
        var (status, _) = await client.SendAsync(HttpMethod.Delete, $"/v1.1/Datastreams({first})");
        status.ShouldBe(HttpStatusCode.OK);
        await PublishAsync(prefix + $"v1.1/Datastreams({first})/Observations", """{"phenomenonTime": "2026-05-04T00:00:00Z", "result": 1}""");
        await PublishAsync(prefix + $"v1.1/Datastreams({second})/Observations", """{"phenomenonTime": "2026-05-04T00:00:00Z", "result": 1}""");
        await TestBroker.EventuallyAsync(() => CountAsync(second).GetAwaiter().GetResult() == 151, "the observation on the remaining datastream");
        await Task.Delay(300, Ct);
        (await CountAsync(first)).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task Without_a_broker_nothing_is_queued_and_the_API_works(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        app.Services.GetRequiredService<SensingChanges>().Enabled.ShouldBeFalse();
        var client = await app.ClientAsync("demo", "app");
        var (_, datastream) = await client.CreateStationAsync();
        var ids = await client.AddObservationsAsync(datastream, 4.5);
        (await client.GetJsonAsync($"/v1.1/Observations({ids[0]})"))["result"]!.GetValue<double>().ShouldBe(4.5);
    }

    [Theory]
    [InlineData("v1.1/Datastreams(5)/Observations", null, 5L)]
    [InlineData("t/musterstadt/v1.1/Datastreams(42)/Observations", "musterstadt", 42L)]
    [InlineData("v1.1/Datastreams(x)/Observations", null, null)]
    [InlineData("v1.1/Datastreams()/Observations", null, null)]
    [InlineData("v1.1/Things(5)/Observations", null, null)]
    [InlineData("t//v1.1/Datastreams(5)/Observations", null, null)]
    [InlineData("v1.1/Datastreams(-5)/Observations", null, null)]
    public void Ingest_topics_give_tenant_and_datastream(string topic, string? slug, long? datastream)
    {
        var parsed = IngestMqttObservations.ParseTopic(topic);
        parsed?.DatastreamId.ShouldBe(datastream!.Value);
        (parsed is null).ShouldBe(datastream is null);
        if (parsed is { } p)
        {
            p.Slug.ShouldBe(slug);
        }
    }

    [Theory]
    [InlineData("http://localhost/v1.1/Things(12)", "Things", 12L)]
    [InlineData("/t/musterstadt/v1.1/Datastreams(3)", "Datastreams", 3L)]
    [InlineData("/v1.1/Things(12)/Datastreams", null, null)]
    [InlineData("/v1.1/Unbekannt(12)", null, null)]
    public void Entity_paths_are_recognised(string url, string? set, long? id)
    {
        var found = CaptureEntityChanges.EntityAt(url);
        found?.Set.ShouldBe(set);
        found?.Id.ShouldBe(id!.Value);
        (found is null).ShouldBe(set is null);
    }

    /// <summary>The class's app with <c>Mqtt:Url</c> set and a topic prefix of its own, connected to the broker.</summary>
    private async Task<(WebApplicationFactory<Program> App, StadtkernFactory Base, string Prefix)> StartWithBrokerAsync(DatabaseProvider db)
    {
        var url = TestBroker.Url;
        var baseApp = await fixture.StartAsync(db);
        var prefix = $"stk-{Guid.NewGuid():N}/";
        var app = baseApp.WithWebHostBuilder(b => b
            .UseSetting("Mqtt:Url", url)
            .UseSetting("Mqtt:TopicPrefix", prefix)
            .UseSetting("Mqtt:PersistentSession", "false")
            .UseSetting("Sensing:Mqtt:PublicUrl", "https://daten.example"));
        tokens[app] = await baseApp.CreateTokenAsync("demo", "app");
        var connection = app.Services.GetRequiredService<MqttConnection>();
        await TestBroker.EventuallyAsync(() => connection.Status.State == MqttConnectionState.Connected, "the connection to the broker");
        await Task.Delay(300, Ct); // the SUBACKs of the ingest subscriptions
        return (app, baseApp, prefix);
    }

    private Task<HttpClient> WriterAsync(WebApplicationFactory<Program> app)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens[app]);
        return Task.FromResult(client);
    }

    private static async Task<(ConcurrentQueue<(string Topic, string Payload)> Received, MqttClient Client)> SubscribeAsync(string filter)
    {
        var received = new ConcurrentQueue<(string Topic, string Payload)>();
        var client = new MqttClient(TestBroker.Options());
        await client.ConnectAsync(Ct);
        (await client.SubscribeAsync(filter, MqttQos.AtLeastOnce, (m, _) =>
        {
            received.Enqueue((m.Topic, m.PayloadText()));
            return Task.CompletedTask;
        }, Ct)).ShouldBe(MqttQos.AtLeastOnce);
        return (received, client);
    }

    private static async Task<string> WaitForAsync(ConcurrentQueue<(string Topic, string Payload)> received, string topic)
    {
        await TestBroker.EventuallyAsync(() => received.Any(m => m.Topic == topic), "a message on " + topic);
        return received.First(m => m.Topic == topic).Payload;
    }

    private static async Task PublishAsync(string topic, string payload)
    {
        var (host, port) = TestBroker.HostAndPort(TestBroker.Url);
        await using var pub = ToolProcess.Start(TestBroker.Tool("mosquitto_pub"),
            ["-V", "mqttv311", "-h", host, "-p", port.ToString(CultureInfo.InvariantCulture), "-q", "1", "-t", topic, "-m", payload]);
        await pub.ReadToEndAsync();
        pub.ExitCode.ShouldBe(0, pub.Errors);
    }
}
