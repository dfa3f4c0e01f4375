using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Sensing;
using Stadtkern.Features.Sensing.Query;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Sensing.Api;

/// <summary>
/// How reads are run and answered: the generated statements are prepared and run again (PostgreSQL), and every JSON answer goes
/// out in one piece with its length.
/// </summary>
public sealed class SensingAnswerTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string Latest = "Observations?$top=1&$orderby=phenomenonTime%20desc";

    private static double[] Results(JsonNode page) => page.Values().Select(v => v!["result"]!.GetValue<double>()).ToArray();

    [Theory, DatabaseData]
    public async Task The_latest_value_stays_right_when_its_statement_is_prepared_and_run_again(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (_, first) = await client.CreateStationAsync("Station Nord");
        var (_, second) = await client.CreateStationAsync("Station Süd");
        var firstIds = await client.AddObservationsAsync(first, 1, 2, 3);
        await client.AddObservationsAsync(second, 10, 20);

        // More runs than Npgsql needs before it prepares a statement (5), alternating the Datastream: the Datastream is a
        // parameter of the one prepared statement, so each answer must still be its own.
        for (var i = 0; i < 8; i++)
        {
            var a = await client.GetJsonAsync($"/v1.1/Datastreams({first})/{Latest}");
            Results(a).ShouldBe([3]);
            a["@iot.nextLink"].ShouldNotBeNull();
            Results(await client.GetJsonAsync($"/v1.1/Datastreams({second})/{Latest}")).ShouldBe([20]);
        }

        // A new Observation is the latest value at once; $top is part of the statement's text, so $top=2 is another statement.
        var newer = await client.PostJsonAsync($"/v1.1/Datastreams({first})/Observations", new JsonObject { ["phenomenonTime"] = "2026-05-01T11:00:00Z", ["result"] = 4 });
        Results(await client.GetJsonAsync($"/v1.1/Datastreams({first})/{Latest}")).ShouldBe([4]);
        Results(await client.GetJsonAsync($"/v1.1/Datastreams({first})/Observations?$top=2&$orderby=phenomenonTime%20desc")).ShouldBe([4, 3]);
        Results(await client.GetJsonAsync($"/v1.1/Datastreams({first})/Observations?$top=2&$skip=2&$orderby=phenomenonTime%20desc")).ShouldBe([2, 1]);

        // The newest page starts where it started last time (NewestPageHints) unless that no longer holds enough rows: an
        // Observation between the first two and the third, then the two newest deleted, must each show at once.
        await client.PostJsonAsync($"/v1.1/Datastreams({first})/Observations", new JsonObject { ["phenomenonTime"] = "2026-05-01T10:01:30Z", ["result"] = 2.5 });
        var two = await client.GetJsonAsync($"/v1.1/Datastreams({first})/Observations?$top=2&$orderby=phenomenonTime%20desc");
        Results(two).ShouldBe([4, 3]);
        Results(await client.GetJsonAsync(two["@iot.nextLink"]!.GetValue<string>())).ShouldBe([2.5, 2]);
        (await client.SendAsync(HttpMethod.Delete, $"/v1.1/Observations({newer.Id()})")).Status.ShouldBe(HttpStatusCode.OK);
        (await client.SendAsync(HttpMethod.Delete, $"/v1.1/Observations({firstIds[2]})")).Status.ShouldBe(HttpStatusCode.OK);
        Results(await client.GetJsonAsync($"/v1.1/Datastreams({first})/{Latest}")).ShouldBe([2.5]);
        Results(await client.GetJsonAsync($"/v1.1/Datastreams({first})/Observations?$top=2&$orderby=phenomenonTime%20desc")).ShouldBe([2.5, 2]);
        Results(await client.GetJsonAsync($"/v1.1/Datastreams({first})/Observations?$top=5&$orderby=phenomenonTime%20desc")).ShouldBe([2.5, 2, 1]);
        Results(await client.GetJsonAsync($"/v1.1/Datastreams({second})/{Latest}")).ShouldBe([20]);
    }

    [Theory, DatabaseData]
    public async Task A_json_answer_goes_out_in_one_piece_with_its_length_in_bytes(DatabaseProvider db)
    {
        var ct = TestContext.Current.CancellationToken;
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (_, datastream) = await client.CreateStationAsync("Wetterstation Größenwahn");
        // 300 Observations: a page of them is many times the first buffer (4 KB), so the buffer grows while the answer is written.
        var rows = new JsonArray(Enumerable.Range(0, 300)
            .Select(i => (JsonNode)new JsonArray($"2026-05-01T{i / 60:00}:{i % 60:00}:00Z", i * 0.5)).ToArray());
        var body = new JsonArray(new JsonObject
        {
            ["Datastream"] = new JsonObject { ["@iot.id"] = datastream },
            ["components"] = new JsonArray("phenomenonTime", "result"),
            ["dataArray@iot.count"] = 300,
            ["dataArray"] = rows,
        });
        using (var created = await client.PostAsync("/v1.1/CreateObservations", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), ct))
        {
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        foreach (var url in new[] { $"/v1.1/Datastreams({datastream})/Observations?$top=300", $"/v1.1/Datastreams({datastream})/Thing", $"/v1.1/Datastreams({datastream})/{Latest}" })
        {
            using var response = await client.GetAsync(url, ct);
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
            response.Content.Headers.ContentLength.ShouldBe(bytes.Length, url);
            response.Headers.TransferEncodingChunked.ShouldNotBe(true, url);
            response.Content.Headers.ContentType!.ToString().ShouldBe("application/json; charset=utf-8");
            JsonNode.Parse(bytes).ShouldNotBeNull();
        }

        var page = JsonNode.Parse(await client.GetByteArrayAsync($"/v1.1/Datastreams({datastream})/Observations?$top=300&$orderby=phenomenonTime", ct))!;
        Results(page).ShouldBe(Enumerable.Range(0, 300).Select(i => i * 0.5).ToArray());
        JsonNode.Parse(await client.GetByteArrayAsync($"/v1.1/Datastreams({datastream})/Thing", ct))!["name"]!.GetValue<string>().ShouldBe("Wetterstation Größenwahn");
    }

    [Theory, DatabaseData]
    public async Task Entities_written_straight_into_the_answer_equal_the_same_entities_read_in_a_batch_or_expanded(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (_, datastream) = await client.CreateStationAsync("Pegel Alte Mainbrücke");
        var bodies = new[]
        {
            new JsonObject { ["phenomenonTime"] = "2026-05-01T10:00:00Z", ["result"] = 1.25, ["resultTime"] = "2026-05-01T10:00:05.5Z" },
            new JsonObject { ["phenomenonTime"] = "2026-05-01T10:00:00Z/2026-05-01T10:15:00Z", ["result"] = "Hochwasser \"Stufe 2\" <Warnung>", ["validTime"] = "2026-05-01T10:00:00Z/2026-05-02T00:00:00Z" },
            new JsonObject { ["phenomenonTime"] = "2026-05-01T10:30:00Z", ["result"] = true, ["resultQuality"] = new JsonArray("geprüft", 2), ["parameters"] = new JsonObject { ["Gerät"] = "Sonde 7", ["Tiefe"] = new JsonObject { ["m"] = 0.5 } } },
            new JsonObject { ["phenomenonTime"] = "2026-05-01T10:45:00Z", ["result"] = new JsonObject { ["pegel"] = 312, ["trend"] = new JsonArray(1, -2) } },
        };
        foreach (var body in bodies)
        {
            await client.PostJsonAsync($"/v1.1/Datastreams({datastream})/Observations", body);
        }

        var url = $"/v1.1/Datastreams({datastream})/Observations?$orderby=phenomenonTime,id";
        var page = await client.GetJsonAsync(url);
        var entities = page["value"]!.AsArray();
        entities.Count.ShouldBe(4);
        entities[0]!["resultTime"]!.GetValue<string>().ShouldBe("2026-05-01T10:00:05.500Z");
        entities[0]!["validTime"].ShouldBeNull();
        entities[1]!["phenomenonTime"]!.GetValue<string>().ShouldBe("2026-05-01T10:00:00.000Z/2026-05-01T10:15:00.000Z");
        entities[1]!["result"]!.GetValue<string>().ShouldBe("Hochwasser \"Stufe 2\" <Warnung>");
        entities[2]!["result"]!.GetValue<bool>().ShouldBeTrue();
        JsonNode.DeepEquals(entities[2]!["parameters"], bodies[2]["parameters"]).ShouldBeTrue();
        JsonNode.DeepEquals(entities[3]!["result"], bodies[3]["result"]).ShouldBeTrue();
        entities[3]!["FeatureOfInterest@iot.navigationLink"]!.GetValue<string>().ShouldBe($"{entities[3]!["@iot.selfLink"]!.GetValue<string>()}/FeatureOfInterest");

        // The same entities parsed into objects: inside a batch (whose parts' scopes end before the answer is written), below
        // an expanded Datastream, and one by one.
        var (status, batch) = await client.SendAsync(HttpMethod.Post, "/v1.1/$batch",
            new JsonObject { ["requests"] = new JsonArray(new JsonObject { ["id"] = "page", ["method"] = "get", ["url"] = url }) });
        status.ShouldBe(HttpStatusCode.OK);
        JsonNode.DeepEquals(batch!["responses"]![0]!["body"], page).ShouldBeTrue();
        var expanded = await client.GetJsonAsync($"/v1.1/Datastreams({datastream})?$expand=Observations($orderby=phenomenonTime,id)");
        JsonNode.DeepEquals(expanded["Observations"], entities).ShouldBeTrue();
        foreach (var entity in entities)
        {
            JsonNode.DeepEquals(await client.GetJsonAsync($"/v1.1/Observations({entity!.Id()})"), entity).ShouldBeTrue();
        }
    }

    [Fact]
    public void Newest_page_hints_are_kept_per_datastream_and_page_size_and_forgotten_all_at_once_when_full()
    {
        var hints = new NewestPageHints();
        hints.Remember(7, 2, 1_000);
        hints.For(7, 2).ShouldBe(new DateTimeOffset(1_000, TimeSpan.Zero));
        hints.For(7, 3).ShouldBeNull();
        hints.For(8, 2).ShouldBeNull();

        for (var datastream = 100L; datastream < 100 + NewestPageHints.Capacity; datastream++)
        {
            hints.Remember(datastream, 2, datastream);
        }

        hints.For(7, 2).ShouldBeNull();
        hints.For(100 + NewestPageHints.Capacity - 1, 2).ShouldBe(new DateTimeOffset(100 + NewestPageHints.Capacity - 1, TimeSpan.Zero));
    }

    [Theory, DatabaseData]
    public async Task The_read_connections_plan_with_the_low_random_page_cost_and_the_writers_with_the_servers_own(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var sources = app.Services.GetRequiredService<SensingDataSource>();
        if (db == DatabaseProvider.Sqlite)
        {
            sources.Reads.ShouldBeNull();
            return;
        }

        async Task<string> CostAsync(Npgsql.NpgsqlDataSource source)
        {
            await using var command = source.CreateCommand("SHOW random_page_cost");
            return (string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
        }

        (await CostAsync(sources.Reads!)).ShouldBe("1.1");
        (await CostAsync(sources.Postgres!)).ShouldBe("4");
    }

    [Fact]
    public void The_read_connections_prepare_statements_skip_the_reset_and_cost_random_reads_low_unless_the_connection_string_says_otherwise()
    {
        var tuned = new Npgsql.NpgsqlConnectionStringBuilder(SensingDataSource.Tuned("Host=127.0.0.1;Database=stadtkern"));
        tuned.MaxAutoPrepare.ShouldBe(SensingDataSource.AutoPrepared);
        tuned.NoResetOnClose.ShouldBeTrue();
        tuned.Options.ShouldBe("-c random_page_cost=1.1");
        tuned.Host.ShouldBe("127.0.0.1");

        var given = new Npgsql.NpgsqlConnectionStringBuilder(SensingDataSource.Tuned("Host=db;Database=stadtkern;Max Auto Prepare=0;No Reset On Close=false;Options="));
        given.MaxAutoPrepare.ShouldBe(0);
        given.NoResetOnClose.ShouldBeFalse();
        given.Options.ShouldBeNullOrEmpty();

        new Npgsql.NpgsqlConnectionStringBuilder(SensingDataSource.Tuned("Host=db;MaxAutoPrepare=3")).MaxAutoPrepare.ShouldBe(3);
    }
}
