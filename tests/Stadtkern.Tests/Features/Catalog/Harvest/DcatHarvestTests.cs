using System.Globalization;
using Stadtkern.Features.Catalog.Harvest;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;
using static Stadtkern.Tests.Features.Catalog.Harvest.HarvestKit;

namespace Stadtkern.Tests.Features.Catalog.Harvest;

public sealed class DcatHarvestTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static string Page(string baseUrl, int page, int pages, params int[] datasets)
    {
        var next = page < pages ? $"hydra:next <{baseUrl}/dcat/catalog.ttl?page={page + 1}> ;" : "";
        var body = string.Join("\n", datasets.Select(i => string.Create(CultureInfo.InvariantCulture, $$"""
            <https://daten.nachbarort.example/dataset/baumkataster-{{i}}> a dcat:Dataset ;
                dct:title "Baumkataster {{i}}"@de, "Tree register {{i}}"@en ;
                dct:description "Alle Stadtbäume, Teil {{i}}."@de ;
                dcat:keyword "Bäume"@de, "Umwelt"@de, "trees"@en ;
                dcat:theme <http://publications.europa.eu/resource/authority/data-theme/ENVI> ;
                dct:publisher [ a foaf:Agent ; foaf:name "Grünflächenamt Nachbarort" ] ;
                dcat:contactPoint [ a vcard:Organization ; vcard:fn "Grünflächenamt" ; vcard:hasEmail <mailto:gruen@nachbarort.example> ] ;
                dct:temporal [ a dct:PeriodOfTime ; dcat:startDate "2019-01-01"^^xsd:date ; dcat:endDate "2024-12-31"^^xsd:date ] ;
                dct:spatial [ a dct:Location ; locn:geometry "{\"type\":\"Point\",\"coordinates\":[9.1,47.6]}"^^<https://www.iana.org/assignments/media-types/application/vnd.geo+json> ] ;
                dct:accrualPeriodicity <http://publications.europa.eu/resource/authority/frequency/ANNUAL> ;
                dct:issued "2020-05-01"^^xsd:date ;
                dct:modified "2024-06-0{{i % 9 + 1}}T10:00:00Z"^^xsd:dateTime ;
                dcat:distribution [ a dcat:Distribution ;
                    dct:title "Baumkataster CSV" ;
                    dcat:accessURL <https://daten.nachbarort.example/baeume-{{i}}.csv> ;
                    dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> ;
                    dcat:mediaType <https://www.iana.org/assignments/media-types/text/csv> ;
                    dct:license <http://dcat-ap.de/def/licenses/cc-by/4.0> ;
                    dcatde:licenseAttributionByText "Stadt Nachbarort" ] .
            """)));
        return $"""
            @prefix dcat: <http://www.w3.org/ns/dcat#> .
            @prefix dct: <http://purl.org/dc/terms/> .
            @prefix foaf: <http://xmlns.com/foaf/0.1/> .
            @prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
            @prefix locn: <http://www.w3.org/ns/locn#> .
            @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
            @prefix hydra: <http://www.w3.org/ns/hydra/core#> .
            @prefix dcatde: <http://dcat-ap.de/def/dcatde/> .

            <{baseUrl}/dcat/catalog.ttl?page={page}> a hydra:PartialCollectionView ;
                {next}
                hydra:totalItems 5 ;
                hydra:itemsPerPage 2 .

            <https://daten.nachbarort.example/catalog> a dcat:Catalog ; dct:title "Katalog Nachbarort" .

            {body}
            """;
    }

    [Theory, DatabaseData]
    public async Task A_dcat_turtle_catalogue_is_harvested_across_hydra_pages_and_unchanged_records_are_not_rewritten(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        Configure(app);
        await using var server = await FakeCatalogServer.StartAsync();

        // The first page is the catalogue's own address; the next pages come from hydra:next (absolute, with a query).
        server.Documents["/catalog.ttl"] = ("text/turtle", Page(server.Url, 1, 3, 1, 2));
        var client = await app.ClientAsync("demo", "data-steward");
        var sourceId = await CreateSourceAsync(client, "nachbarort", "dcat", server.Url + "/dcat/catalog.ttl");
        server.Documents["/catalog.ttl?page=2"] = ("text/turtle", Page(server.Url, 2, 3, 3, 4));
        server.Documents["/catalog.ttl?page=3"] = ("text/turtle", Page(server.Url, 3, 3, 5));

        var run = await RunToEndAsync(app, await StartRunAsync(client, sourceId));

        run.Status.ShouldBe(HarvestRunStatus.Succeeded, run.Message);
        (run.Created, run.Failed, run.PagesDone, run.PagesTotal, run.RecordsTotal).ShouldBe((5, 0, 3, 3, 5));
        var datasets = (await HarvestedAsync(app, sourceId)).OrderBy(d => d.Name).ToList();
        datasets.Select(d => d.Name).ShouldBe(["baumkataster-1", "baumkataster-2", "baumkataster-3", "baumkataster-4", "baumkataster-5"]);
        var first = datasets[0];
        first.HarvestIdentifier.ShouldBe("https://daten.nachbarort.example/dataset/baumkataster-1");
        first.Title.ShouldBe("Baumkataster 1");
        first.Notes.ShouldBe("Alle Stadtbäume, Teil 1.");
        first.Tags.ShouldBe(["Bäume", "Umwelt"], ignoreOrder: true);
        first.Themes.ShouldBe(["ENVI"]);
        first.LicenseId.ShouldBe("cc-by/4.0");
        first.LicenseAttribution.ShouldBe("Stadt Nachbarort");
        first.Organization!.Name.ShouldBe("gruenflaechenamt-nachbarort");
        first.Organization.Title.ShouldBe("Grünflächenamt Nachbarort");
        first.ContactName.ShouldBe("Grünflächenamt");
        first.ContactEmail.ShouldBe("gruen@nachbarort.example");
        first.TemporalStart.ShouldBe(new DateOnly(2019, 1, 1));
        first.TemporalEnd.ShouldBe(new DateOnly(2024, 12, 31));
        first.MinLon.ShouldBe(9.1);
        first.Frequency.ShouldBe("ANNUAL");
        first.Modified.ShouldBe(new DateTimeOffset(2024, 6, 2, 10, 0, 0, TimeSpan.Zero));
        var resource = first.Resources.Single();
        (resource.Url, resource.Format, resource.MediaType).ShouldBe(("https://daten.nachbarort.example/baeume-1.csv", "CSV", "text/csv"));

        // Second round: dataset 5 vanished (page 3 now empty), the rest is unchanged.
        server.Documents["/catalog.ttl?page=3"] = ("text/turtle", Page(server.Url, 3, 3));
        var second = await RunToEndAsync(app, await StartRunAsync(client, sourceId));

        second.Status.ShouldBe(HarvestRunStatus.Succeeded, second.Message);
        (second.Created, second.Updated, second.Unchanged, second.Deleted, second.Failed).ShouldBe((0, 0, 4, 1, 0));
        var after = (await HarvestedAsync(app, sourceId)).ToDictionary(d => d.Name);
        after.Values.Where(d => d.Name != "baumkataster-5").ShouldAllBe(d => d.Version == 1);
        after["baumkataster-5"].State.ShouldBe(Stadtkern.Features.Catalog.Model.DatasetState.Deleted);
    }

    [Theory, DatabaseData]
    public async Task An_rdf_xml_page_with_an_external_entity_is_rejected_and_recorded_as_an_error(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        Configure(app);
        await using var server = await FakeCatalogServer.StartAsync();
        server.Documents["/xxe.rdf"] = ("application/rdf+xml", """
            <?xml version="1.0"?>
            <!DOCTYPE rdf:RDF [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dcat="http://www.w3.org/ns/dcat#" xmlns:dct="http://purl.org/dc/terms/">
              <dcat:Dataset rdf:about="https://boese.example/dataset/1"><dct:title>&secret;</dct:title></dcat:Dataset>
            </rdf:RDF>
            """);
        var client = await app.ClientAsync("demo", "data-steward");
        var sourceId = await CreateSourceAsync(client, "xxe", "dcat", server.Url + "/dcat/xxe.rdf");

        var run = await RunToEndAsync(app, await StartRunAsync(client, sourceId));

        run.Status.ShouldBe(HarvestRunStatus.Failed);
        var errors = await ErrorsAsync(app, run.Id);
        errors.ShouldContain(e => e.Message.Contains("DTD", StringComparison.Ordinal));
        errors.ShouldAllBe(e => !e.Message.Contains("root:", StringComparison.Ordinal));
        (await HarvestedAsync(app, sourceId)).ShouldBeEmpty();
    }
}
