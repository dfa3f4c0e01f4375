using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Sensing.Api;

public sealed class SensingVisibilityTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Stations(long Public, long PublicStream, long Internal, long InternalStream, long Restricted, long RestrictedStream);

    /// <summary>Three stations (public, internal, restricted), each with two observations.</summary>
    private static async Task<Stations> ArrangeAsync(HttpClient steward)
    {
        var open = await steward.CreateStationAsync("Offen", "public");
        var inside = await steward.CreateStationAsync("Intern", "internal");
        var closed = await steward.CreateStationAsync("Geschlossen", "restricted");
        foreach (var stream in new[] { open.Datastream, inside.Datastream, closed.Datastream })
        {
            await steward.AddObservationsAsync(stream, 1, 2);
        }

        return new Stations(open.Thing, open.Datastream, inside.Thing, inside.Datastream, closed.Thing, closed.Datastream);
    }

    private static IEnumerable<string> Names(JsonNode page) => page.Values().Select(v => v!["name"]!.GetValue<string>());

    [Theory, DatabaseData]
    public async Task Anonymous_callers_see_only_public_things_datastreams_observations_and_locations_also_in_counts(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var stations = await ArrangeAsync(await app.ClientAsync("demo", "data-steward"));
        var anonymous = app.AnonymousClient();

        Names(await anonymous.GetJsonAsync("/v1.1/Things")).ShouldBe(["Offen"]);
        Names(await anonymous.GetJsonAsync("/v1.1/Datastreams")).ShouldBe(["Lufttemperatur Offen"]);
        Names(await anonymous.GetJsonAsync("/v1.1/Locations")).Count().ShouldBe(1);
        (await anonymous.GetJsonAsync("/v1.1/HistoricalLocations")).Values().Count.ShouldBe(1);
        (await anonymous.GetJsonAsync("/v1.1/Observations?$count=true"))["@iot.count"]!.GetValue<long>().ShouldBe(2);
        (await anonymous.GetJsonAsync("/v1.1/Datastreams?$count=true"))["@iot.count"]!.GetValue<long>().ShouldBe(1);
        (await anonymous.SendAsync(HttpMethod.Get, $"/v1.1/Things({stations.Internal})")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await anonymous.SendAsync(HttpMethod.Get, $"/v1.1/Things({stations.Restricted})/Datastreams")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await anonymous.SendAsync(HttpMethod.Get, $"/v1.1/Datastreams({stations.RestrictedStream})/Observations")).Status.ShouldBe(HttpStatusCode.NotFound);
        // Metadata stays visible to everyone in the tenant.
        (await anonymous.GetJsonAsync("/v1.1/Sensors")).Values().Count.ShouldBe(3);
    }

    [Theory, DatabaseData]
    public async Task Expansions_and_their_counts_leave_out_what_the_caller_may_not_see(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var steward = await app.ClientAsync("demo", "data-steward");
        var stations = await ArrangeAsync(steward);
        var sensor = (await steward.GetJsonAsync($"/v1.1/Datastreams({stations.PublicStream})/Sensor")).Id();
        // A second, restricted Datastream on the public Thing, sharing the public one's Sensor.
        await steward.PostJsonAsync($"/v1.1/Things({stations.Public})/Datastreams", new JsonObject
        {
            ["name"] = "Geheim",
            ["description"] = "nur mit Freigabe",
            ["observationType"] = "OM_Measurement",
            ["accessLevel"] = "restricted",
            ["unitOfMeasurement"] = new JsonObject { ["name"] = "Grad Celsius", ["symbol"] = "°C", ["definition"] = "ucum:Cel" },
            ["Sensor"] = new JsonObject { ["@iot.id"] = sensor },
            ["ObservedProperty"] = new JsonObject { ["name"] = "Innentemperatur", ["definition"] = "x", ["description"] = "y" },
        });
        var anonymous = app.AnonymousClient();

        var thing = await anonymous.GetJsonAsync($"/v1.1/Things({stations.Public})?$expand=Datastreams($count=true)");
        thing["Datastreams"]!.AsArray().Select(d => d!["name"]!.GetValue<string>()).ShouldBe(["Lufttemperatur Offen"]);
        thing["Datastreams@iot.count"]!.GetValue<long>().ShouldBe(1);
        var viaSensor = await anonymous.GetJsonAsync($"/v1.1/Sensors({sensor})/Datastreams?$count=true");
        viaSensor["@iot.count"]!.GetValue<long>().ShouldBe(1);
        var sensors = await anonymous.GetJsonAsync("/v1.1/Sensors?$expand=Datastreams/Thing");
        sensors.Values().SelectMany(s => s!["Datastreams"]!.AsArray()).Select(d => d!["Thing"]!["name"]!.GetValue<string>()).ShouldBe(["Offen"]);
        var observations = await anonymous.GetJsonAsync("/v1.1/Observations?$expand=Datastream");
        observations.Values().Select(o => o!["Datastream"]!.Id()).Distinct().ShouldBe([stations.PublicStream]);

        var stewardView = await steward.GetJsonAsync($"/v1.1/Things({stations.Public})?$expand=Datastreams($count=true)");
        stewardView["Datastreams@iot.count"]!.GetValue<long>().ShouldBe(2);
    }

    [Theory, DatabaseData]
    public async Task Members_see_internal_data_and_stewards_everything(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var steward = await app.ClientAsync("demo", "data-steward");
        await ArrangeAsync(steward);

        Names(await (await app.ClientAsync("demo", "staff")).GetJsonAsync("/v1.1/Things?$orderby=name")).ShouldBe(["Intern", "Offen"]);
        Names(await (await app.ClientAsync("demo", "citizen")).GetJsonAsync("/v1.1/Things")).ShouldBe(["Offen"]);
        Names(await steward.GetJsonAsync("/v1.1/Things?$orderby=name")).ShouldBe(["Geschlossen", "Intern", "Offen"]);
        (await steward.GetJsonAsync("/v1.1/Observations?$count=true"))["@iot.count"]!.GetValue<long>().ShouldBe(6);
    }

    [Theory, DatabaseData]
    public async Task A_grant_opens_a_restricted_thing_to_one_app_until_it_is_revoked(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var steward = await app.ClientAsync("demo", "data-steward");
        var stations = await ArrangeAsync(steward);
        CreatedToken token;
        await using (var scope = await app.TenantScopeAsync())
        {
            token = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateTokenAsync("citizen", "Bürger-App", null, Ct);
        }

        var grantee = app.ClientWithToken(token.Secret);
        Names(await grantee.GetJsonAsync("/v1.1/Things")).ShouldBe(["Offen"]);

        (await grantee.PostAsJsonAsync("/api/sensing/grants", new { thingId = stations.Restricted, tokenId = token.Id }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var granted = await steward.PostAsJsonAsync("/api/sensing/grants", new { thingId = stations.Restricted, tokenId = token.Id }, Ct);
        granted.StatusCode.ShouldBe(HttpStatusCode.Created);
        var grant = (await granted.Content.ReadFromJsonAsync<JsonObject>(Ct))!;

        Names(await grantee.GetJsonAsync("/v1.1/Things?$orderby=name")).ShouldBe(["Geschlossen", "Offen"]);
        (await grantee.GetJsonAsync($"/v1.1/Datastreams({stations.RestrictedStream})/Observations?$count=true"))["@iot.count"]!.GetValue<long>().ShouldBe(2);
        (await grantee.SendAsync(HttpMethod.Get, $"/v1.1/Things({stations.Internal})")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await steward.GetFromJsonAsync<JsonArray>($"/api/sensing/grants?thingId={stations.Restricted}", Ct))!.Count.ShouldBe(1);

        (await steward.DeleteAsync($"/api/sensing/grants/{grant["id"]}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        Names(await grantee.GetJsonAsync("/v1.1/Things")).ShouldBe(["Offen"]);
    }

    [Theory, DatabaseData]
    public async Task A_grant_needs_exactly_one_target_and_one_grantee_in_the_tenant(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var steward = await app.ClientAsync("demo", "data-steward");
        var stations = await ArrangeAsync(steward);

        (await steward.PostAsJsonAsync("/api/sensing/grants", new { thingId = stations.Restricted, datastreamId = stations.RestrictedStream, userId = Guid.NewGuid() }, Ct))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await steward.PostAsJsonAsync("/api/sensing/grants", new { thingId = stations.Restricted }, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await steward.PostAsJsonAsync("/api/sensing/grants", new { thingId = 987654, userId = Guid.NewGuid() }, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.AnonymousClient().GetAsync("/api/sensing/grants", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await steward.PostAsJsonAsync("/api/sensing/grants", new { datastreamId = stations.RestrictedStream, userId = Guid.NewGuid() }, Ct))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Theory, DatabaseData]
    public async Task Restricted_datastreams_on_a_public_thing_stay_hidden_from_the_public_and_their_observations_too(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var steward = await app.ClientAsync("demo", "data-steward");
        var (thing, stream) = await steward.CreateStationAsync("Offen mit Geheimnis", "public", datastreamAccess: "restricted");
        await steward.AddObservationsAsync(stream, 5);
        var anonymous = app.AnonymousClient();

        (await anonymous.GetJsonAsync($"/v1.1/Things({thing})")).Id().ShouldBe(thing);
        (await anonymous.GetJsonAsync($"/v1.1/Things({thing})/Datastreams")).Values().ShouldBeEmpty();
        (await anonymous.GetJsonAsync("/v1.1/Observations")).Values().ShouldBeEmpty();
        (await anonymous.SendAsync(HttpMethod.Get, $"/v1.1/Datastreams({stream})")).Status.ShouldBe(HttpStatusCode.NotFound);
    }
}
