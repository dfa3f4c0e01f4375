using System.Net;
using System.Text.Json.Nodes;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Sensing.Api;

public sealed class SensingCrudTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Theory, DatabaseData]
    public async Task Service_root_lists_the_eight_entity_sets_with_absolute_urls_and_conformance(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);

        var root = await app.AnonymousClient().GetJsonAsync("/v1.1");

        root.Values().Select(v => v!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal).ShouldBe(
            ["Datastreams", "FeaturesOfInterest", "HistoricalLocations", "Locations", "Observations", "ObservedProperties", "Sensors", "Things"]);
        root.Values().Single(v => v!["name"]!.GetValue<string>() == "Things")!["url"]!.GetValue<string>().ShouldBe("http://localhost/v1.1/Things");
        root["serverSettings"]!["conformance"]!.AsArray().Select(c => c!.GetValue<string>())
            .ShouldContain("http://www.opengis.net/spec/iot_sensing/1.1/req/create-update-delete");
    }

    [Theory, DatabaseData]
    public async Task Deep_insert_creates_thing_location_historical_location_datastream_sensor_and_observed_property(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");

        var (thing, datastream) = await client.CreateStationAsync();

        var created = await client.GetJsonAsync($"/v1.1/Things({thing})?$expand=Locations,HistoricalLocations/Locations,Datastreams/Sensor,Datastreams/ObservedProperty");
        created["name"]!.GetValue<string>().ShouldBe("Wetterstation Marktplatz");
        created["properties"]!["operator"]!.GetValue<string>().ShouldBe("Stadtwerke");
        created["@iot.selfLink"]!.GetValue<string>().ShouldBe($"http://localhost/v1.1/Things({thing})");
        created["Datastreams@iot.navigationLink"]!.GetValue<string>().ShouldBe($"http://localhost/v1.1/Things({thing})/Datastreams");
        var location = created["Locations"]!.AsArray().ShouldHaveSingleItem()!;
        location["location"]!["coordinates"]![0]!.GetValue<double>().ShouldBe(9.1732);
        var historical = created["HistoricalLocations"]!.AsArray().ShouldHaveSingleItem()!;
        historical["Locations"]!.AsArray().ShouldHaveSingleItem()!.Id().ShouldBe(location.Id());
        var stream = created["Datastreams"]!.AsArray().ShouldHaveSingleItem()!;
        stream.Id().ShouldBe(datastream);
        stream["unitOfMeasurement"]!["symbol"]!.GetValue<string>().ShouldBe("°C");
        stream["Sensor"]!["name"]!.GetValue<string>().ShouldBe("DHT22");
        stream["ObservedProperty"]!["name"]!.GetValue<string>().ShouldBe("Lufttemperatur");
        (await client.GetJsonAsync($"/v1.1/Datastreams({datastream})/Thing")).Id().ShouldBe(thing);
    }

    [Theory, DatabaseData]
    public async Task Observations_without_feature_of_interest_get_one_from_the_things_location_and_reuse_it(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (_, datastream) = await client.CreateStationAsync();

        var ids = await client.AddObservationsAsync(datastream, 21.5, 22.25);

        var first = await client.GetJsonAsync($"/v1.1/Observations({ids[0]})?$expand=FeatureOfInterest");
        first["result"]!.GetValue<double>().ShouldBe(21.5);
        first["phenomenonTime"]!.GetValue<string>().ShouldBe("2026-05-01T10:00:00.000Z");
        first["FeatureOfInterest"]!["name"]!.GetValue<string>().ShouldBe("Rathausdach");
        first["FeatureOfInterest"]!["feature"]!["type"]!.GetValue<string>().ShouldBe("Point");
        var second = await client.GetJsonAsync($"/v1.1/Observations({ids[1]})/FeatureOfInterest");
        second.Id().ShouldBe(first["FeatureOfInterest"]!.Id());
        (await client.GetJsonAsync("/v1.1/FeaturesOfInterest")).Values().Count.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Observations_keep_string_boolean_object_and_interval_values(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (_, datastream) = await client.CreateStationAsync();

        var text = await client.PostJsonAsync("/v1.1/Observations", new JsonObject
        {
            ["phenomenonTime"] = "2026-05-01T10:00:00Z/2026-05-01T11:00:00Z",
            ["resultTime"] = "2026-05-01T11:00:05Z",
            ["result"] = "trocken",
            ["parameters"] = new JsonObject { ["battery"] = 3.1 },
            ["Datastream"] = new JsonObject { ["@iot.id"] = datastream },
        });
        var flag = await client.PostJsonAsync($"/v1.1/Datastreams({datastream})/Observations", new JsonObject { ["phenomenonTime"] = "2026-05-01T10:05:00Z", ["result"] = true });
        var json = await client.PostJsonAsync($"/v1.1/Datastreams({datastream})/Observations", new JsonObject
        {
            ["phenomenonTime"] = "2026-05-01T10:06:00Z",
            ["result"] = new JsonObject { ["pm10"] = 12, ["pm25"] = 7 },
        });

        text["result"]!.GetValue<string>().ShouldBe("trocken");
        text["phenomenonTime"]!.GetValue<string>().ShouldBe("2026-05-01T10:00:00.000Z/2026-05-01T11:00:00.000Z");
        text["resultTime"]!.GetValue<string>().ShouldBe("2026-05-01T11:00:05.000Z");
        text["parameters"]!["battery"]!.GetValue<double>().ShouldBe(3.1);
        flag["result"]!.GetValue<bool>().ShouldBeTrue();
        json["result"]!["pm10"]!.GetValue<int>().ShouldBe(12);
        var stream = await client.GetJsonAsync($"/v1.1/Datastreams({datastream})");
        stream["phenomenonTime"]!.GetValue<string>().ShouldBe("2026-05-01T10:00:00.000Z/2026-05-01T11:00:00.000Z");
    }

    [Theory, DatabaseData]
    public async Task The_same_observation_twice_is_a_409_and_stored_once(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (_, datastream) = await client.CreateStationAsync();
        var body = new JsonObject { ["phenomenonTime"] = "2026-05-01T10:00:00Z", ["result"] = 4.5 };

        await client.PostJsonAsync($"/v1.1/Datastreams({datastream})/Observations", body);
        var (status, error) = await client.SendAsync(HttpMethod.Post, $"/v1.1/Datastreams({datastream})/Observations", body);

        status.ShouldBe(HttpStatusCode.Conflict);
        error!["code"]!.GetValue<int>().ShouldBe(409);
        (await client.GetJsonAsync($"/v1.1/Datastreams({datastream})/Observations?$count=true"))["@iot.count"]!.GetValue<long>().ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Every_entity_set_can_be_created_read_patched_replaced_and_deleted(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "data-steward");
        var (thing, datastream) = await client.CreateStationAsync();
        var sensor = (await client.GetJsonAsync($"/v1.1/Datastreams({datastream})/Sensor")).Id();
        var property = (await client.GetJsonAsync($"/v1.1/Datastreams({datastream})/ObservedProperty")).Id();
        var point = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(9.17, 47.66) };
        var bodies = new Dictionary<string, JsonObject>
        {
            ["Things"] = new() { ["name"] = "Pegel", ["description"] = "Pegel am Rhein" },
            ["Locations"] = new() { ["name"] = "Rheinbrücke", ["description"] = "Unter der Brücke", ["encodingType"] = "application/geo+json", ["location"] = point.DeepClone() },
            ["HistoricalLocations"] = new() { ["time"] = "2026-01-01T00:00:00Z", ["Thing"] = new JsonObject { ["@iot.id"] = thing } },
            ["Sensors"] = new() { ["name"] = "Drucksonde", ["description"] = "Pegelsonde", ["encodingType"] = "text/html", ["metadata"] = "https://example.org/sonde" },
            ["ObservedProperties"] = new() { ["name"] = "Wasserstand", ["definition"] = "https://example.org/wasserstand", ["description"] = "Pegelhöhe" },
            ["Datastreams"] = new()
            {
                ["name"] = "Pegel", ["description"] = "Wasserstand", ["observationType"] = "OM_Measurement",
                ["unitOfMeasurement"] = new JsonObject { ["name"] = "Zentimeter", ["symbol"] = "cm", ["definition"] = "ucum:cm" },
                ["Thing"] = new JsonObject { ["@iot.id"] = thing }, ["Sensor"] = new JsonObject { ["@iot.id"] = sensor },
                ["ObservedProperty"] = new JsonObject { ["@iot.id"] = property },
            },
            ["FeaturesOfInterest"] = new() { ["name"] = "Rhein", ["description"] = "Fluss", ["encodingType"] = "application/geo+json", ["feature"] = point.DeepClone() },
            ["Observations"] = new() { ["phenomenonTime"] = "2026-05-02T00:00:00Z", ["result"] = 312, ["Datastream"] = new JsonObject { ["@iot.id"] = datastream } },
        };
        var patches = new Dictionary<string, (string Name, JsonNode Value)>
        {
            ["Things"] = ("name", "Pegel Konstanz"),
            ["Locations"] = ("name", "Alte Rheinbrücke"),
            ["HistoricalLocations"] = ("time", "2026-02-01T00:00:00.000Z"),
            ["Sensors"] = ("description", "Drucksonde 2"),
            ["ObservedProperties"] = ("definition", "https://example.org/pegel"),
            ["Datastreams"] = ("observationType", "OM_CountObservation"),
            ["FeaturesOfInterest"] = ("description", "Seerhein"),
            ["Observations"] = ("result", 315.5),
        };

        foreach (var (set, body) in bodies)
        {
            var created = await client.PostJsonAsync($"/v1.1/{set}", body.DeepClone());
            var id = created.Id();
            (await client.GetJsonAsync($"/v1.1/{set}({id})")).Id().ShouldBe(id);
            (await client.GetJsonAsync($"/v1.1/{set}")).Values().Select(v => v!.Id()).ShouldContain(id);

            var (name, value) = patches[set];
            var (patched, patchedBody) = await client.SendAsync(HttpMethod.Patch, $"/v1.1/{set}({id})", new JsonObject { [name] = value.DeepClone() });
            patched.ShouldBe(HttpStatusCode.OK, $"{set}: {patchedBody?.ToJsonString()}");
            (await client.GetJsonAsync($"/v1.1/{set}({id})/{name}"))[name]!.ToJsonString().ShouldBe(value.ToJsonString(), set);

            var replacement = (JsonObject)body.DeepClone();
            replacement[name] = value.DeepClone();
            var (replaced, replacedBody) = await client.SendAsync(HttpMethod.Put, $"/v1.1/{set}({id})", replacement);
            replaced.ShouldBe(HttpStatusCode.OK, $"{set}: {replacedBody?.ToJsonString()}");

            var (deleted, _) = await client.SendAsync(HttpMethod.Delete, $"/v1.1/{set}({id})");
            deleted.ShouldBe(HttpStatusCode.OK, set);
            (await client.SendAsync(HttpMethod.Get, $"/v1.1/{set}({id})")).Status.ShouldBe(HttpStatusCode.NotFound, set);
        }
    }

    [Theory, DatabaseData]
    public async Task Put_without_a_required_property_is_400_and_changes_nothing(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (thing, _) = await client.CreateStationAsync();

        var (status, error) = await client.SendAsync(HttpMethod.Put, $"/v1.1/Things({thing})", new { name = "Nur ein Name" });

        status.ShouldBe(HttpStatusCode.BadRequest);
        error!["message"]!.GetValue<string>().ShouldContain("description");
        (await client.GetJsonAsync($"/v1.1/Things({thing})"))["name"]!.GetValue<string>().ShouldBe("Wetterstation Marktplatz");
    }

    [Theory, DatabaseData]
    public async Task Deleting_a_thing_deletes_its_datastreams_observations_and_historical_locations_but_not_its_sensor(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (thing, datastream) = await client.CreateStationAsync();
        var observations = await client.AddObservationsAsync(datastream, 1, 2);

        (await client.SendAsync(HttpMethod.Delete, $"/v1.1/Things({thing})")).Status.ShouldBe(HttpStatusCode.OK);

        (await client.SendAsync(HttpMethod.Get, $"/v1.1/Datastreams({datastream})")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await client.SendAsync(HttpMethod.Get, $"/v1.1/Observations({observations[0]})")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetJsonAsync("/v1.1/HistoricalLocations")).Values().ShouldBeEmpty();
        (await client.GetJsonAsync("/v1.1/Sensors")).Values().Count.ShouldBe(1);
        (await client.GetJsonAsync("/v1.1/Locations")).Values().Count.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Links_are_added_listed_and_removed_through_ref(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (thing, datastream) = await client.CreateStationAsync();
        var other = await client.PostJsonAsync("/v1.1/Locations", new JsonObject
        {
            ["name"] = "Lager", ["description"] = "Bauhof", ["encodingType"] = "application/geo+json",
            ["location"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(9.15, 47.67) },
        });

        (await client.SendAsync(HttpMethod.Post, $"/v1.1/Things({thing})/Locations/$ref", new JsonObject { ["@iot.id"] = other.Id() })).Status.ShouldBe(HttpStatusCode.NoContent);
        var refs = await client.GetJsonAsync($"/v1.1/Things({thing})/Locations/$ref");
        refs.Values().Select(r => r!["@iot.selfLink"]!.GetValue<string>()).ShouldContain($"http://localhost/v1.1/Locations({other.Id()})");
        refs.Values()[0]!.AsObject().Select(p => p.Key).ShouldBe(["@iot.selfLink"]);
        (await client.GetJsonAsync($"/v1.1/Things({thing})/HistoricalLocations")).Values().Count.ShouldBe(2);

        (await client.SendAsync(HttpMethod.Delete, $"/v1.1/Things({thing})/Locations({other.Id()})/$ref")).Status.ShouldBe(HttpStatusCode.OK);
        (await client.GetJsonAsync($"/v1.1/Things({thing})/Locations")).Values().Count.ShouldBe(1);
        (await client.GetJsonAsync($"/v1.1/Locations({other.Id()})")).Id().ShouldBe(other.Id());

        var second = await client.PostJsonAsync("/v1.1/Things", new { name = "Zweite Station", description = "Hafen" });
        (await client.SendAsync(HttpMethod.Put, $"/v1.1/Datastreams({datastream})/Thing/$ref", new JsonObject { ["@iot.id"] = second.Id() })).Status.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetJsonAsync($"/v1.1/Datastreams({datastream})/Thing/$ref"))["@iot.selfLink"]!.GetValue<string>().ShouldBe($"http://localhost/v1.1/Things({second.Id()})");
        (await client.SendAsync(HttpMethod.Delete, $"/v1.1/Things({second.Id()})/Datastreams({datastream})/$ref")).Status.ShouldBe(HttpStatusCode.Conflict);
    }

    [Theory, DatabaseData]
    public async Task Posting_into_a_navigation_links_the_new_entity_to_its_parent(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (thing, _) = await client.CreateStationAsync();

        var location = await client.PostJsonAsync($"/v1.1/Things({thing})/Locations", new JsonObject
        {
            ["name"] = "Neuer Standort", ["description"] = "Umgezogen", ["encodingType"] = "application/geo+json",
            ["location"] = new JsonObject { ["type"] = "Feature", ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(9.2, 47.7) } },
        });

        (await client.GetJsonAsync($"/v1.1/Locations({location.Id()})/Things")).Values().ShouldHaveSingleItem()!.Id().ShouldBe(thing);
        location["location"]!["type"]!.GetValue<string>().ShouldBe("Feature");
    }
}
