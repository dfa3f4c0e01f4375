using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Catalog.Demo;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Catalog.Demo;

public sealed class DemoCatalogTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task The_demo_has_30_plus_datasets_one_restricted_and_a_queryable_datastore_table_with_preview(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        Guid resourceId;
        await using (var scope = await app.TenantScopeAsync())
        {
            var services = scope.ServiceProvider;
            await services.GetRequiredService<SeedDemoCatalog>().SeedAsync(Ct);
            (await services.GetRequiredService<SeedDemoDatastore>().SeedAsync(Ct)).ShouldBe(24);
            (await services.GetRequiredService<SeedDemoDatastore>().SeedAsync(Ct)).ShouldBe(0, "seeding twice adds nothing");
            var datasets = services.GetRequiredService<DatasetStore>().Datasets;
            datasets.Count().ShouldBeGreaterThanOrEqualTo(30);
            datasets.Count(d => d.Access == AccessLevel.Restricted).ShouldBe(1);
            var playgrounds = await services.GetRequiredService<DatasetStore>().FindAsync(SeedDemoDatastore.DatasetName, Ct);
            resourceId = playgrounds!.Resources.Single(r => r.DatastoreActive).Id;
        }

        var client = app.AnonymousClient();
        var search = await client.GetFromJsonAsync<JsonObject>(
            $"/api/3/action/datastore_search?resource_id={resourceId}&filters={Uri.EscapeDataString("{\"stadtteil\":\"Altstadt\"}")}", Ct);
        search!["success"]!.GetValue<bool>().ShouldBeTrue();
        search["result"]!["total"]!.GetValue<int>().ShouldBe(2);

        var page = await client.GetStringAsync("/daten/spielplaetze", Ct);
        page.ShouldContain("Spielplatz Altstadt 1");
        page.ShouldContain("data-datastore-map");
    }
}
