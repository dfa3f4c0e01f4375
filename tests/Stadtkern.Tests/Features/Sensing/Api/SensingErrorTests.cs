using System.Net;
using System.Text.Json.Nodes;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Sensing.Api;

public sealed class SensingErrorTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Theory, DatabaseData]
    public async Task Bad_paths_and_query_options_are_answered_in_the_sensorthings_error_format_never_500(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (thing, _) = await client.CreateStationAsync();
        var cases = new (string Url, HttpStatusCode Status)[]
        {
            ("/v1.1/Things('x')", HttpStatusCode.BadRequest),
            ("/v1.1/Things(1.5)", HttpStatusCode.BadRequest),
            ("/v1.1/Things(99999)", HttpStatusCode.NotFound),
            ("/v1.1/Things(99999)/Datastreams", HttpStatusCode.NotFound),
            ("/v1.1/Dinge", HttpStatusCode.NotFound),
            ($"/v1.1/Things({thing})/color", HttpStatusCode.NotFound),
            ("/v1.1/Things/Datastreams", HttpStatusCode.BadRequest),
            ($"/v1.1/Things({thing})/name/$value/x", HttpStatusCode.BadRequest),
            ("/v1.1/Things?$top=-1", HttpStatusCode.BadRequest),
            ("/v1.1/Things?$top=abc", HttpStatusCode.BadRequest),
            ("/v1.1/Things?$skip=1e3", HttpStatusCode.BadRequest),
            ("/v1.1/Things?$count=yes", HttpStatusCode.BadRequest),
            ("/v1.1/Things?$select=color", HttpStatusCode.BadRequest),
            ("/v1.1/Things?$orderby=color", HttpStatusCode.BadRequest),
            ("/v1.1/Things?$orderby=name sideways", HttpStatusCode.BadRequest),
            ("/v1.1/Things?$orderby=properties", HttpStatusCode.BadRequest),
            ("/v1.1/Things?$expand=Sensors", HttpStatusCode.BadRequest),
            ("/v1.1/Things?$expand=Datastreams($top=x)", HttpStatusCode.BadRequest),
            ("/v1.1/Things?$expand=Datastreams($top=1", HttpStatusCode.BadRequest),
            ("/v1.1/Things?$expand=Datastreams/Observations/Datastream/Thing/Datastreams/Observations", HttpStatusCode.BadRequest),
            ("/v1.1/Things?$resultFormat=dataArray", HttpStatusCode.BadRequest),
            ("/v1.1/Things?$frobnicate=1", HttpStatusCode.BadRequest),
            ("/v1.1/Things?$filter=name eq", HttpStatusCode.BadRequest),
        };

        foreach (var (url, expected) in cases)
        {
            var (status, error) = await client.SendAsync(HttpMethod.Get, url);
            status.ShouldBe(expected, url);
            error.ShouldNotBeNull(url)["code"]!.GetValue<int>().ShouldBe((int)expected, url);
            error["type"]!.GetValue<string>().ShouldBe("error");
            error["message"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Theory, DatabaseData]
    public async Task Bad_bodies_are_400_and_wrong_methods_405(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (thing, datastream) = await client.CreateStationAsync();
        var cases = new (HttpMethod Method, string Url, object? Body, HttpStatusCode Status)[]
        {
            (HttpMethod.Post, "/v1.1/Things", "{not json", HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/v1.1/Things", "[1,2]", HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/v1.1/Things", new { name = "x" }, HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/v1.1/Things", new { name = "x", description = "y", color = "rot" }, HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/v1.1/Things", new { name = 5, description = "y" }, HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/v1.1/Things", new { name = "x", description = "y", properties = "z" }, HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/v1.1/Things", new { name = "x", description = "y", accessLevel = "geheim" }, HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/v1.1/Locations", new { name = "x", description = "y", encodingType = "application/geo+json", location = new { type = "Point", coordinates = new[] { 1.0 } } }, HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/v1.1/Locations", new { name = "x", description = "y", encodingType = "application/geo+json", location = new { type = "Polygon", coordinates = new[] { new[] { new[] { 0.0, 0 }, new[] { 1.0, 0 }, new[] { 1.0, 1 }, new[] { 0.0, 1 } } } } }, HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/v1.1/Locations", new { name = "x", description = "y", encodingType = "application/geo+json", location = new { type = "Kreis" } }, HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/v1.1/Observations", new { result = 1 }, HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/v1.1/Observations", new JsonObject { ["result"] = 1, ["Datastream"] = new JsonObject { ["@iot.id"] = 999999 } }, HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"/v1.1/Datastreams({datastream})/Observations", new { phenomenonTime = "gestern", result = 1 }, HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"/v1.1/Datastreams({datastream})/Observations", new { phenomenonTime = "2026-05-01T10:00:00Z" }, HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"/v1.1/Datastreams({datastream})/Observations", "{\"result\": 1e999}", HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/v1.1/Datastreams", new { name = "x", description = "y", observationType = "z", unitOfMeasurement = new { } }, HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"/v1.1/Things({thing})", new { name = "x", description = "y" }, HttpStatusCode.MethodNotAllowed),
            (HttpMethod.Patch, "/v1.1/Things", new { name = "x" }, HttpStatusCode.MethodNotAllowed),
            (HttpMethod.Delete, "/v1.1/Things", null, HttpStatusCode.MethodNotAllowed),
            (HttpMethod.Patch, $"/v1.1/Things({thing})", new { name = (string?)null }, HttpStatusCode.BadRequest),
            (HttpMethod.Patch, "/v1.1/Things(424242)", new { name = "x" }, HttpStatusCode.NotFound),
            (HttpMethod.Delete, "/v1.1/Things(424242)", null, HttpStatusCode.NotFound),
            (HttpMethod.Post, $"/v1.1/Things({thing})/Locations/$ref", new { }, HttpStatusCode.BadRequest),
            (HttpMethod.Post, $"/v1.1/Things({thing})/Locations/$ref", new JsonObject { ["@iot.id"] = 777777 }, HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/v1.1/$batch", new { requests = Array.Empty<object>() }, HttpStatusCode.NotImplemented),
        };

        foreach (var (method, url, body, expected) in cases)
        {
            var (status, error) = await client.SendAsync(method, url, body);
            status.ShouldBe(expected, $"{method} {url} {body}: {error?.ToJsonString()}");
            error.ShouldNotBeNull(url)["code"]!.GetValue<int>().ShouldBe((int)expected);
        }
    }

    [Theory, DatabaseData]
    public async Task Writes_need_a_token_with_app_steward_or_admin_role(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var thing = new { name = "x", description = "y" };

        var (anonymous, error) = await app.AnonymousClient().SendAsync(HttpMethod.Post, "/v1.1/Things", thing);
        anonymous.ShouldBe(HttpStatusCode.Unauthorized);
        error!["code"]!.GetValue<int>().ShouldBe(401);
        (await (await app.ClientAsync("demo", "citizen")).SendAsync(HttpMethod.Post, "/v1.1/Things", thing)).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await (await app.ClientAsync("demo", "staff")).SendAsync(HttpMethod.Post, "/v1.1/Things", thing)).Status.ShouldBe(HttpStatusCode.Forbidden);
        foreach (var role in new[] { "app", "data-steward", "admin" })
        {
            (await (await app.ClientAsync("demo", role)).SendAsync(HttpMethod.Post, "/v1.1/Things", thing)).Status.ShouldBe(HttpStatusCode.Created, role);
        }
    }
}
