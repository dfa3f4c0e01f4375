using System.Net;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Features.Sensing.Api;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Sensing.Filter;

/// <summary>The translator behind the SensorThings endpoints: registered, with its SQLite functions, and under the access rule.</summary>
public sealed class FilterApiTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Theory, DatabaseData]
    public async Task Filters_reach_the_api_with_functions_geo_and_lambdas(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (_, datastream) = await client.CreateStationAsync("Station Nord");
        await client.CreateStationAsync("Station Süd");
        await client.AddObservationsAsync(datastream, 1.5, 22, 30);

        var observations = await client.GetJsonAsync("/v1.1/Observations?$filter=result gt 20 and minute(phenomenonTime) ge 1 and year(phenomenonTime) eq 2026");
        observations.Values().Select(o => o!["result"]!.GetValue<double>()).Order().ShouldBe([22.0, 30.0]);

        var things = await client.GetJsonAsync("/v1.1/Things?$filter=Datastreams/any(d: d/Observations/any(o: o/result gt 25))");
        things.Values().Select(t => t!["name"]!.GetValue<string>()).ShouldBe(["Station Nord"]);

        var near = await client.GetJsonAsync("/v1.1/Locations?$filter=st_within(location, geography'POLYGON((9 47, 10 47, 10 48, 9 48, 9 47))') and geo.distance(location, geography'POINT(9.1732 47.6603)') lt 0.001");
        near.Values().Count.ShouldBe(2);
        var far = await client.GetJsonAsync("/v1.1/Locations?$filter=st_within(location, geography'POLYGON((10 53, 11 53, 11 54, 10 54, 10 53))')");
        far.Values().ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task A_filter_cannot_see_through_a_path_what_the_caller_may_not_see(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var steward = await app.ClientAsync("demo", "data-steward");
        await steward.CreateStationAsync("Station Geheim", datastreamAccess: "restricted");
        const string Url = "/v1.1/Things?$filter=Datastreams/any(d: d/name eq 'Lufttemperatur Station Geheim')";

        (await steward.GetJsonAsync(Url)).Values().Count.ShouldBe(1);
        (await app.AnonymousClient().GetJsonAsync(Url)).Values().ShouldBeEmpty();
        (await app.AnonymousClient().GetJsonAsync("/v1.1/Things?$filter=name eq 'Station Geheim'")).Values().Count.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Bad_filters_are_400_with_the_position(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = app.AnonymousClient();
        foreach (var filter in new[] { "name eq", "name eq 'x", "frob(name)", "name eq 1", "name eq 'x''; DROP TABLE sensing_things; --" })
        {
            var (status, error) = await client.SendAsync(HttpMethod.Get, "/v1.1/Things?$filter=" + Uri.EscapeDataString(filter));
            status.ShouldBe(HttpStatusCode.BadRequest, filter);
            error!["message"]!.GetValue<string>().ShouldContain("position", Case.Insensitive, filter);
        }
    }
}
