using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Tenants;

public sealed class TenantApiTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A complete, valid body for a tenant with the given slug (Konstanz's official keys).</summary>
    private static object Body(string slug, string name = "Konstanz", object? departments = null, string[]? modules = null) => new
    {
        slug,
        name,
        ars = "083350043043",
        ags = "08335043",
        contact = new { name = "Bürgerbüro", email = "buergerbuero@konstanz.example", phone = "+49 7531 900-0", website = "https://www.konstanz.example" },
        branding = new { logoUrl = "/logo.svg", primaryColor = "#1A4B7C", description = "Stadt am See" },
        modules = modules ?? ["reports", "catalog", "alerts"],
        departments = departments ?? new[]
        {
            new { key = "tiefbau", name = "Tiefbauamt", email = (string?)"tiefbau@konstanz.example" },
            new { key = "gruen", name = "Grünflächenamt", email = (string?)null },
        },
    };

    [Theory, DatabaseData]
    public async Task Instance_admin_lists_the_demo_city(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "admin");

        var tenants = await client.GetFromJsonAsync<List<TenantDto>>("/api/tenants", Ct);

        tenants.ShouldNotBeNull().Select(t => t.Slug).ShouldBe(["demo"]);
        tenants[0].Name.ShouldBe("Musterstadt");
    }

    [Theory, DatabaseData]
    public async Task Listing_tenants_without_a_token_is_401(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);

        var response = await app.AnonymousClient().GetAsync("/api/tenants", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Theory, DatabaseData]
    public async Task Creating_a_tenant_with_a_full_body_is_201_with_location_and_the_stored_tenant(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "admin");

        var response = await client.PostAsJsonAsync("/api/tenants", Body("konstanz"), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.Location!.OriginalString.ShouldBe("/api/tenants/konstanz");
        var created = (await response.Content.ReadFromJsonAsync<TenantDto>(Ct)).ShouldNotBeNull();
        created.Id.ShouldNotBe(Guid.Empty);
        created.Slug.ShouldBe("konstanz");
        created.Name.ShouldBe("Konstanz");
        created.Ars.ShouldBe("083350043043");
        created.Ags.ShouldBe("08335043");
        created.Contact.ShouldBe(new ContactDto("Bürgerbüro", "buergerbuero@konstanz.example", "+49 7531 900-0", "https://www.konstanz.example"));
        created.Branding.ShouldBe(new BrandingDto("/logo.svg", "#1a4b7c", "Stadt am See"));
        created.Modules.ShouldBe(["catalog", "reports", "alerts"]); // in the platform's module order
        created.Departments.ShouldBe([new DepartmentDto("gruen", "Grünflächenamt", null), new DepartmentDto("tiefbau", "Tiefbauamt", "tiefbau@konstanz.example")]);
        created.HomePath.ShouldBe("/t/konstanz/");
        created.UpdatedAt.ShouldBe(created.CreatedAt);

        var fetched = (await client.GetFromJsonAsync<TenantDto>(response.Headers.Location, Ct)).ShouldNotBeNull();
        // Storage keeps 100 µs (SQLite) or 1 µs (PostgreSQL) of the creation time, the 201 all of it.
        fetched.CreatedAt.ShouldBe(created.CreatedAt, TimeSpan.FromMilliseconds(1));
        fetched.ShouldBeEquivalentTo(created with { CreatedAt = fetched.CreatedAt, UpdatedAt = fetched.UpdatedAt });
        var list = await client.GetFromJsonAsync<List<TenantDto>>("/api/tenants", Ct);
        list.ShouldNotBeNull().Select(t => t.Slug).ShouldBe(["konstanz", "demo"], ignoreOrder: true);
    }

    [Theory, DatabaseData]
    public async Task Creating_a_tenant_with_only_the_required_fields_enables_every_module(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "admin");

        var response = await client.PostAsJsonAsync("/api/tenants", new { slug = "konstanz", name = "Konstanz", ars = "083350043043", ags = "08335043" }, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = (await response.Content.ReadFromJsonAsync<TenantDto>(Ct)).ShouldNotBeNull();
        created.Modules.ShouldBe(["catalog", "sensing", "reports", "alerts", "trees", "dashboards", "participation"]);
        created.Branding.PrimaryColor.ShouldBe("#005a8c");
        created.Departments.ShouldBeEmpty();
        created.Contact.ShouldBe(new ContactDto(null, null, null, null));
    }

    [Theory, DatabaseData]
    public async Task Creating_a_tenant_with_a_taken_slug_is_409_problem(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "admin");
        (await client.PostAsJsonAsync("/api/tenants", Body("konstanz"), Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var response = await client.PostAsJsonAsync("/api/tenants", Body("konstanz", name: "Noch ein Konstanz"), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await ProblemAsync(response);
        problem.GetProperty("status").GetInt32().ShouldBe(409);
        problem.GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain("konstanz");
        (await client.GetFromJsonAsync<TenantDto>("/api/tenants/konstanz", Ct)).ShouldNotBeNull().Name.ShouldBe("Konstanz");
    }

    [Theory, DatabaseData]
    public async Task Creating_the_same_slug_concurrently_gives_one_201_and_otherwise_409(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "admin");

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            client.PostAsJsonAsync("/api/tenants", Body("konstanz", name: $"Konstanz {i}"), Ct)));

        responses.Select(r => r.StatusCode).Order().ShouldBe(
            [HttpStatusCode.Created, .. Enumerable.Repeat(HttpStatusCode.Conflict, 5)]);
        var list = await client.GetFromJsonAsync<List<TenantDto>>("/api/tenants", Ct);
        list.ShouldNotBeNull().Count(t => t.Slug == "konstanz").ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Creating_the_demo_slug_again_is_409(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "admin");

        var response = await client.PostAsJsonAsync("/api/tenants", Body("demo"), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Theory, DatabaseData]
    public async Task Creating_a_tenant_with_invalid_fields_is_400_problem_with_errors_keyed_by_field(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "admin");

        var response = await client.PostAsJsonAsync("/api/tenants", new
        {
            slug = "Bad Slug",
            name = "Konstanz",
            ars = "0833500430", // 10 digits
            ags = "08335043",
            contact = new { email = "not-an-email", website = "javascript:alert(1)" },
            branding = new { primaryColor = "#ffff00" },
            modules = new List<string> { "catalog", "teleport" },
            departments = new[] { new { key = "tiefbau", name = "Tiefbauamt" }, new { key = "tiefbau", name = "Tiefbau 2" } },
        }, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await ProblemAsync(response)).GetProperty("errors");
        errors.EnumerateObject().Select(p => p.Name).ShouldBe(
            ["slug", "ars", "branding.primaryColor", "modules", "departments[1].key", "contact.email", "contact.website"],
            ignoreOrder: true);
        errors.GetProperty("modules")[0].GetString().ShouldNotBeNull().ShouldContain("teleport");
        errors.GetProperty("branding.primaryColor")[0].GetString().ShouldNotBeNull().ShouldContain("nötig sind 4,5:1");
        (await client.GetAsync("/api/tenants/Bad%20Slug", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, DatabaseData]
    public async Task Creating_a_tenant_whose_ags_does_not_match_the_ars_is_400_under_ags(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "admin");

        var response = await client.PostAsJsonAsync("/api/tenants", new { slug = "konstanz", name = "Konstanz", ars = "083350043043", ags = "08335044" }, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await ProblemAsync(response)).GetProperty("errors");
        errors.EnumerateObject().Select(p => p.Name).ShouldBe(["ags"]);
        errors.GetProperty("ags")[0].GetString().ShouldNotBeNull().ShouldContain("08335043");
    }

    [Theory, DatabaseData]
    public async Task Malformed_json_is_400_problem_with_the_parsers_reason(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "admin");

        var response = await client.PostAsync("/api/tenants", Json("""{"slug": "konstanz", "name": """), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await ProblemAsync(response);
        problem.GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain("not valid JSON");
        problem.GetProperty("status").GetInt32().ShouldBe(400);
    }

    [Theory, DatabaseData]
    public async Task Json_with_wrong_types_is_400_not_500(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "admin");
        string[] bodies =
        [
            """{"slug": 42, "name": "Konstanz", "ars": "083350043043", "ags": "08335043"}""",
            """{"slug": "konstanz", "name": "Konstanz", "ars": "083350043043", "ags": "08335043", "modules": "catalog"}""",
            """{"slug": "konstanz", "name": "Konstanz", "ars": "083350043043", "ags": "08335043", "contact": "Rathaus"}""",
            """{"slug": "konstanz", "name": "Konstanz", "ars": "083350043043", "ags": "08335043", "departments": {"key": "x"}}""",
            """{"slug": "konstanz", "name": "Konstanz", "ars": "083350043043", "ags": "08335043", "departments": [null]}""",
            """{"slug": "konstanz", "name": "Konstanz", "ars": "083350043043", "ags": "08335043", "modules": [null, 1]}""",
            """["konstanz"]""",
            "null",
            "",
        ];

        foreach (var body in bodies)
        {
            var response = await client.PostAsync("/api/tenants", Json(body), Ct);

            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json", body);
        }

        (await client.GetFromJsonAsync<List<TenantDto>>("/api/tenants", Ct)).ShouldNotBeNull().Count.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task A_body_that_is_not_json_is_415(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "admin");

        var response = await client.PostAsync("/api/tenants", new StringContent("slug=konstanz", Encoding.UTF8, "application/x-www-form-urlencoded"), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    [Theory, DatabaseData]
    public async Task Updating_a_tenant_replaces_its_settings_and_keeps_the_creation_time(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "admin");
        var created = await (await client.PostAsJsonAsync("/api/tenants", Body("konstanz"), Ct)).Content.ReadFromJsonAsync<TenantDto>(Ct);

        var response = await client.PutAsJsonAsync("/api/tenants/konstanz", new
        {
            name = "Stadt Konstanz",
            ars = "083350043043",
            ags = "08335043",
            branding = new { primaryColor = "#000000" },
            modules = new List<string> { "trees" },
        }, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var updated = (await response.Content.ReadFromJsonAsync<TenantDto>(Ct)).ShouldNotBeNull();
        updated.Id.ShouldBe(created!.Id);
        updated.Name.ShouldBe("Stadt Konstanz");
        updated.Modules.ShouldBe(["trees"]);
        updated.Contact.ShouldBe(new ContactDto(null, null, null, null)); // PUT replaces: no contact given, none kept
        updated.Branding.ShouldBe(new BrandingDto(null, "#000000", null));
        updated.Departments.ShouldBeEmpty();
        updated.CreatedAt.ShouldBe(created.CreatedAt, TimeSpan.FromMilliseconds(1));
        updated.UpdatedAt.ShouldBeGreaterThanOrEqualTo(created.UpdatedAt);
        var fetched = (await client.GetFromJsonAsync<TenantDto>("/api/tenants/konstanz", Ct)).ShouldNotBeNull();
        fetched.UpdatedAt.ShouldBe(updated.UpdatedAt, TimeSpan.FromMilliseconds(1));
        fetched.ShouldBeEquivalentTo(updated with { CreatedAt = fetched.CreatedAt, UpdatedAt = fetched.UpdatedAt });
    }

    [Theory, DatabaseData]
    public async Task Updating_a_tenant_keeps_department_ids_for_the_same_keys_and_removes_missing_ones(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "admin");
        var created = await (await client.PostAsJsonAsync("/api/tenants", Body("konstanz"), Ct)).Content.ReadFromJsonAsync<TenantDto>(Ct);
        var before = await DepartmentIdsAsync(app, created!.Id);

        var response = await client.PutAsJsonAsync("/api/tenants/konstanz", Body("konstanz", departments: new[]
        {
            new { key = "tiefbau", name = "Amt für Straßen und Brücken", email = (string?)null },
            new { key = "ordnung", name = "Ordnungsamt", email = (string?)"ordnung@konstanz.example" },
        }), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var updated = (await response.Content.ReadFromJsonAsync<TenantDto>(Ct)).ShouldNotBeNull();
        updated.Departments.ShouldBe([new DepartmentDto("ordnung", "Ordnungsamt", "ordnung@konstanz.example"), new DepartmentDto("tiefbau", "Amt für Straßen und Brücken", null)]);
        var after = await DepartmentIdsAsync(app, created.Id);
        after.Keys.ShouldBe(["ordnung", "tiefbau"], ignoreOrder: true);
        after["tiefbau"].ShouldBe(before["tiefbau"]);
        after["ordnung"].ShouldNotBe(before["gruen"]);
        after.Values.ShouldNotContain(before["gruen"]);
    }

    [Theory, DatabaseData]
    public async Task Updating_a_tenant_can_bring_back_a_department_it_removed(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "admin");
        (await client.PostAsJsonAsync("/api/tenants", Body("konstanz"), Ct)).EnsureSuccessStatusCode();
        var only = new[] { new { key = "gruen", name = "Grün", email = (string?)null } };

        (await client.PutAsJsonAsync("/api/tenants/konstanz", Body("konstanz", departments: only), Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var response = await client.PutAsJsonAsync("/api/tenants/konstanz", Body("konstanz"), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<TenantDto>(Ct))!.Departments.Select(d => d.Key).ShouldBe(["gruen", "tiefbau"]);
    }

    [Theory, DatabaseData]
    public async Task Updating_a_tenant_with_a_different_slug_is_400_and_changes_nothing(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "admin");
        (await client.PostAsJsonAsync("/api/tenants", Body("konstanz"), Ct)).EnsureSuccessStatusCode();

        var response = await client.PutAsJsonAsync("/api/tenants/konstanz", Body("radolfzell", name: "Radolfzell"), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name).ShouldBe(["slug"]);
        (await client.GetFromJsonAsync<TenantDto>("/api/tenants/konstanz", Ct))!.Name.ShouldBe("Konstanz");
        (await client.GetAsync("/api/tenants/radolfzell", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, DatabaseData]
    public async Task Updating_a_tenant_with_its_own_slug_in_the_body_is_fine(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "admin");
        (await client.PostAsJsonAsync("/api/tenants", Body("konstanz"), Ct)).EnsureSuccessStatusCode();

        var response = await client.PutAsJsonAsync("/api/tenants/konstanz", Body("konstanz", name: "Konstanz am Bodensee"), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<TenantDto>(Ct))!.Name.ShouldBe("Konstanz am Bodensee");
    }

    [Theory, DatabaseData]
    public async Task Updating_a_tenant_with_invalid_fields_is_400_and_changes_nothing(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "admin");

        var response = await client.PutAsJsonAsync("/api/tenants/demo", new { name = "", ars = "083350043043", ags = "08335043" }, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name).ShouldBe(["name"]);
        (await client.GetFromJsonAsync<TenantDto>("/api/tenants/demo", Ct))!.Name.ShouldBe("Musterstadt");
    }

    [Theory, DatabaseData]
    public async Task Reading_or_updating_an_unknown_tenant_is_404_problem(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "admin");

        var get = await client.GetAsync("/api/tenants/nope", Ct);
        var put = await client.PutAsJsonAsync("/api/tenants/nope", Body("nope"), Ct);

        get.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ProblemAsync(get)).GetProperty("status").GetInt32().ShouldBe(404);
        put.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetFromJsonAsync<List<TenantDto>>("/api/tenants", Ct))!.Count.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task A_tenant_admin_cannot_read_or_update_another_tenant(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await CreateTenantsAsync(app, "a", "b");
        var adminOfA = await app.ClientAsync("a", "admin");

        // In the default tenant's URL space a tenant admin of A has no role at all ...
        (await adminOfA.GetAsync("/api/tenants/b", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await adminOfA.GetAsync("/api/tenants", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // ... in A's own URL space it is admin, but only of A ...
        var get = await adminOfA.GetAsync("/t/a/api/tenants/b", Ct);
        get.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        get.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await adminOfA.PutAsJsonAsync("/t/a/api/tenants/b", Body("b", name: "Übernommen"), Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // ... and in B's URL space its token carries no role.
        (await adminOfA.GetAsync("/t/b/api/tenants/b", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await adminOfA.PutAsJsonAsync("/t/b/api/tenants/b", Body("b", name: "Übernommen"), Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var instanceAdmin = await app.ClientAsync("demo", "admin");
        (await instanceAdmin.GetFromJsonAsync<TenantDto>("/api/tenants/b", Ct))!.Name.ShouldBe("Stadt b");
    }

    [Theory, DatabaseData]
    public async Task A_tenant_admin_reads_updates_and_lists_only_its_own_tenant_under_its_path(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await CreateTenantsAsync(app, "a", "b");
        var adminOfA = await app.ClientAsync("a", "admin");

        var get = await adminOfA.GetAsync("/t/a/api/tenants/a", Ct);
        var put = await adminOfA.PutAsJsonAsync("/t/a/api/tenants/a", Body("a", name: "Stadt A (neu)"), Ct);
        var list = await adminOfA.GetFromJsonAsync<List<TenantDto>>("/t/a/api/tenants", Ct);

        get.StatusCode.ShouldBe(HttpStatusCode.OK);
        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await put.Content.ReadFromJsonAsync<TenantDto>(Ct))!.Name.ShouldBe("Stadt A (neu)");
        list.ShouldNotBeNull().Select(t => t.Slug).ShouldBe(["a"]);
    }

    [Theory, DatabaseData]
    public async Task Only_the_instance_admin_may_create_tenants(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await CreateTenantsAsync(app, "a");
        var adminOfA = await app.ClientAsync("a", "admin");

        (await adminOfA.PostAsJsonAsync("/t/a/api/tenants", Body("c"), Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await adminOfA.PostAsJsonAsync("/api/tenants", Body("c"), Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.AnonymousClient().PostAsJsonAsync("/api/tenants", Body("c"), Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var instanceAdmin = await app.ClientAsync("demo", "admin");
        (await instanceAdmin.GetAsync("/api/tenants/c", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // The instance admin may create from inside another tenant's URL space too.
        (await instanceAdmin.PostAsJsonAsync("/t/a/api/tenants", Body("c"), Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Theory, DatabaseData]
    public async Task Roles_other_than_admin_may_not_use_the_tenant_api(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);

        foreach (var role in new[] { "staff", "app", "citizen", "data-steward" })
        {
            var client = await app.ClientAsync("demo", role);

            (await client.GetAsync("/api/tenants", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, role);
            (await client.GetAsync("/api/tenants/demo", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, role);
            (await client.GetAsync("/t/demo/api/tenants/demo", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, role);
            (await client.PutAsJsonAsync("/api/tenants/demo", Body("demo", name: role), Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, role);
            (await client.PostAsJsonAsync("/api/tenants", Body("x" + role), Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, role);
        }

        var admin = await app.ClientAsync("demo", "admin");
        (await admin.GetFromJsonAsync<List<TenantDto>>("/api/tenants", Ct))!.Single().Name.ShouldBe("Musterstadt");
    }

    private static async Task CreateTenantsAsync(StadtkernFactory app, params string[] slugs)
    {
        var instanceAdmin = await app.ClientAsync("demo", "admin");
        foreach (var slug in slugs)
        {
            var response = await instanceAdmin.PostAsJsonAsync("/api/tenants", Body(slug, name: $"Stadt {slug}"), Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.Created);
        }
    }

    private static async Task<Dictionary<string, Guid>> DepartmentIdsAsync(StadtkernFactory app, Guid tenantId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Departments.IgnoreQueryFilters()
            .Where(d => d.TenantId == tenantId)
            .ToDictionaryAsync(d => d.Key, d => d.Id, Ct);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private sealed record TenantDto(
        Guid Id, string Slug, string Name, string Ars, string Ags, ContactDto Contact, BrandingDto Branding,
        List<string> Modules, List<DepartmentDto> Departments, string HomePath, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    private sealed record ContactDto(string? Name, string? Email, string? Phone, string? Website);

    private sealed record BrandingDto(string? LogoUrl, string? PrimaryColor, string? Description);

    private sealed record DepartmentDto(string Key, string Name, string? Email);
}
