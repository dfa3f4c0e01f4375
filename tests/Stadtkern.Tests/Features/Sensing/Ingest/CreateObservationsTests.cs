using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Sensing.Ingest;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Sensing.Ingest;

public sealed class CreateObservationsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string Url = "/t/demo/v1.1/CreateObservations";

    private static JsonArray Body(long datastream, params JsonArray[] rows) =>
    [
        new JsonObject
        {
            ["Datastream"] = new JsonObject { ["@iot.id"] = datastream },
            ["components"] = new JsonArray("phenomenonTime", "result", "resultTime"),
            ["dataArray@iot.count"] = rows.Length,
            ["dataArray"] = new JsonArray([.. rows]),
        },
    ];

    [Theory, DatabaseData]
    public async Task DataArray_rows_are_created_and_answered_with_self_links_in_order(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var probe = app.Probe();
        var stream = await probe.CreateDatastreamAsync(await app.TenantIdAsync());
        var client = await app.ClientAsync("demo", "app");
        var body = Body(stream,
            ["2026-03-14T10:20:00-0700", 20, null],
            ["2026-03-14T10:21:00Z/2026-03-14T10:22:00Z", 30.5, "2026-03-14T10:23:00+01:00"],
            ["kein Datum", 1, null],
            ["2026-03-14T10:20:00-0700", 20, null]);
        body.Add(new JsonObject
        {
            ["Datastream"] = new JsonObject { ["@iot.id"] = 987654 },
            ["components"] = new JsonArray("result"),
            ["dataArray"] = new JsonArray(new JsonArray(1)),
        });

        var response = await client.PostAsJsonAsync(Url, body, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var links = (await response.Content.ReadFromJsonAsync<string[]>(TestContext.Current.CancellationToken))!;
        links.Length.ShouldBe(5);
        links[0].ShouldStartWith("http://localhost/t/demo/v1.1/Observations(");
        links[1].ShouldStartWith("http://localhost/t/demo/v1.1/Observations(");
        links[2].ShouldBe("error");
        links[3].ShouldBe(links[0]); // a duplicate row points at the stored observation
        links[4].ShouldBe("error"); // no such datastream in this tenant

        (await probe.CountAsync("SELECT COUNT(*) FROM sensing_observations")).ShouldBe(2);
        var first = (await probe.RowsAsync("SELECT phenomenon_time_start FROM sensing_observations WHERE result_number = 20")).Single();
        SqlProbe.Time(first[0]).ShouldBe(new DateTimeOffset(2026, 3, 14, 17, 20, 0, TimeSpan.Zero));
        var interval = (await probe.RowsAsync("SELECT phenomenon_time_end, result_time FROM sensing_observations WHERE result_number = 30.5")).Single();
        SqlProbe.Time(interval[0]).ShouldBe(new DateTimeOffset(2026, 3, 14, 10, 22, 0, TimeSpan.Zero));
        SqlProbe.Time(interval[1]).ShouldBe(new DateTimeOffset(2026, 3, 14, 9, 23, 0, TimeSpan.Zero));
    }

    [Theory, DatabaseData]
    public async Task Idempotency_key_makes_a_retried_request_answer_the_same_without_writing(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var probe = app.Probe();
        var stream = await probe.CreateDatastreamAsync(await app.TenantIdAsync());
        var client = await app.ClientAsync("demo", "app");
        var ct = TestContext.Current.CancellationToken;

        async Task<string[]> Post(JsonArray body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", "batch-2026-03-14-a");
            var response = await client.SendAsync(request, ct);
            response.StatusCode.ShouldBe(HttpStatusCode.Created);
            return (await response.Content.ReadFromJsonAsync<string[]>(ct))!;
        }

        var first = await Post(Body(stream, ["2026-03-14T10:00:00Z", 1, null], ["2026-03-14T10:01:00Z", 2, null]));
        var retry = await Post(Body(stream, ["2026-03-14T10:00:00Z", 1, null], ["2026-03-14T10:01:00Z", 2, null]));
        retry.ShouldBe(first);
        await Post(Body(stream, ["2026-03-14T11:00:00Z", 3, null]));
        (await probe.CountAsync("SELECT COUNT(*) FROM sensing_observations")).ShouldBe(2);
        (await probe.CountAsync("SELECT observation_count FROM sensing_datastreams WHERE id = @p0", stream)).ShouldBe(2);
    }

    [Theory, DatabaseData]
    public async Task Writing_needs_a_token_with_a_write_role_and_bad_bodies_are_400(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var stream = await app.Probe().CreateDatastreamAsync(await app.TenantIdAsync());
        var ct = TestContext.Current.CancellationToken;
        var body = Body(stream, ["2026-03-14T10:00:00Z", 1, null]);

        var anonymous = await app.AnonymousClient().PostAsJsonAsync(Url, body, ct);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.Content.ReadFromJsonAsync<JsonObject>(ct))!["type"]!.GetValue<string>().ShouldBe("error");
        (await (await app.ClientAsync("demo", "citizen")).PostAsJsonAsync(Url, body, ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await app.ClientAsync("demo", "data-steward")).PostAsJsonAsync(Url, body, ct)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var client = await app.ClientAsync("demo", "admin");
        foreach (var bad in new[] { "{}", "[1]", "not json", "[{\"Datastream\":{\"@iot.id\":1},\"components\":[\"phenomenonTime\"],\"dataArray\":[]}]",
            "[{\"Datastream\":{\"@iot.id\":1},\"components\":[\"result\",\"colour\"],\"dataArray\":[]}]", "[{\"MultiDatastream\":{\"@iot.id\":1}}]" })
        {
            var response = await client.PostAsync(Url, new StringContent(bad, System.Text.Encoding.UTF8, "application/json"), ct);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, bad);
            (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["code"]!.GetValue<int>().ShouldBe(400);
        }
    }

    [Theory, DatabaseData]
    public async Task A_full_queue_answers_503_with_Retry_After_and_the_queued_request_still_completes(DatabaseProvider db)
    {
        var shared = await fixture.StartAsync(db);
        var stream = await shared.Probe().CreateDatastreamAsync(await shared.TenantIdAsync());
        var token = await shared.CreateTokenAsync("demo", "app");
        await using var app = shared.WithWebHostBuilder(b => b.UseSetting("Sensing:Ingest:MaxQueue", "3"));
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var writer = app.Services.GetRequiredService<ObservationWriter>();
        var ct = TestContext.Current.CancellationToken;

        Task<HttpResponseMessage> queued;
        await using (await writer.PauseAsync())
        {
            queued = client.PostAsJsonAsync(Url, Body(stream, ["2026-03-14T10:00:00Z", 1, null], ["2026-03-14T10:01:00Z", 2, null], ["2026-03-14T10:02:00Z", 3, null]), ct);
            await WaitUntil(() => writer.Queued == 3);
            var refused = await client.PostAsJsonAsync(Url, Body(stream, ["2026-03-14T11:00:00Z", 4, null]), ct);
            refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            refused.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(1));
            (await refused.Content.ReadFromJsonAsync<JsonObject>(ct))!["code"]!.GetValue<int>().ShouldBe(503);
        }

        (await queued).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await client.PostAsJsonAsync(Url, Body(stream, ["2026-03-14T11:00:00Z", 4, null]), ct)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await shared.Probe().CountAsync("SELECT COUNT(*) FROM sensing_observations")).ShouldBe(4);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        condition().ShouldBeTrue();
    }
}
