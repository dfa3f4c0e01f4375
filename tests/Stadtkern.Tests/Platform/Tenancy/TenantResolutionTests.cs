using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Platform.Tenancy;

public sealed class TenantResolutionTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task A_path_under_t_slug_is_served_by_that_tenant(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await CreateTenantsAsync(app, "a", "b");
        var adminOfB = await app.ClientAsync("b", "admin");

        var inB = await adminOfB.GetFromJsonAsync<List<JsonElement>>("/t/b/api/tenants", Ct);
        var inDefault = await adminOfB.GetAsync("/api/tenants", Ct);
        var inA = await adminOfB.GetAsync("/t/a/api/tenants", Ct);

        // The token's admin role counts only where the resolved tenant is its own.
        inB.ShouldNotBeNull().Select(t => t.GetProperty("slug").GetString()).ShouldBe(["b"]);
        inDefault.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        inA.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory, DatabaseData]
    public async Task Paths_outside_t_are_served_by_the_default_tenant(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await CreateTenantsAsync(app, "a");
        var adminOfA = await app.ClientAsync("a", "admin");
        var staffOfDemo = await app.ClientAsync("demo", "staff");

        (await adminOfA.GetAsync("/api/tenants/a", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await staffOfDemo.GetAsync("/t/demo/api/tenants", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var adminOfDemo = await app.ClientAsync("demo", "admin");
        (await adminOfDemo.GetAsync("/t/demo/api/tenants/demo", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await adminOfDemo.GetAsync("/api/tenants/demo", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory, DatabaseData]
    public async Task An_unknown_tenant_is_404_problem_before_any_endpoint_runs(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "admin");

        foreach (var path in new[] { "/t/nope/", "/t/nope", "/t/nope/api/tenants" })
        {
            var response = await client.GetAsync(path, Ct);

            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, path);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json", path);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            problem.GetProperty("title").GetString().ShouldBe("Unknown tenant");
            problem.GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain("'nope'");
        }

        (await client.PostAsJsonAsync("/t/nope/api/tenants", new { slug = "x" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, DatabaseData]
    public async Task A_scope_of_tenant_a_sees_only_a_s_departments(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await CreateTenantsAsync(app, "a", "b");
        var a = await FindAsync(app, "a");
        var b = await FindAsync(app, "b");

        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(a);
        var context = scope.ServiceProvider.GetRequiredService<StadtkernDb>();

        var visible = await context.Departments.ToListAsync(Ct);
        visible.Select(d => d.Key).ShouldBe(["gruen", "tiefbau"], ignoreOrder: true);
        visible.ShouldAllBe(d => d.TenantId == a.Id);

        // Asking for B's rows explicitly does not get around the filter, by query, key or navigation.
        (await context.Departments.CountAsync(d => d.TenantId == b.Id, Ct)).ShouldBe(0);
        var bDepartment = await context.Departments.IgnoreQueryFilters().FirstAsync(d => d.TenantId == b.Id, Ct);
        context.ChangeTracker.Clear();
        (await context.Departments.FindAsync([bDepartment.Id], Ct)).ShouldBeNull();
        var bWithDepartments = await context.Tenants.Include(t => t.Departments).AsNoTracking().SingleAsync(t => t.Id == b.Id, Ct);
        bWithDepartments.Departments.ShouldBeEmpty();

        // Crossing tenants is possible only when asked for by name.
        (await context.Departments.IgnoreQueryFilters().CountAsync(d => d.TenantId == a.Id || d.TenantId == b.Id, Ct)).ShouldBe(4);
    }

    [Theory, DatabaseData]
    public async Task A_scope_without_a_tenant_sees_no_departments(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);

        await using var scope = app.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<StadtkernDb>();

        (await context.Departments.IgnoreQueryFilters().CountAsync(Ct)).ShouldBeGreaterThan(0); // the demo city's
        (await context.Departments.CountAsync(Ct)).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task A_department_added_without_a_tenant_gets_the_current_tenant(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await CreateTenantsAsync(app, "a");
        var a = await FindAsync(app, "a");
        var id = Guid.CreateVersion7();

        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(a);
            var context = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
            context.Departments.Add(new Department { Id = id, Key = "kultur", Name = "Kulturamt" });
            await context.SaveChangesAsync(Ct);
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Departments.IgnoreQueryFilters().SingleAsync(d => d.Id == id, Ct);
            stored.TenantId.ShouldBe(a.Id);
        }

        var fromApi = await (await app.ClientAsync("a", "admin")).GetFromJsonAsync<JsonElement>("/t/a/api/tenants/a", Ct);
        fromApi.GetProperty("departments").EnumerateArray().Select(d => d.GetProperty("key").GetString()).ShouldContain("kultur");
    }

    [Theory, DatabaseData]
    public async Task A_department_added_without_any_tenant_is_refused(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);

        await using var scope = app.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        context.Departments.Add(new Department { Id = Guid.CreateVersion7(), Key = "waise", Name = "Verwaistes Amt" });

        var error = await Should.ThrowAsync<InvalidOperationException>(() => context.SaveChangesAsync(Ct));
        error.Message.ShouldContain("without a tenant");
    }

    [Fact]
    public void A_scope_cannot_switch_to_another_tenant_once_set()
    {
        var context = new TenantContext();
        var a = Info("a");
        context.TenantId.ShouldBe(Guid.Empty);
        Should.Throw<InvalidOperationException>(() => context.Required);

        context.Set(a);
        context.Set(a); // setting the same tenant again is harmless

        context.TenantId.ShouldBe(a.Id);
        Should.Throw<InvalidOperationException>(() => context.Set(Info("b")));
        context.Current.ShouldBeSameAs(a);
    }

    private static TenantInfo Info(string slug) =>
        new(Guid.NewGuid(), slug, slug, "083350043043", "08335043", "#005a8c", null, null, null, null, null, null, [], false);

    private static async Task<TenantInfo> FindAsync(StadtkernFactory app, string slug) =>
        (await app.Services.GetRequiredService<TenantDirectory>().FindAsync(slug, Ct)).ShouldNotBeNull();

    private static async Task CreateTenantsAsync(StadtkernFactory app, params string[] slugs)
    {
        var instanceAdmin = await app.ClientAsync("demo", "admin");
        foreach (var slug in slugs)
        {
            var response = await instanceAdmin.PostAsJsonAsync("/api/tenants", new
            {
                slug,
                name = $"Stadt {slug}",
                ars = "083350043043",
                ags = "08335043",
                departments = new[] { new { key = "tiefbau", name = "Tiefbauamt" }, new { key = "gruen", name = "Grünflächenamt" } },
            }, Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.Created);
        }
    }
}
