using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Stadtkern.Features.Catalog.Rdf;
using Stadtkern.Features.Sensing.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Features.Catalog;
using Stadtkern.Tests.Features.Catalog.Dcat;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Sensing.Views;

/// <summary>The catalog link: a dataset of public Datastreams whose DCAT export has SensorThings data services and passes SHACL.</summary>
public sealed class CatalogLinkTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Iri Dcat(string local) => new(RdfNs.Dcat + local);

    [Theory, DatabaseData]
    public async Task A_catalog_link_exports_each_datastream_as_a_sensorthings_data_service_that_passes_shacl(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using (var scope = await app.TenantScopeAsync())
        {
            await DatasetStoreTests.OrganizationAsync(scope.ServiceProvider, "gruen");
        }

        var (thing, temperature) = await SensingArrange.DatastreamAsync(app);
        var (_, humidity) = await SensingArrange.DatastreamAsync(app, thingId: thing, stream: "Luftfeuchte", property: "Luftfeuchte");
        var (_, battery) = await SensingArrange.DatastreamAsync(app, thingId: thing, stream: "Batterie", streamLevel: SensingAccessLevels.Internal);
        var steward = await app.ClientAsync("demo", "data-steward");

        using var response = await steward.PostAsJsonAsync("/api/sensing/catalog-links",
            new { thingIds = new[] { thing }, title = "Wetterstation Hafen – Messwerte", organization = "gruen" }, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var name = created.RootElement.GetProperty("name").GetString()!;
        name.ShouldBe("wetterstation-hafen-messwerte");
        created.RootElement.GetProperty("datastreams").GetInt32().ShouldBe(2);

        var turtle = await app.AnonymousClient().GetStringAsync($"/dataset/{name}.ttl", Ct);
        var graph = TurtleParser.Parse(turtle);
        var services = graph.InstancesOf(Dcat("DataService")).ToList();
        services.Count.ShouldBe(2);
        var endpoints = services.SelectMany(s => graph.Objects(s, Dcat("endpointURL"))).OfType<Iri>().Select(i => i.Value).ToList();
        endpoints.ShouldBe([$"http://localhost/v1.1/Datastreams({temperature})", $"http://localhost/v1.1/Datastreams({humidity})"], ignoreOrder: true);
        endpoints.ShouldNotContain(e => e.Contains($"({battery})"));
        foreach (var service in services)
        {
            graph.Objects(service, new Iri(RdfNs.Dct + "conformsTo")).ShouldContain(new Iri("http://www.opengis.net/doc/is/sensorthings/1.1"));
            graph.Objects(service, Dcat("endpointDescription")).ShouldContain(new Iri("http://localhost/v1.1"));
        }

        var distributionsWithService = graph.InstancesOf(Dcat("Distribution")).Where(d => graph.Objects(d, Dcat("accessService")).Any()).ToList();
        distributionsWithService.Count.ShouldBe(2);
        graph.InstancesOf(Dcat("Distribution")).Count().ShouldBe(4);

        var file = Path.Combine(Path.GetTempPath(), $"stadtkern-sensing-link-{Guid.NewGuid():N}.ttl");
        try
        {
            await File.WriteAllTextAsync(file, turtle, Ct);
            var report = await Shacl.ValidateAsync(file);
            report.Violations.ShouldBe(0, string.Join("\n", report.ViolationResults));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory, DatabaseData]
    public async Task Only_stewards_link_and_only_public_datastreams_can_be_linked(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using (var scope = await app.TenantScopeAsync())
        {
            await DatasetStoreTests.OrganizationAsync(scope.ServiceProvider, "gruen");
        }

        var (_, open) = await SensingArrange.DatastreamAsync(app);
        var (_, closed) = await SensingArrange.DatastreamAsync(app, thingName: "Intern", thingLevel: SensingAccessLevels.Internal);
        var body = new { datastreamIds = new[] { open, closed }, title = "Gemischt", organization = "gruen" };

        using (var anonymous = await app.AnonymousClient().PostAsJsonAsync("/api/sensing/catalog-links", body, Ct))
        {
            anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        using (var staff = await (await app.ClientAsync("demo", "staff")).PostAsJsonAsync("/api/sensing/catalog-links", body, Ct))
        {
            staff.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        var steward = await app.ClientAsync("demo", "data-steward");
        using (var mixed = await steward.PostAsJsonAsync("/api/sensing/catalog-links", body, Ct))
        {
            mixed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await mixed.Content.ReadAsStringAsync(Ct)).ShouldContain(closed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using (var empty = await steward.PostAsJsonAsync("/api/sensing/catalog-links", new { title = "Leer", organization = "gruen" }, Ct))
        {
            empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        using var ok = await steward.PostAsJsonAsync("/api/sensing/catalog-links", new { datastreamIds = new[] { open }, title = "Nur offen", organization = "gruen" }, Ct);
        ok.StatusCode.ShouldBe(HttpStatusCode.Created);
    }
}
