using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Catalog.Harvest;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;
using static Stadtkern.Tests.Features.Catalog.Harvest.HarvestKit;

namespace Stadtkern.Tests.Features.Catalog.Harvest;

public sealed class HarvestPagesTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Theory, DatabaseData]
    public async Task Stewards_see_sources_runs_with_progress_and_a_run_detail_with_its_errors(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        Configure(app);
        await using var server = await FakeCatalogServer.StartAsync();
        server.Documents["/kaputt.ttl"] = ("text/turtle", "@prefix dcat: <http://www.w3.org/ns/dcat#> . <a> a dcat:Dataset ; nicht gültig");
        var client = await app.ClientAsync("demo", "data-steward");
        var sourceId = await CreateSourceAsync(client, "kaputter-katalog", "dcat", server.Url + "/dcat/kaputt.ttl");
        var run = await RunToEndAsync(app, await StartRunAsync(client, sourceId));
        run.Status.ShouldBe(HarvestRunStatus.Failed);

        var index = await client.GetStringAsync("/verwaltung/katalog/harvesting", Ct);
        index.ShouldContain("kaputter-katalog");
        index.ShouldContain("fehlgeschlagen");
        index.ShouldContain("Jetzt ernten");
        index.ShouldContain("Fortsetzen");
        var partial = await client.GetStringAsync("/verwaltung/katalog/harvesting?handler=Runs", Ct);
        partial.ShouldStartWith("<div id=\"harvest-runs\"");
        partial.ShouldNotContain("<html");
        var detail = await client.GetStringAsync($"/verwaltung/katalog/harvesting/lauf/{run.Id}", Ct);
        detail.ShouldContain("kein gültiges Turtle");
        (await client.GetAsync($"/verwaltung/katalog/harvesting/quelle/{sourceId}", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync($"/verwaltung/katalog/harvesting/lauf/{Guid.NewGuid()}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.ClientAsync("demo", "citizen")).GetAsync("/verwaltung/katalog/harvesting", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory, DatabaseData]
    public async Task While_a_run_is_active_the_runs_table_polls_every_two_seconds(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        Configure(app);
        var client = await app.ClientAsync("demo", "admin");
        var sourceId = await CreateSourceAsync(client, "wartend", "ckan", "https://daten.example");
        await using (var scope = await app.TenantScopeAsync())
        {
            var source = (await scope.ServiceProvider.GetRequiredService<HarvestSources>().FindAsync(sourceId, Ct))!;
            await scope.ServiceProvider.GetRequiredService<HarvestQueue>().QueueAsync(source, "test", Ct);
        }

        var partial = await client.GetStringAsync("/verwaltung/katalog/harvesting?handler=Runs", Ct);
        partial.ShouldContain("hx-trigger=\"every 2s\"");
        partial.ShouldContain("Abbrechen");
    }
}
