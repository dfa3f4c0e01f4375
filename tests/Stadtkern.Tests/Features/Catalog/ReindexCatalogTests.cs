using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Search;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;
using Stadtkern.Tests.Platform.Cli;

namespace Stadtkern.Tests.Features.Catalog;

public sealed class ReindexCatalogTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly CatalogCaller Steward = CatalogCaller.System("test");

    [Theory, DatabaseData]
    public async Task Catalog_reindex_repairs_search_text_facets_quality_and_the_text_index_after_manual_sql(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        Guid id;
        await using (var scope = await app.TenantScopeAsync())
        {
            await DatasetStoreTests.OrganizationAsync(scope.ServiceProvider);
            var store = scope.ServiceProvider.GetRequiredService<DatasetStore>();
            id = (await store.CreateAsync(DatasetStoreTests.Input("radzaehlung", "Radzählstellen"), Steward, Ct)).Dataset!.Id;
            (await store.CreateAsync(DatasetStoreTests.Input("baustellen", "Baustellen") with { Notes = "Aktuelle Baustellen im Stadtgebiet.", Tags = ["Bauen"] }, Steward, Ct))
                .Errors.ShouldBeEmpty();

            // Someone "fixes" rows by hand: the search text loses its words, a facet is wrong, another is gone, the score is off.
            var sql = scope.ServiceProvider.GetRequiredService<StadtkernDb>().Database;
            await sql.ExecuteSqlAsync($"UPDATE catalog_datasets SET search_text = 'kaputt', quality = 3 WHERE id = {id}", Ct);
            await sql.ExecuteSqlAsync($"UPDATE catalog_dataset_facets SET value = 'Falsch' WHERE dataset_id = {id} AND facet = 'tags' AND value = 'Radverkehr'", Ct);
            await sql.ExecuteSqlAsync($"DELETE FROM catalog_dataset_facets WHERE dataset_id = {id} AND facet = 'res_format'", Ct);
            if (db == DatabaseProvider.Sqlite)
            {
                // And the FTS5 index itself loses the other dataset's entry behind the table's back.
                await sql.ExecuteSqlRawAsync(
                    "INSERT INTO catalog_datasets_fts(catalog_datasets_fts, rowid, title, search_text) SELECT 'delete', rowid, title, search_text FROM catalog_datasets WHERE name = 'baustellen'",
                    Ct);
            }

            var broken = await SearchAsync(scope.ServiceProvider, "Hauptachsen");
            broken.Total.ShouldBe(0);
            (await SearchAsync(scope.ServiceProvider, null)).Facets["tags"].ShouldContain(new FacetCount("Falsch", 1));
        }

        using var cli = new StadtkernProcess(db, app.ConnectionString);
        var run = await cli.RunAsync(["catalog", "reindex", "--tenant", "demo", "--batch-size", "1"]);

        run.ExitCode.ShouldBe(0, run.ToString());
        var summary = JsonDocument.Parse(run.Stdout).RootElement;
        summary.GetProperty("tenant").GetString().ShouldBe("demo");
        summary.GetProperty("datasets").GetInt32().ShouldBe(2);
        summary.GetProperty("searchTextsFixed").GetInt32().ShouldBe(1);
        summary.GetProperty("facetSetsFixed").GetInt32().ShouldBe(1);
        summary.GetProperty("qualitiesFixed").GetInt32().ShouldBe(1);
        summary.GetProperty("seconds").GetDouble().ShouldBeGreaterThanOrEqualTo(0);

        await using (var scope = await app.TenantScopeAsync())
        {
            var hits = await SearchAsync(scope.ServiceProvider, "Hauptachsen");
            hits.Ids.ShouldBe([id]);
            hits.Facets["tags"].ShouldBe([new FacetCount("Mobilität", 1), new FacetCount("Radverkehr", 1)]);
            hits.Facets["res_format"].ShouldBe([new FacetCount("CSV", 1)]);
            (await SearchAsync(scope.ServiceProvider, "Stadtgebiet")).Total.ShouldBe(1);
            (await SearchAsync(scope.ServiceProvider, null)).Facets["tags"].ShouldNotContain(f => f.Value == "Falsch");
            var dataset = await scope.ServiceProvider.GetRequiredService<DatasetStore>().FindAsync("radzaehlung", Ct);
            dataset!.Quality.ShouldBe(MeasureQuality.Of(dataset).Score);
        }

        // A second run finds nothing left to fix.
        var again = JsonDocument.Parse((await cli.RunAsync(["catalog", "reindex", "--tenant", "demo"])).Stdout).RootElement;
        again.GetProperty("searchTextsFixed").GetInt32().ShouldBe(0);
        again.GetProperty("facetSetsFixed").GetInt32().ShouldBe(0);
        again.GetProperty("qualitiesFixed").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Catalog_reindex_of_an_unknown_tenant_fails_with_a_message()
    {
        await using var database = await TestDatabases.CreateAsync(DatabaseProvider.Sqlite);
        using var cli = new StadtkernProcess(DatabaseProvider.Sqlite, database.ConnectionString);

        var run = await cli.RunAsync(["catalog", "reindex", "--tenant", "gibtesnicht"]);

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stdout.ShouldBeEmpty();
        run.Stderr.ShouldContain("Unknown tenant 'gibtesnicht'");
    }

    private static Task<DatasetHits> SearchAsync(IServiceProvider services, string? text) =>
        services.GetRequiredService<DatasetSearch>().SearchAsync(
            new DatasetQuery { Text = text, FacetFields = ["tags", "res_format"] }, CatalogCaller.Anonymous, Ct);
}
