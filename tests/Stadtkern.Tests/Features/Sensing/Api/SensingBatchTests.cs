using System.Net;
using System.Text.Json.Nodes;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Sensing.Api;

public sealed class SensingBatchTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Theory, DatabaseData]
    public async Task A_json_batch_runs_its_requests_in_order_with_references_to_created_entities_and_own_outcomes(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (_, datastream) = await client.CreateStationAsync();
        var batch = new JsonObject
        {
            ["requests"] = new JsonArray(
                new JsonObject { ["id"] = "thing", ["method"] = "post", ["url"] = "Things", ["body"] = new JsonObject { ["name"] = "Pegel", ["description"] = "Rhein" } },
                new JsonObject { ["id"] = "rename", ["method"] = "patch", ["url"] = "$thing", ["body"] = new JsonObject { ["name"] = "Pegel Konstanz" } },
                new JsonObject { ["id"] = "read", ["method"] = "get", ["url"] = "/v1.1/Things?$orderby=name&$select=name" },
                new JsonObject { ["id"] = "observation", ["method"] = "post", ["url"] = $"Datastreams({datastream})/Observations", ["body"] = new JsonObject { ["phenomenonTime"] = "2026-05-01T10:00:00Z", ["result"] = 3 } },
                new JsonObject { ["id"] = "bad", ["method"] = "get", ["url"] = "Things('x')" },
                new JsonObject { ["id"] = "gone", ["method"] = "delete", ["url"] = "$thing" }),
        };

        var (status, json) = await client.SendAsync(HttpMethod.Post, "/v1.1/$batch", batch);

        status.ShouldBe(HttpStatusCode.OK);
        var responses = json!["responses"]!.AsArray();
        responses.Select(r => r!["status"]!.GetValue<int>()).ShouldBe([201, 200, 200, 201, 400, 200]);
        var thing = responses[0]!["body"]!.Id();
        responses[0]!["headers"]!["location"]!.GetValue<string>().ShouldBe($"http://localhost/v1.1/Things({thing})");
        responses[1]!["body"]!["name"]!.GetValue<string>().ShouldBe("Pegel Konstanz");
        responses[2]!["body"]!.Values().Select(t => t!["name"]!.GetValue<string>()).ShouldBe(["Pegel Konstanz", "Wetterstation Marktplatz"]);
        responses[4]!["body"]!["code"]!.GetValue<int>().ShouldBe(400);
        (await client.SendAsync(HttpMethod.Get, $"/v1.1/Things({thing})")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetJsonAsync($"/v1.1/Datastreams({datastream})/Observations")).Values().Count.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Batch_writes_need_the_write_role_per_request(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var batch = new JsonObject
        {
            ["requests"] = new JsonArray(
                new JsonObject { ["id"] = "1", ["method"] = "get", ["url"] = "Things" },
                new JsonObject { ["id"] = "2", ["method"] = "post", ["url"] = "Things", ["body"] = new JsonObject { ["name"] = "x", ["description"] = "y" } }),
        };

        var (status, json) = await app.AnonymousClient().SendAsync(HttpMethod.Post, "/v1.1/$batch", batch);

        status.ShouldBe(HttpStatusCode.OK);
        json!["responses"]!.AsArray().Select(r => r!["status"]!.GetValue<int>()).ShouldBe([200, 401]);
    }
}
