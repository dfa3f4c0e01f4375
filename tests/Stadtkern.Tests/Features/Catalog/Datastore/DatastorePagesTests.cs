using System.Net;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;
using static Stadtkern.Tests.Features.Catalog.Datastore.DatastoreArrange;

namespace Stadtkern.Tests.Features.Catalog.Datastore;

public sealed class DatastorePagesTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Theory, DatabaseData]
    public async Task The_report_lists_rejected_rows_and_the_preview_shows_the_table_and_a_map(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        Guid resource;
        Guid job;
        await using (var scope = await app.TenantScopeAsync())
        {
            resource = await ResourceAsync(scope.ServiceProvider);
            var geojson = """
                {"type":"FeatureCollection","features":[
                  {"type":"Feature","geometry":{"type":"Point","coordinates":[9.17,47.66]},"properties":{"art":"Linde","hoehe":"12,5"}},
                  {"type":"Feature","geometry":{"type":"Point","coordinates":[9.18,47.67]},"properties":{"art":"Eiche","hoehe":"hoch"}}
                ]}
                """;
            job = (await LoadAsync(scope.ServiceProvider, resource, "baeume.geojson", Text(geojson),
                s => s with { Fields = [.. s.Fields.Select(f => f.Id == "hoehe" ? f with { Type = Stadtkern.Features.Catalog.Datastore.Model.DatastoreType.Numeric } : f)] })).Id;
        }

        var admin = await app.ClientAsync("demo", "admin");
        var report = await admin.GetAsync($"/verwaltung/katalog/datastore/auftrag/{job}", Ct);
        report.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await report.Content.ReadAsStringAsync(Ct);
        html.ShouldContain("1 von 2 Zeilen geladen");
        html.ShouldContain("„hoch“ ist keine Zahl.");
        html.ShouldContain("data-datastore-map");
        html.ShouldContain("<td>Linde</td>");
        html.ShouldContain("<td>12,5</td>");

        (await admin.GetAsync($"/verwaltung/katalog/datastore/{resource}", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.AnonymousClient().GetAsync($"/verwaltung/katalog/datastore/{resource}", Ct)).StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }
}
