using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Sensing.Api;
using Stadtkern.Features.Sensing.Ingest;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Features.Sensing.Api;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Sensing.LoRaWan;

public sealed class LoRaWanEndpointTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] CatalogOnly = ["catalog"];

    private static readonly string[] PayloadStreams = ["Wassergehalt", "Bodentemperatur", "Leitfähigkeit", "Batterie"];

    private static readonly string[] SameUplinkFourTimes =
        ["tts-soil-uplink-gateway-1.json", "tts-soil-uplink-gateway-2.json", "tts-soil-uplink-gateway-3.json", "tts-soil-uplink.json", "tts-soil-uplink.json"];

    private static readonly (string Url, string Body)[] MalformedBodies =
    [
        ("/lorawan/tts", "{not json"),
        ("/lorawan/tts", "[1, 2]"),
        ("/lorawan/tts", """{"end_device_ids": {"dev_eui": "A84041000181C2F1"}, "uplink_message": {"f_port": 2, "frm_payload": "@@@"}}"""),
        ("/lorawan/tts", """{"uplink_message": {"f_port": 2, "frm_payload": "AQI="}}"""),
        ("/lorawan/chirpstack?event=up", """{"deviceInfo": {"devEui": "nope"}, "fPort": 1, "data": "AQI="}"""),
        ("/lorawan/chirpstack?event=up", ""),
    ];

    private const string SoilEui = "A84041000181C2F1";
    private const string AirEui = "A81758FFFE04A1B2";

    private static JsonObject Stream(string name, string field, string unit, JsonObject? sensorProperties = null) => new()
    {
        ["name"] = name,
        ["description"] = name,
        ["observationType"] = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
        ["unitOfMeasurement"] = new JsonObject { ["name"] = unit, ["symbol"] = unit, ["definition"] = "http://unitsofmeasure.org" },
        ["properties"] = new JsonObject { ["lorawan"] = new JsonObject { ["field"] = field } },
        ["Sensor"] = new JsonObject
        {
            ["name"] = "Sensor " + name,
            ["description"] = "LoRaWAN-Sensor",
            ["encodingType"] = "application/pdf",
            ["metadata"] = "https://example.org/sensor.pdf",
            ["properties"] = sensorProperties,
        },
        ["ObservedProperty"] = new JsonObject { ["name"] = name, ["definition"] = "https://example.org/" + field, ["description"] = name },
    };

    /// <summary>A soil sensor whose Thing carries the codec; the DevEUI is stored in lower case on purpose.</summary>
    private static async Task<Dictionary<string, long>> CreateSoilThingAsync(HttpClient client, string prefix = "")
    {
        var thing = await client.PostJsonAsync(prefix + "/v1.1/Things", new JsonObject
        {
            ["name"] = "Bodenfeuchte Lindenallee 12",
            ["description"] = "Baumscheibe, Sonde in 30 cm",
            ["properties"] = new JsonObject
            {
                ["lorawan"] = new JsonObject { ["devEui"] = SoilEui.ToLowerInvariant(), ["codec"] = LoRaWanFixtures.Text("soil-lse01-codec.js") },
            },
            ["Datastreams"] = new JsonArray(
                Stream("Wassergehalt", "soil.water_content", "%"),
                Stream("Bodentemperatur", "soil.temperature", "°C"),
                Stream("Leitfähigkeit", "soil.conductivity", "µS/cm"),
                Stream("Batterie", "$battery", "V"),
                Stream("Empfangsstärke", "$rssi", "dBm"),
                Stream("Saugspannung 30 cm", "soil.tension_30", "kPa")),
        });
        return await StreamIdsAsync(client, prefix, thing.Id());
    }

    /// <summary>An air-quality sensor whose codec sits on the Sensor of its CO2 Datastream.</summary>
    private static async Task<Dictionary<string, long>> CreateAirThingAsync(HttpClient client)
    {
        var codec = new JsonObject { ["lorawan"] = new JsonObject { ["codec"] = LoRaWanFixtures.Text("air-co2-codec.js") } };
        var thing = await client.PostJsonAsync("/v1.1/Things", new JsonObject
        {
            ["name"] = "Raumluft Grundschule Raum 104",
            ["description"] = "CO2-Ampel",
            ["properties"] = new JsonObject { ["lorawan"] = new JsonObject { ["devEui"] = AirEui } },
            ["Datastreams"] = new JsonArray(
                Stream("CO2", "co2", "ppm", codec),
                Stream("Raumtemperatur", "temperature", "°C"),
                Stream("Luftfeuchte", "humidity", "%"),
                Stream("SNR", "$snr", "dB")),
        });
        return await StreamIdsAsync(client, "", thing.Id());
    }

    private static async Task<Dictionary<string, long>> StreamIdsAsync(HttpClient client, string prefix, long thing)
    {
        var streams = await client.GetJsonAsync($"{prefix}/v1.1/Things({thing})/Datastreams?$select=id,name");
        return streams.Values().ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!.Id());
    }

    private static async Task<List<double>> ResultsAsync(HttpClient client, long datastream, string prefix = "")
    {
        var observations = await client.GetJsonAsync($"{prefix}/v1.1/Datastreams({datastream})/Observations?$orderby=phenomenonTime");
        return observations.Values().Select(o => o!["result"]!.GetValue<double>()).ToList();
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Json, string? ContentType)> PostAsync(HttpClient client, string url, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(url, content, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null, response.Content.Headers.ContentType?.MediaType);
    }

    [Theory, DatabaseData]
    public async Task A_tts_uplink_is_decoded_with_the_things_codec_and_stored_in_the_bound_datastreams(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var streams = await CreateSoilThingAsync(client);

        var (status, json, _) = await PostAsync(client, "/lorawan/tts", LoRaWanFixtures.Text("tts-soil-uplink.json"));

        status.ShouldBe(HttpStatusCode.OK, json?.ToJsonString());
        json!["devEui"]!.GetValue<string>().ShouldBe(SoilEui);
        json["fCnt"]!.GetValue<long>().ShouldBe(4711);
        json["stored"]!.GetValue<int>().ShouldBe(5);
        json["duplicates"]!.GetValue<int>().ShouldBe(0);
        json["missing"]!.AsArray().Select(m => m!.GetValue<string>()).ShouldBe(["soil.tension_30"]);
        (await ResultsAsync(client, streams["Wassergehalt"])).ShouldBe([23.45]);       // 0x0929 / 100
        (await ResultsAsync(client, streams["Bodentemperatur"])).ShouldBe([-1.23]);    // (0xFF85 - 0x10000) / 100
        (await ResultsAsync(client, streams["Leitfähigkeit"])).ShouldBe([512]);        // 0x0200
        (await ResultsAsync(client, streams["Batterie"])).ShouldBe([3.336]);           // 0x0D08 mV
        (await ResultsAsync(client, streams["Empfangsstärke"])).ShouldBe([-97]);       // best of the three gateways
        (await ResultsAsync(client, streams["Saugspannung 30 cm"])).ShouldBeEmpty();
        var observation = (await client.GetJsonAsync($"/v1.1/Datastreams({streams["Wassergehalt"]})/Observations")).Values()[0]!;
        observation["phenomenonTime"]!.GetValue<string>().ShouldBe("2025-06-03T07:15:02.289Z");
    }

    [Theory, DatabaseData]
    public async Task The_same_uplink_from_three_gateways_and_a_retry_is_stored_once(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var streams = await CreateSoilThingAsync(client);

        var identities = new HashSet<string>(StringComparer.Ordinal);
        var stored = 0;
        foreach (var fixtureName in SameUplinkFourTimes)
        {
            var (status, json, _) = await PostAsync(client, "/lorawan/tts", LoRaWanFixtures.Text(fixtureName));
            status.ShouldBe(HttpStatusCode.OK, json?.ToJsonString());
            identities.Add(json!["identity"]!.GetValue<string>());
            stored += json["stored"]!.GetValue<int>();
        }

        identities.Count.ShouldBe(1);
        foreach (var name in PayloadStreams)
        {
            (await ResultsAsync(client, streams[name])).Count.ShouldBe(1, name);
        }

        // The RSSI differs per gateway copy, so only the uplink identity (the idempotency key) can make it one observation.
        // The batching ingest writer honours the key; sta-core's stand-in DirectObservationWriter does not (it relies on the
        // duplicate rule datastream + time + result alone), so each distinct RSSI is kept there.
        var honoursKeys = app.Services.GetRequiredService<IObservationWriter>() is not DirectObservationWriter;
        (await ResultsAsync(client, streams["Empfangsstärke"])).Count.ShouldBe(honoursKeys ? 1 : 3);
        stored.ShouldBe(honoursKeys ? 5 : 7);

        var (_, next, _) = await PostAsync(client, "/lorawan/tts", LoRaWanFixtures.Text("tts-soil-uplink-next.json"));
        next!["stored"]!.GetValue<int>().ShouldBe(5);   // no probe → a warning; soil values, battery and RSSI are stored
        next["warnings"]!.AsArray().Select(w => w!.GetValue<string>()).ShouldContain("no temperature probe connected");
        (await ResultsAsync(client, streams["Wassergehalt"])).ShouldBe([23.45, 29]);
    }

    [Theory, DatabaseData]
    public async Task A_payload_decoded_by_the_network_server_is_used_as_it_is(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var streams = await CreateAirThingAsync(client);

        var body = LoRaWanFixtures.Json("tts-air-uplink-decoded.json");
        body["uplink_message"]!["decoded_payload"]!["co2"] = 1234; // differs from the bytes: proves the codec did not run
        var (status, json, _) = await PostAsync(client, "/lorawan/tts", body.ToJsonString());

        status.ShouldBe(HttpStatusCode.OK, json?.ToJsonString());
        (await ResultsAsync(client, streams["CO2"])).ShouldBe([1234]);
        (await ResultsAsync(client, streams["Raumtemperatur"])).ShouldBe([22.6]);
        (await ResultsAsync(client, streams["SNR"])).ShouldBe([-3.5]);
        json!["stored"]!.GetValue<int>().ShouldBe(4);
        json["missing"]!.AsArray().ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task A_chirpstack_v4_up_event_is_decoded_with_the_sensors_codec(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var streams = await CreateAirThingAsync(client);

        var (status, json, _) = await PostAsync(client, "/lorawan/chirpstack?event=up", LoRaWanFixtures.Text("chirpstack-v4-air-up.json"));

        status.ShouldBe(HttpStatusCode.OK, json?.ToJsonString());
        json!["stored"]!.GetValue<int>().ShouldBe(4);
        (await ResultsAsync(client, streams["CO2"])).ShouldBe([0x0308]);
        (await ResultsAsync(client, streams["Raumtemperatur"])).ShouldBe([0xE2 / 10.0]);
        (await ResultsAsync(client, streams["Luftfeuchte"])).ShouldBe([0x29]);
        (await ResultsAsync(client, streams["SNR"])).ShouldBe([9.75]);

        var retry = await PostAsync(client, "/lorawan/chirpstack?event=up", LoRaWanFixtures.Text("chirpstack-v4-air-up.json"));
        retry.Json!["stored"]!.GetValue<int>().ShouldBe(0);
        retry.Json["duplicates"]!.GetValue<int>().ShouldBe(4);
        (await ResultsAsync(client, streams["CO2"])).Count.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task A_chirpstack_v3_event_with_its_field_names_is_ingested(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var streams = await CreateSoilThingAsync(client);

        var (status, json, _) = await PostAsync(client, "/lorawan/chirpstack?event=up", LoRaWanFixtures.Text("chirpstack-v3-soil-up.json"));

        status.ShouldBe(HttpStatusCode.OK, json?.ToJsonString());
        (await ResultsAsync(client, streams["Wassergehalt"])).ShouldBe([23.45]);
        (await ResultsAsync(client, streams["Empfangsstärke"])).ShouldBe([-97]);
    }

    [Theory, DatabaseData]
    public async Task Other_events_and_messages_are_acknowledged_without_storing(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        await CreateSoilThingAsync(client);

        (await PostAsync(client, "/lorawan/chirpstack?event=join", LoRaWanFixtures.Text("chirpstack-v4-join.json"))).Status.ShouldBe(HttpStatusCode.NoContent);
        (await PostAsync(client, "/lorawan/chirpstack?event=status", "{}")).Status.ShouldBe(HttpStatusCode.NoContent);
        (await PostAsync(client, "/lorawan/tts", LoRaWanFixtures.Text("tts-join-accept.json"))).Status.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetJsonAsync("/v1.1/Observations")).Values().ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task An_unknown_device_is_a_404_problem_and_a_failing_codec_a_422_problem(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        await CreateSoilThingAsync(client);

        var (status, json, contentType) = await PostAsync(client, "/lorawan/chirpstack?event=up", LoRaWanFixtures.Text("chirpstack-v4-air-up.json"));
        status.ShouldBe(HttpStatusCode.NotFound);
        contentType.ShouldBe("application/problem+json");
        json!["devEui"]!.GetValue<string>().ShouldBe(AirEui);

        var shortPayload = LoRaWanFixtures.Json("tts-soil-uplink.json");
        shortPayload["uplink_message"]!["frm_payload"] = Convert.ToBase64String([0x0D, 0x08]);
        var failed = await PostAsync(client, "/lorawan/tts", shortPayload.ToJsonString());
        failed.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        failed.Json!["detail"]!.GetValue<string>().ShouldContain("payload too short: 2 bytes");
        (await client.GetJsonAsync("/v1.1/Observations")).Values().ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task Malformed_bodies_are_400_problems(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");

        foreach (var (url, body) in MalformedBodies)
        {
            var (status, json, contentType) = await PostAsync(client, url, body);
            status.ShouldBe(HttpStatusCode.BadRequest, body);
            contentType.ShouldBe("application/problem+json");
            json!["detail"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Theory, DatabaseData]
    public async Task Missing_or_wrong_tokens_are_refused(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var body = LoRaWanFixtures.Text("tts-soil-uplink.json");

        (await PostAsync(app.AnonymousClient(), "/lorawan/tts", body)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await PostAsync(app.ClientWithToken("not-a-token"), "/lorawan/chirpstack?event=up", body)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await PostAsync(await app.ClientAsync("demo", "citizen"), "/lorawan/tts", body)).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await PostAsync(await app.ClientAsync("demo", "staff"), "/lorawan/chirpstack?event=up", body)).Status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory, DatabaseData]
    public async Task A_tenant_receives_uplinks_under_its_prefix_and_only_its_own_devices_match(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var admin = await app.ClientAsync("demo", "admin");
        (await admin.PostAsJsonAsync("/api/tenants", new
        {
            slug = "konstanz",
            name = "Konstanz",
            ars = "083350043043",
            ags = "08335043",
            contact = new { name = "Bürgerbüro", email = "b@konstanz.example", phone = "+49 7531 900-0", website = "https://www.konstanz.example" },
            branding = new { logoUrl = "/logo.svg", primaryColor = "#1A4B7C", description = "Stadt am See" },
            modules = CatalogOnly,
            departments = Array.Empty<object>(),
        }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var konstanz = await app.ClientAsync("konstanz", "app");
        var demo = await app.ClientAsync("demo", "app");
        var konstanzStreams = await CreateSoilThingAsync(konstanz, "/t/konstanz");

        (await PostAsync(demo, "/lorawan/tts", LoRaWanFixtures.Text("tts-soil-uplink.json"))).Status.ShouldBe(HttpStatusCode.NotFound);
        (await PostAsync(demo, "/t/konstanz/lorawan/tts", LoRaWanFixtures.Text("tts-soil-uplink.json"))).Status.ShouldBe(HttpStatusCode.Forbidden);
        var (status, json, _) = await PostAsync(konstanz, "/t/konstanz/lorawan/tts", LoRaWanFixtures.Text("tts-soil-uplink.json"));
        status.ShouldBe(HttpStatusCode.OK, json?.ToJsonString());
        (await ResultsAsync(konstanz, konstanzStreams["Wassergehalt"], "/t/konstanz")).ShouldBe([23.45]);
    }
}
