using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Sensing.Api;

public sealed class SensingQueryTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static readonly string[] CatalogOnly = ["catalog"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static double[] Results(JsonNode page) => page.Values().Select(v => v!["result"]!.GetValue<double>()).ToArray();

    [Theory, DatabaseData]
    public async Task Top_skip_and_next_link_page_through_a_collection(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (_, datastream) = await client.CreateStationAsync();
        await client.AddObservationsAsync(datastream, 1, 2, 3, 4, 5);

        var first = await client.GetJsonAsync($"/v1.1/Datastreams({datastream})/Observations?$top=2&$orderby=phenomenonTime");
        Results(first).ShouldBe([1, 2]);
        var next = first["@iot.nextLink"]!.GetValue<string>();
        next.ShouldStartWith($"http://localhost/v1.1/Datastreams({datastream})/Observations?");
        // Ordered by phenomenonTime: the next page continues by key ($skiptoken), not by $skip.
        next.ShouldContain("$skiptoken=");
        next.ShouldNotContain("$skip=");
        var second = await client.GetJsonAsync(next);
        Results(second).ShouldBe([3, 4]);
        var last = await client.GetJsonAsync(second["@iot.nextLink"]!.GetValue<string>());
        Results(last).ShouldBe([5]);
        last["@iot.nextLink"].ShouldBeNull();
        Results(await client.GetJsonAsync($"/v1.1/Datastreams({datastream})/Observations?$skip=4")).ShouldBe([5]);
    }

    [Theory, DatabaseData]
    public async Task Top_above_the_maximum_is_cut_and_without_top_the_default_page_applies(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (_, datastream) = await client.CreateStationAsync();
        await client.AddObservationsAsync(datastream, 1, 2, 3);
        using var limited = app.WithWebHostBuilder(b => b.UseSetting("Sensing:MaxTop", "2").UseSetting("Sensing:DefaultTop", "1"));
        var limitedClient = limited.CreateClient();
        limitedClient.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;

        Results(await limitedClient.GetJsonAsync($"/v1.1/Observations?$top=50")).Length.ShouldBe(2);
        var page = await limitedClient.GetJsonAsync($"/v1.1/Observations");
        Results(page).Length.ShouldBe(1);
        page["@iot.nextLink"].ShouldNotBeNull();
    }

    [Theory, DatabaseData]
    public async Task Count_is_exact_below_the_limit_and_an_estimate_or_maintained_count_above(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (_, datastream) = await client.CreateStationAsync();
        await client.AddObservationsAsync(datastream, 1, 2, 3, 4);

        (await client.GetJsonAsync($"/v1.1/Observations?$count=true&$top=1"))["@iot.count"]!.GetValue<long>().ShouldBe(4);
        (await client.GetJsonAsync($"/v1.1/Things?$count=false"))["@iot.count"].ShouldBeNull();

        using var limited = app.WithWebHostBuilder(b => b.UseSetting("Sensing:CountExactLimit", "2"));
        var limitedClient = limited.CreateClient();
        limitedClient.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;
        // One Datastream's Observations: the count the writer maintains.
        (await limitedClient.GetJsonAsync($"/v1.1/Datastreams({datastream})/Observations?$count=true"))["@iot.count"]!.GetValue<long>().ShouldBe(4);
        // Elsewhere: at least the limit (PostgreSQL's estimate, SQLite counts).
        (await limitedClient.GetJsonAsync($"/v1.1/Observations?$count=true"))["@iot.count"]!.GetValue<long>().ShouldBeGreaterThan(2);
    }

    [Theory, DatabaseData]
    public async Task Select_returns_only_the_chosen_properties_and_navigation_links(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (thing, _) = await client.CreateStationAsync();

        var selected = (await client.GetJsonAsync("/v1.1/Things?$select=name,Datastreams")).Values()[0]!.AsObject();
        selected.Select(p => p.Key).ShouldBe(["name", "Datastreams@iot.navigationLink"]);
        var withId = await client.GetJsonAsync($"/v1.1/Things({thing})?$select=id,description");
        withId.AsObject().Select(p => p.Key).ShouldBe(["@iot.id", "@iot.selfLink", "description"]);
    }

    [Theory, DatabaseData]
    public async Task Orderby_sorts_by_several_properties_in_both_directions(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        foreach (var (name, description) in new[] { ("B", "2"), ("A", "2"), ("C", "1") })
        {
            await client.PostJsonAsync("/v1.1/Things", new { name, description });
        }

        var names = (await client.GetJsonAsync("/v1.1/Things?$orderby=description desc,name asc")).Values().Select(v => v!["name"]!.GetValue<string>());
        names.ShouldBe(["A", "B", "C"]);
        var byName = (await client.GetJsonAsync("/v1.1/Things?$orderby=name desc")).Values().Select(v => v!["name"]!.GetValue<string>());
        byName.ShouldBe(["C", "B", "A"]);
    }

    [Theory, DatabaseData]
    public async Task Expand_nests_with_its_own_select_top_orderby_and_count(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (thing, datastream) = await client.CreateStationAsync();
        await client.AddObservationsAsync(datastream, 10, 20, 30);

        var expanded = await client.GetJsonAsync(
            $"/v1.1/Things({thing})?$expand=Datastreams($select=name;$expand=Observations($top=2;$orderby=phenomenonTime desc;$count=true;$select=result))");

        var stream = expanded["Datastreams"]!.AsArray().ShouldHaveSingleItem()!.AsObject();
        stream.Select(p => p.Key).ShouldBe(["name", "Observations@iot.count", "Observations", "Observations@iot.nextLink"]);
        stream["Observations@iot.count"]!.GetValue<long>().ShouldBe(3);
        stream["Observations"]!.AsArray().Select(o => o!["result"]!.GetValue<double>()).ShouldBe([30, 20]);
        var next = stream["Observations@iot.nextLink"]!.GetValue<string>();
        next.ShouldStartWith($"http://localhost/v1.1/Datastreams({datastream})/Observations?");
        (await client.GetJsonAsync(next)).Values().Select(o => o!["result"]!.GetValue<double>()).ShouldBe([10]);

        var path = await client.GetJsonAsync($"/v1.1/Things?$expand=Datastreams/Observations($top=1)");
        var observations = path.Values()[0]!["Datastreams"]![0]!["Observations"]!.AsArray();
        observations.Count.ShouldBe(1);
        path.Values()[0]!["Datastreams"]![0]!["Observations@iot.nextLink"]!.GetValue<string>()
            .ShouldStartWith($"http://localhost/v1.1/Datastreams({datastream})/Observations?$top=1&$skip=1");
    }

    [Theory, DatabaseData]
    public async Task Expand_of_a_to_one_navigation_gives_an_object(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (thing, datastream) = await client.CreateStationAsync();
        var ids = await client.AddObservationsAsync(datastream, 7);

        var observation = await client.GetJsonAsync($"/v1.1/Observations({ids[0]})?$expand=Datastream($expand=Thing($select=name))");

        observation["Datastream"]!.Id().ShouldBe(datastream);
        observation["Datastream"]!["Thing"]!.AsObject().Select(p => p.Key).ShouldBe(["name"]);
        _ = thing;
    }

    [Theory, DatabaseData]
    public async Task Result_format_data_array_groups_observations_by_datastream(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (_, datastream) = await client.CreateStationAsync();
        await client.AddObservationsAsync(datastream, 1.5, 2.5);

        var page = await client.GetJsonAsync($"/v1.1/Datastreams({datastream})/Observations?$resultFormat=dataArray&$select=phenomenonTime,result&$orderby=phenomenonTime");

        var group = page.Values().ShouldHaveSingleItem()!;
        group["Datastream@iot.navigationLink"]!.GetValue<string>().ShouldBe($"http://localhost/v1.1/Datastreams({datastream})");
        group["components"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldBe(["phenomenonTime", "result"]);
        group["dataArray@iot.count"]!.GetValue<int>().ShouldBe(2);
        group["dataArray"]![1]!.ToJsonString().ShouldBe("[\"2026-05-01T10:01:00.000Z\",2.5]");
    }

    [Theory, DatabaseData]
    public async Task A_property_and_its_raw_value_can_be_read(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (thing, _) = await client.CreateStationAsync();

        (await client.GetJsonAsync($"/v1.1/Things({thing})/name")).ToJsonString().ShouldBe("{\"name\":\"Wetterstation Marktplatz\"}");
        (await client.GetStringAsync($"/v1.1/Things({thing})/name/$value", Ct)).ShouldBe("Wetterstation Marktplatz");
        (await client.GetJsonAsync($"/v1.1/Things({thing})/properties"))["properties"]!["operator"]!.GetValue<string>().ShouldBe("Stadtwerke");
    }

    [Theory, DatabaseData]
    public async Task Other_tenants_are_served_under_their_prefix_with_their_own_links_and_data(DatabaseProvider db)
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
        await demo.CreateStationAsync("Demo-Station");

        var (thing, _) = await konstanz.CreateStationAsync("Seepegel", prefix: "/t/konstanz");

        var things = await konstanz.GetJsonAsync("/t/konstanz/v1.1/Things");
        things.Values().ShouldHaveSingleItem()!["@iot.selfLink"]!.GetValue<string>().ShouldBe($"http://localhost/t/konstanz/v1.1/Things({thing})");
        (await demo.GetJsonAsync("/v1.1/Things")).Values().Select(t => t!["name"]!.GetValue<string>()).ShouldBe(["Demo-Station"]);
        (await demo.SendAsync(HttpMethod.Get, $"/v1.1/Things({thing})")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await konstanz.GetJsonAsync("/t/konstanz/v1.1"))["value"]![0]!["url"]!.GetValue<string>().ShouldStartWith("http://localhost/t/konstanz/v1.1/");
    }
}
