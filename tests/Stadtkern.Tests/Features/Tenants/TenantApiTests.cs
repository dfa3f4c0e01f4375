using System.Net;
using System.Net.Http.Json;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Tenants;

public sealed class TenantApiTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Theory, DatabaseData]
    public async Task Instance_admin_lists_the_demo_city(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "admin");

        var tenants = await client.GetFromJsonAsync<List<TenantDto>>("/api/tenants", TestContext.Current.CancellationToken);

        tenants.ShouldNotBeNull().Select(t => t.Slug).ShouldBe(["demo"]);
        tenants[0].Name.ShouldBe("Musterstadt");
    }

    [Theory, DatabaseData]
    public async Task Listing_tenants_without_a_token_is_401(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);

        var response = await app.AnonymousClient().GetAsync("/api/tenants", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    private sealed record TenantDto(string Slug, string Name);
}
