using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Catalog;

public sealed class SearchDatasetsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task Search_api_finds_by_text_filter_and_box_and_hides_internal_datasets_from_outsiders(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using (var scope = await app.TenantScopeAsync())
        {
            await DatasetStoreTests.OrganizationAsync(scope.ServiceProvider);
            var store = scope.ServiceProvider.GetRequiredService<DatasetStore>();
            var steward = CatalogCaller.System("test");
            await store.CreateAsync(DatasetStoreTests.Input("radzaehlung", "Radzählstellen"), steward, Ct);
            await store.CreateAsync(DatasetStoreTests.Input("intern", "Radwege intern") with { Access = AccessLevel.Internal }, steward, Ct);
        }

        var anonymous = await GetAsync(app.AnonymousClient(), "/api/catalog/search?q=Hauptachsen&facet=access&facet=tags");
        var member = await GetAsync(await app.ClientAsync("demo", Roles.Staff), "/api/catalog/search?q=Hauptachsen&facet=access");
        var filtered = await GetAsync(app.AnonymousClient(), "/api/catalog/search?fq=res_format:CSV&fq=-tags:Bauen&bbox=9,47,10,48&sort=modified");
        var elsewhere = await GetAsync(app.AnonymousClient(), "/api/catalog/search?bbox=13,52,14,53");

        anonymous.GetProperty("total").GetInt32().ShouldBe(1);
        anonymous.GetProperty("results")[0].GetProperty("name").GetString().ShouldBe("radzaehlung");
        anonymous.GetProperty("results")[0].GetProperty("formats")[0].GetString().ShouldBe("CSV");
        anonymous.GetProperty("facets").GetProperty("access").GetArrayLength().ShouldBe(1);
        member.GetProperty("total").GetInt32().ShouldBe(2);
        filtered.GetProperty("total").GetInt32().ShouldBe(1);
        elsewhere.GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task Search_api_answers_bad_parameters_with_400(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = app.AnonymousClient();

        foreach (var query in new[] { "fq=nosuchfacet:x", "fq=tags", "bbox=1,2,3", "bbox=a,b,c,d", "sort=random", "rows=100000", "start=-1", "rows=abc" })
        {
            var response = await client.GetAsync($"/api/catalog/search?{query}", Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, query);
        }
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
    }
}
