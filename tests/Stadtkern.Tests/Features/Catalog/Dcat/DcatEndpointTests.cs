using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Demo;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Rdf;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Catalog.Dcat;

public sealed class DcatEndpointTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Contributor = "http://dcat-ap.de/def/contributors/transparenzportalHamburg";

    /// <summary>Adds a public rich dataset, a plain one, and an internal, a restricted and a deleted one.</summary>
    private static async Task SeedAsync(StadtkernFactory app)
    {
        await using var scope = await app.TenantScopeAsync();
        var services = scope.ServiceProvider;
        await DatasetStoreTests.OrganizationAsync(services);
        var store = services.GetRequiredService<DatasetStore>();
        var steward = CatalogCaller.System("test");
        var rich = DatasetStoreTests.Input("radzaehlung", "Radzählstellen") with
        {
            Themes = ["TRAN", "ENVI"],
            ContactName = "Tiefbauamt, Team Verkehr",
            ContactUrl = "https://www.musterstadt.example/verkehr",
            LandingPage = "https://www.musterstadt.example/rad",
            TemporalStart = new DateOnly(2019, 1, 1),
            TemporalEnd = new DateOnly(2024, 12, 31),
            Frequency = "HOURLY",
            Issued = new DateTimeOffset(2023, 3, 1, 0, 0, 0, TimeSpan.Zero),
            Resources =
            [
                new ResourceInput { Name = "Zählwerte", Description = "Stundenwerte", Url = "https://daten.musterstadt.example/rad.csv", Format = "CSV", MediaType = "text/csv", Size = 2048, Checksum = new string('a', 64) },
                new ResourceInput { Name = "Zählstellen", Url = "https://daten.musterstadt.example/rad.geojson", Format = "GEOJSON" },
            ],
        };
        (await store.CreateAsync(rich, steward, Ct)).Errors.ShouldBeEmpty();
        (await store.CreateAsync(DatasetStoreTests.Input("baustellen", "Baustellen") with { LicenseId = "dl-zero-de/2.0", LicenseAttribution = null, SpatialGeoJson = null, Tags = [] }, steward, Ct)).Errors.ShouldBeEmpty();
        (await store.CreateAsync(DatasetStoreTests.Input("intern-personal", "Personalplanung") with { Access = AccessLevel.Internal }, steward, Ct)).Errors.ShouldBeEmpty();
        (await store.CreateAsync(DatasetStoreTests.Input("vertraulich-netz", "Leitungsnetz") with { Access = AccessLevel.Restricted }, steward, Ct)).Errors.ShouldBeEmpty();
        (await store.CreateAsync(DatasetStoreTests.Input("geloescht-alt", "Alte Zählung"), steward, Ct)).Errors.ShouldBeEmpty();
        (await store.DeleteAsync("geloescht-alt", steward, Ct)).ShouldBeTrue();

        var db = services.GetRequiredService<StadtkernDb>();
        db.Set<CatalogSettings>().Add(new CatalogSettings { TenantId = services.GetRequiredService<TenantContext>().TenantId, ContributorId = Contributor });
        await db.SaveChangesAsync(Ct);
    }

    [Theory, DatabaseData]
    public async Task Musterstadts_demo_catalog_exports_every_public_dataset_with_zero_SHACL_violations(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        int publicDatasets;
        await using (var scope = await app.TenantScopeAsync())
        {
            await scope.ServiceProvider.GetRequiredService<SeedDemoCatalog>().SeedAsync(Ct);
            publicDatasets = scope.ServiceProvider.GetRequiredService<DatasetStore>().Datasets
                .Count(d => d.Access == AccessLevel.Public && d.State == DatasetState.Active);
        }

        publicDatasets.ShouldBeGreaterThanOrEqualTo(30);
        var body = await app.AnonymousClient().GetStringAsync("/catalog.ttl?page_size=1000", Ct);
        var file = Path.Combine(Path.GetTempPath(), $"stadtkern-demo-catalog-{Guid.NewGuid():N}.ttl");
        try
        {
            await File.WriteAllTextAsync(file, body, Ct);
            var report = await Shacl.ValidateAsync(file);
            report.Violations.ShouldBe(0, string.Join("\n", report.ViolationResults));
            TurtleParser.Parse(body).InstancesOf(new Iri(RdfNs.Dcat + "Dataset")).Count().ShouldBe(publicDatasets);
            body.ShouldNotContain("kanalkataster-zustandsbewertung");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory, DatabaseData]
    public async Task The_demo_catalog_export_has_zero_SHACL_violations_and_only_public_datasets(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await SeedAsync(app);
        var client = app.AnonymousClient();
        var dir = Directory.CreateTempSubdirectory("stadtkern-dcat-http-");
        try
        {
            foreach (var ext in new[] { "ttl", "rdf", "jsonld" })
            {
                var response = await client.GetAsync($"/catalog.{ext}?page_size=1000", Ct);
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
                var body = await response.Content.ReadAsStringAsync(Ct);
                foreach (var hidden in new[] { "intern-personal", "vertraulich-netz", "geloescht-alt", "Personalplanung", "Leitungsnetz" })
                {
                    body.ShouldNotContain(hidden);
                }
                body.ShouldContain("radzaehlung");
                body.ShouldContain(Contributor);
                var file = Path.Combine(dir.FullName, "catalog." + ext);
                await File.WriteAllTextAsync(file, body, Ct);
                var report = await Shacl.ValidateAsync(file);
                report.Violations.ShouldBe(0, $"{ext}:\n{string.Join("\n", report.ViolationResults)}");
            }
            var graph = TurtleParser.Parse(await File.ReadAllTextAsync(Path.Combine(dir.FullName, "catalog.ttl"), Ct));
            graph.InstancesOf(new Iri(RdfNs.Dcat + "Dataset")).Count().ShouldBe(2);
            // the same catalog in RDF/XML, apart from the page's own IRI (catalog.rdf?… instead of catalog.ttl?…)
            var asTurtle = (await File.ReadAllTextAsync(Path.Combine(dir.FullName, "catalog.ttl"), Ct)).Replace("/catalog.ttl?", "/catalog.rdf?", StringComparison.Ordinal);
            var fromRdfXml = RdfXmlParser.Parse(await File.ReadAllTextAsync(Path.Combine(dir.FullName, "catalog.rdf"), Ct));
            GraphComparison.AreIsomorphic(TurtleParser.Parse(asTurtle), fromRdfXml).ShouldBeTrue();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory, DatabaseData]
    public async Task Catalog_pages_with_Hydra_and_filters_by_modified_since(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await SeedAsync(app);
        var client = app.AnonymousClient();

        var first = TurtleParser.Parse(await client.GetStringAsync("/catalog.ttl?page=1&page_size=1", Ct));
        var view = new Iri("http://localhost/catalog.ttl?page=1&page_size=1");
        first.Object(view, new Iri(RdfNs.Hydra + "totalItems")).ShouldBe(Literal.Typed("2", RdfNs.Xsd + "integer"));
        first.Object(view, new Iri(RdfNs.Hydra + "next")).ShouldBe(new Iri("http://localhost/catalog.ttl?page=2&page_size=1"));
        first.InstancesOf(new Iri(RdfNs.Dcat + "Dataset")).Single().ShouldBe(new Iri("http://localhost/dataset/baustellen"));

        var future = TurtleParser.Parse(await client.GetStringAsync("/catalog.ttl?modified_since=2999-01-01", Ct));
        future.InstancesOf(new Iri(RdfNs.Dcat + "Dataset")).ShouldBeEmpty();
        var past = TurtleParser.Parse(await client.GetStringAsync("/catalog.ttl?modified_since=2000-01-01T00:00:00Z", Ct));
        past.InstancesOf(new Iri(RdfNs.Dcat + "Dataset")).Count().ShouldBe(2);

        foreach (var bad in new[] { "page=0", "page=abc", "page_size=1001", "page_size=-1", "modified_since=gestern" })
        {
            (await client.GetAsync("/catalog.ttl?" + bad, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest, bad);
        }
    }

    [Theory, DatabaseData]
    public async Task Datasets_negotiate_their_format_and_internal_ones_do_not_exist(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await SeedAsync(app);
        var client = app.AnonymousClient();

        var ttl = await client.GetAsync("/dataset/radzaehlung.ttl", Ct);
        ttl.StatusCode.ShouldBe(HttpStatusCode.OK);
        ttl.Content.Headers.ContentType!.MediaType.ShouldBe("text/turtle");
        var graph = TurtleParser.Parse(await ttl.Content.ReadAsStringAsync(Ct));
        graph.Object(new Iri("http://localhost/dataset/radzaehlung"), new Iri(RdfNs.Dct + "title")).ShouldBe(new Literal("Radzählstellen", "de"));

        using var jsonRequest = new HttpRequestMessage(HttpMethod.Get, "/dataset/radzaehlung");
        jsonRequest.Headers.Accept.ParseAdd("application/ld+json");
        var json = await client.SendAsync(jsonRequest, Ct);
        json.Content.Headers.ContentType!.MediaType.ShouldBe("application/ld+json");

        using var browser = new HttpRequestMessage(HttpMethod.Get, "/dataset/radzaehlung");
        browser.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        var redirect = await client.SendAsync(browser, Ct);
        redirect.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        redirect.Headers.Location!.ToString().ShouldBe("/daten/radzaehlung");

        foreach (var hidden in new[] { "intern-personal", "vertraulich-netz", "geloescht-alt", "gibt-es-nicht" })
        {
            (await client.GetAsync($"/dataset/{hidden}.rdf", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound, hidden);
        }
        // a member of the tenant gets no more from the export than anyone
        var staff = await app.ClientAsync("demo", "admin");
        (await staff.GetAsync("/dataset/intern-personal.ttl", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await staff.GetStringAsync("/catalog.ttl", Ct)).ShouldNotContain("intern-personal");
    }

    [Theory, DatabaseData]
    public async Task The_tenant_path_base_is_part_of_every_IRI(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await SeedAsync(app);

        var body = await app.AnonymousClient().GetStringAsync("/t/demo/catalog.ttl", Ct);

        var graph = TurtleParser.Parse(body);
        graph.InstancesOf(new Iri(RdfNs.Dcat + "Catalog")).Single().ShouldBe(new Iri("http://localhost/t/demo/catalog"));
        graph.InstancesOf(new Iri(RdfNs.Dcat + "Dataset")).ShouldContain(new Iri("http://localhost/t/demo/dataset/radzaehlung"));
    }
}
