using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Platform;

/// <summary>What the platform serves besides features: health, the OpenAPI document, problem details.</summary>
public sealed class PlatformEndpointTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task Liveness_and_readiness_are_200_without_a_token(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = app.AnonymousClient();

        var live = await client.GetAsync("/health/live", Ct);
        var ready = await client.GetAsync("/health/ready", Ct);

        live.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await live.Content.ReadAsStringAsync(Ct)).ShouldBe("Healthy");
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync(Ct)).ShouldBe("Healthy");
    }

    [Theory, DatabaseData]
    public async Task The_openapi_document_is_openapi_3_and_describes_the_tenant_api(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);

        var response = await app.AnonymousClient().GetAsync("/openapi/v1.json", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        document.GetProperty("openapi").GetString().ShouldNotBeNull().ShouldStartWith("3.");
        document.GetProperty("info").GetProperty("title").GetString().ShouldBe("Stadtkern");
        var paths = document.GetProperty("paths");
        paths.TryGetProperty("/api/tenants", out var tenants).ShouldBeTrue();
        paths.TryGetProperty("/api/tenants/{slug}", out var tenant).ShouldBeTrue();
        tenants.GetProperty("get").GetProperty("operationId").GetString().ShouldBe("ListTenants");
        tenants.GetProperty("post").GetProperty("operationId").GetString().ShouldBe("CreateTenant");
        tenants.GetProperty("post").GetProperty("responses").EnumerateObject().Select(r => r.Name).ShouldBe(["201", "400", "409"], ignoreOrder: true);
        tenant.GetProperty("get").GetProperty("operationId").GetString().ShouldBe("GetTenant");
        tenant.GetProperty("put").GetProperty("operationId").GetString().ShouldBe("UpdateTenant");
    }

    [Theory, DatabaseData]
    public async Task Every_operation_in_the_openapi_document_has_an_id_a_summary_and_a_tag(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);

        var document = await app.AnonymousClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);

        var missing = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("responses", out _)))
            {
                foreach (var field in new[] { "operationId", "summary", "tags" })
                {
                    if (!operation.Value.TryGetProperty(field, out _))
                    {
                        missing.Add($"{operation.Name.ToUpperInvariant()} {path.Name}: {field}");
                    }
                }
            }
        }

        missing.ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task An_unknown_api_path_is_404_problem_json_even_for_browsers(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var anonymous = app.AnonymousClient();
        var browser = app.AnonymousClient();
        // What a browser sends when it navigates (Chromium and Firefox alike end with */*).
        browser.DefaultRequestHeaders.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").ShouldBeTrue();

        foreach (var client in new[] { anonymous, browser, await app.ClientAsync("demo", "admin") })
        {
            var response = await client.GetAsync("/api/does-not-exist", Ct);

            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json", client == browser ? "browser" : "api client");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            problem.GetProperty("status").GetInt32().ShouldBe(404);
            problem.GetProperty("instance").GetString().ShouldBe("/api/does-not-exist");
            problem.GetProperty("traceId").GetString().ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Theory, DatabaseData]
    public async Task A_wrong_method_on_an_api_path_is_405_problem(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "admin");

        var response = await client.DeleteAsync("/api/tenants/demo", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Theory, DatabaseData]
    public async Task The_sensorthings_api_skips_the_middleware_for_people_but_keeps_security_headers_and_problems(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = app.AnonymousClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").ShouldBeTrue();

        var page = await client.GetAsync("/?culture=en", Ct);
        var sensing = await client.GetAsync("/V1.1/Things?culture=en", Ct);
        var wrongMethod = await client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/v1.1/Things"), Ct);

        // A page remembers the chosen language; the machine API ignores it and sets no cookie.
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        sensing.StatusCode.ShouldBe(HttpStatusCode.OK);
        sensing.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        sensing.Headers.Contains("Set-Cookie").ShouldBeFalse();
        wrongMethod.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        wrongMethod.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        foreach (var response in new[] { page, sensing, wrongMethod })
        {
            response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
            response.Headers.GetValues("X-Frame-Options").ShouldBe(["SAMEORIGIN"]);
        }
    }
}
