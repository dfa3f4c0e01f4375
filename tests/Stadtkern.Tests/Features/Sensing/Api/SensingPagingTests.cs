using System.Net;
using System.Text.Json.Nodes;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Sensing.Api;

/// <summary>Keyset paging (<c>$skiptoken</c> in <c>@iot.nextLink</c>) and <c>$count</c> from the Datastreams' maintained counts.</summary>
public sealed class SensingPagingTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static double[] Results(JsonNode page) => page.Values().Select(v => v!["result"]!.GetValue<double>()).ToArray();

    private static async Task<List<double>> FollowAsync(HttpClient client, string url)
    {
        var all = new List<double>();
        string? next = url;
        while (next is not null)
        {
            var page = await client.GetJsonAsync(next);
            all.AddRange(Results(page));
            next = page["@iot.nextLink"]?.GetValue<string>();
        }

        return all;
    }

    [Theory, DatabaseData]
    public async Task Next_links_page_by_key_in_id_and_phenomenon_time_order_without_gaps_or_repeats(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (_, datastream) = await client.CreateStationAsync();
        await client.AddObservationsAsync(datastream, 1, 2, 3, 4, 5, 6, 7);
        // An eighth at the same instant as the third: ties in phenomenonTime are broken by id.
        await client.PostJsonAsync($"/v1.1/Datastreams({datastream})/Observations", new JsonObject { ["phenomenonTime"] = "2026-05-01T10:02:00Z", ["result"] = 8 });

        var first = await client.GetJsonAsync($"/v1.1/Datastreams({datastream})/Observations?$top=3");
        first["@iot.nextLink"]!.GetValue<string>().ShouldContain("$skiptoken=i");
        (await FollowAsync(client, $"/v1.1/Datastreams({datastream})/Observations?$top=3")).ShouldBe([1, 2, 3, 4, 5, 6, 7, 8]);
        (await FollowAsync(client, $"/v1.1/Datastreams({datastream})/Observations?$top=2&$orderby=phenomenonTime")).ShouldBe([1, 2, 3, 8, 4, 5, 6, 7]);
        (await FollowAsync(client, $"/v1.1/Datastreams({datastream})/Observations?$top=2&$orderby=phenomenonTime%20desc")).ShouldBe([7, 6, 5, 4, 3, 8, 2, 1]);
        (await FollowAsync(client, $"/v1.1/Datastreams({datastream})/Observations?$top=3&$skip=2&$orderby=phenomenonTime%20desc&$count=true")).ShouldBe([5, 4, 3, 8, 2, 1]);

        // Other orders keep $skip; a $filter stays in the link.
        var byResult = await client.GetJsonAsync($"/v1.1/Datastreams({datastream})/Observations?$top=2&$orderby=result%20desc");
        byResult["@iot.nextLink"]!.GetValue<string>().ShouldContain("$skip=2");
        (await FollowAsync(client, $"/v1.1/Datastreams({datastream})/Observations?$top=2&$filter=result%20gt%203&$orderby=phenomenonTime")).ShouldBe([8, 4, 5, 6, 7]);
    }

    [Theory, DatabaseData]
    public async Task A_skiptoken_that_the_server_did_not_write_or_that_belongs_to_another_order_is_a_400(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (_, datastream) = await client.CreateStationAsync();
        await client.AddObservationsAsync(datastream, 1, 2, 3);

        foreach (var token in new[] { "x", "i", "i-1", "t5", "t.1", "t99999999999999999999.1", "i1e3" })
        {
            (await client.SendAsync(HttpMethod.Get, $"/v1.1/Datastreams({datastream})/Observations?$skiptoken={Uri.EscapeDataString(token)}")).Status.ShouldBe(HttpStatusCode.BadRequest, token);
        }

        (await client.SendAsync(HttpMethod.Get, $"/v1.1/Datastreams({datastream})/Observations?$orderby=phenomenonTime&$skiptoken=i5")).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await client.SendAsync(HttpMethod.Get, $"/v1.1/Things?$expand=Datastreams($skiptoken=i1)")).Status.ShouldBe(HttpStatusCode.BadRequest);
        Results(await client.GetJsonAsync($"/v1.1/Datastreams({datastream})/Observations?$skiptoken=i0")).ShouldBe([1, 2, 3]);
    }

    [Theory, DatabaseData]
    public async Task An_empty_page_of_a_missing_datastream_is_a_404_and_of_an_existing_one_is_empty(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (_, datastream) = await client.CreateStationAsync();

        (await client.GetJsonAsync($"/v1.1/Datastreams({datastream})/Observations?$count=true"))["@iot.count"]!.GetValue<long>().ShouldBe(0);
        (await client.SendAsync(HttpMethod.Get, $"/v1.1/Datastreams({datastream + 1000})/Observations")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, DatabaseData]
    public async Task Count_of_observations_follows_moves_and_deletes_through_the_maintained_counts(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (_, first) = await client.CreateStationAsync("Station A");
        var (_, second) = await client.CreateStationAsync("Station B");
        var ids = await client.AddObservationsAsync(first, 1, 2, 3, 4);
        await client.AddObservationsAsync(second, 5);

        async Task<long> CountAsync(string url) => (await client.GetJsonAsync(url))["@iot.count"]!.GetValue<long>();
        (await CountAsync("/v1.1/Observations?$count=true&$top=1")).ShouldBe(5);
        (await CountAsync($"/v1.1/Datastreams({first})/Observations?$count=true")).ShouldBe(4);

        // Moved by PATCH and by $ref: the counts move with the Observation.
        (await client.SendAsync(HttpMethod.Patch, $"/v1.1/Observations({ids[0]})", new JsonObject { ["Datastream"] = new JsonObject { ["@iot.id"] = second } })).Status.ShouldBe(HttpStatusCode.OK);
        (await client.SendAsync(HttpMethod.Put, $"/v1.1/Observations({ids[1]})/Datastream/$ref", new JsonObject { ["@iot.id"] = second })).Status.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.NoContent);
        (await CountAsync($"/v1.1/Datastreams({first})/Observations?$count=true")).ShouldBe(2);
        (await CountAsync($"/v1.1/Datastreams({second})/Observations?$count=true")).ShouldBe(3);
        (await CountAsync($"/v1.1/Datastreams({second})/Observations?$count=true&$filter=result%20lt%203")).ShouldBe(2);

        // Deleted with their FeatureOfInterest: gone from the counts too.
        var feature = (await client.GetJsonAsync($"/v1.1/Observations({ids[2]})/FeatureOfInterest")).Id();
        (await client.SendAsync(HttpMethod.Delete, $"/v1.1/FeaturesOfInterest({feature})")).Status.ShouldBe(HttpStatusCode.OK);
        var left = (await client.GetJsonAsync("/v1.1/Observations?$top=100")).Values().Count;
        (await CountAsync("/v1.1/Observations?$count=true")).ShouldBe(left);
    }
}
