using Stadtkern.Features.Catalog.Dcat;
using Stadtkern.Features.Catalog.Rdf;
using Stadtkern.Features.Catalog.Vocabularies;

namespace Stadtkern.Tests.Features.Catalog.Dcat;

public sealed class DcatExportTests
{
    private static readonly DateTimeOffset Jan = new(2024, 1, 15, 8, 30, 0, TimeSpan.Zero);

    internal static DcatCatalogInfo CatalogInfo() => new(
        BaseUrl: "https://daten.musterstadt.example",
        Title: "Offene Daten Musterstadt",
        Description: "Datenkatalog der Stadt Musterstadt: Umwelt, Verkehr und Verwaltung.",
        Publisher: new DcatAgent("Stadt Musterstadt", "https://daten.musterstadt.example/organization/stadt", "info@musterstadt.example", "https://www.musterstadt.example"),
        Homepage: "https://daten.musterstadt.example/daten",
        ContributorId: "http://dcat-ap.de/def/contributors/transparenzportalHamburg",
        PoliticalGeocodingUri: PoliticalGeocoding.RegionalKeyUri("083350043043"),
        PoliticalGeocodingLevelUri: PoliticalGeocoding.MunicipalityLevelUri,
        Issued: Jan.AddYears(-2),
        Modified: Jan);

    internal static IReadOnlyList<DcatDatasetInfo> Datasets()
    {
        var umweltamt = new DcatAgent("Umweltamt Musterstadt", "https://daten.musterstadt.example/organization/umweltamt");
        return
        [
            new DcatDatasetInfo(
                Name: "baumkataster",
                Title: "Baumkataster – Straßenbäume",
                Notes: "Alle städtischen Bäume mit Art, Höhe und Pflanzjahr.\n\n**Markdown** bleibt Text.",
                Publisher: umweltamt,
                Tags: ["Bäume", "Grünflächen", "Umwelt"],
                Themes: ["ENVI", "http://publications.europa.eu/resource/authority/data-theme/REGI", "nonsense"],
                LicenseId: "dl-by-de/2.0",
                AttributionText: "Stadt Musterstadt, Umweltamt",
                ContactPoint: new DcatContact("Grünflächenamt", "gruen@musterstadt.example", "https://www.musterstadt.example/gruen", "+49 7531 900-0"),
                TemporalStart: new DateOnly(2010, 1, 1),
                TemporalEnd: new DateOnly(2023, 12, 31),
                SpatialGeoJson: """{"type":"Polygon","coordinates":[[[9.1,47.6],[9.2,47.6],[9.2,47.7],[9.1,47.7],[9.1,47.6]]]}""",
                PoliticalGeocodingUri: PoliticalGeocoding.RegionalKeyUri("083350043043"),
                PoliticalGeocodingLevelUri: PoliticalGeocoding.MunicipalityLevelUri,
                Frequency: "ANNUAL",
                Issued: Jan.AddDays(-100),
                Modified: Jan,
                AccessLevel: AccessRights.Public,
                LandingPage: "https://www.musterstadt.example/baeume",
                Identifier: "urn:musterstadt:baumkataster",
                Distributions:
                [
                    new DcatDistributionInfo("csv", "https://daten.musterstadt.example/dataset/baumkataster/resource/csv/download/baeume.csv",
                        Title: "Bäume als CSV", Description: "Semikolon-getrennt, UTF-8",
                        DownloadUrl: "https://daten.musterstadt.example/dataset/baumkataster/resource/csv/download/baeume.csv",
                        Format: "csv", MediaType: "text/csv; charset=utf-8", ByteSize: 123456,
                        Sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                        LicenseId: "cc-by/4.0", AttributionText: "© Stadt Musterstadt", Issued: Jan.AddDays(-100), Modified: Jan),
                    new DcatDistributionInfo("geojson", "https://daten.musterstadt.example/dataset/baumkataster/resource/geojson/download/baeume.geojson",
                        Title: "Bäume als GeoJSON", Format: "GeoJSON"),
                    new DcatDistributionInfo("wms", "https://geo.musterstadt.example/wms?SERVICE=WMS&REQUEST=GetCapabilities",
                        Title: "Kartendienst", Format: "WMS", LicenseId: "dl-zero-de/2.0"),
                ]),
            new DcatDatasetInfo(
                Name: "haushalt-2024",
                Title: "Haushaltsplan 2024",
                Notes: null,
                Publisher: new DcatAgent("Kämmerei"),
                Themes: ["GOVE", "ECON"],
                LicenseId: "dl-zero-de/2.0",
                ContactPoint: new DcatContact("Kämmerei", Email: "kaemmerei@musterstadt.example"),
                Frequency: "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
                Issued: Jan,
                Distributions: [new DcatDistributionInfo("pdf", "https://www.musterstadt.example/haushalt-2024.pdf", MediaType: "application/pdf")]),
            new DcatDatasetInfo(
                Name: "parkhaeuser-belegung",
                Title: "Parkhäuser: freie Plätze",
                Notes: "Echtzeit-Belegung der Parkhäuser.",
                Publisher: umweltamt,
                Tags: ["Parken"],
                Themes: ["TRAN"],
                LicenseId: "odbl",
                Frequency: "UPDATE_CONT",
                TemporalStart: new DateOnly(2022, 5, 1),
                Distributions: [new DcatDistributionInfo("api", "https://daten.musterstadt.example/v1.1/Datastreams", Title: "SensorThings API", Format: "application/json")]),
        ];
    }

    private static string Page(int n) => "https://daten.musterstadt.example/catalog.ttl?page=" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_rich_catalog_passes_the_DCAT_AP_de_3_shapes_in_every_serialisation()
    {
        var graph = MapToDcat.Catalog(CatalogInfo(), Datasets(), new DcatPaging(2, 3, 7, Page));
        var dir = Directory.CreateTempSubdirectory("stadtkern-dcat-");
        try
        {
            var ttl = Path.Combine(dir.FullName, "catalog.ttl");
            var rdfXml = Path.Combine(dir.FullName, "catalog.rdf");
            var jsonLd = Path.Combine(dir.FullName, "catalog.jsonld");
            await File.WriteAllTextAsync(ttl, TurtleWriter.Write(graph), TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(rdfXml, RdfXmlWriter.Write(graph), TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(jsonLd, JsonLdWriter.Write(graph), TestContext.Current.CancellationToken);

            foreach (var file in new[] { ttl, rdfXml, jsonLd })
            {
                var report = await Shacl.ValidateAsync(file);
                report.Violations.ShouldBe(0, $"{Path.GetFileName(file)}:\n{string.Join("\n", report.ViolationResults)}");
                report.ExitCode.ShouldBe(0);
                // what independent parsers read is exactly our graph
                var reference = TurtleParser.Parse(await Shacl.ToNTriplesAsync(file));
                GraphComparison.AreIsomorphic(graph, reference).ShouldBeTrue(Path.GetFileName(file));
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_validator_reports_violations_it_should()
    {
        var broken = MapToDcat.Catalog(CatalogInfo(), [Datasets()[1] with { LicenseId = null }]);
        var file = Path.Combine(Path.GetTempPath(), "stadtkern-dcat-broken-" + Guid.NewGuid().ToString("N") + ".ttl");
        await File.WriteAllTextAsync(file, TurtleWriter.Write(broken), TestContext.Current.CancellationToken);
        try
        {
            var report = await Shacl.ValidateAsync(file);
            report.ExitCode.ShouldBe(1);
            report.ViolationResults.ShouldContain(r => r.Contains("dcterms:license", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Our_parsers_read_our_writers_back_to_the_same_graph()
    {
        var graph = MapToDcat.Catalog(CatalogInfo(), Datasets(), new DcatPaging(1, 100, 3, Page));
        GraphComparison.AreIsomorphic(graph, TurtleParser.Parse(TurtleWriter.Write(graph))).ShouldBeTrue();
        GraphComparison.AreIsomorphic(graph, RdfXmlParser.Parse(RdfXmlWriter.Write(graph))).ShouldBeTrue();
    }

    [Fact]
    public void Licences_with_attribution_get_the_attribution_text_and_the_others_do_not()
    {
        var g = MapToDcat.Catalog(CatalogInfo(), Datasets());
        var attribution = new Iri(RdfNs.Dcatde + "licenseAttributionByText");
        Literal? Of(string dataset, string id) => g.Object(new Iri(CatalogInfo().DistributionUri(dataset, id)), attribution) as Literal;
        Of("baumkataster", "csv")!.Value.ShouldBe("© Stadt Musterstadt");
        Of("baumkataster", "geojson")!.Value.ShouldBe("Stadt Musterstadt, Umweltamt");
        Of("baumkataster", "wms").ShouldBeNull();
        Of("haushalt-2024", "pdf").ShouldBeNull();
        // ODbL requires attribution; without a text the publisher is named
        Of("parkhaeuser-belegung", "api")!.Value.ShouldBe("Umweltamt Musterstadt");
    }

    [Fact]
    public void Hydra_paging_links_first_last_previous_and_next()
    {
        var g = MapToDcat.Catalog(CatalogInfo(), Datasets(), new DcatPaging(2, 3, 7, Page));
        var view = new Iri(Page(2));
        Iri H(string l) => new(RdfNs.Hydra + l);
        g.Object(view, RdfNs.RdfType).ShouldBe(H("PartialCollectionView"));
        g.Object(view, H("first")).ShouldBe(new Iri(Page(1)));
        g.Object(view, H("previous")).ShouldBe(new Iri(Page(1)));
        g.Object(view, H("next")).ShouldBe(new Iri(Page(3)));
        g.Object(view, H("last")).ShouldBe(new Iri(Page(3)));
        g.Object(view, H("totalItems")).ShouldBe(Literal.Typed("7", RdfNs.Xsd + "integer"));
        var last = MapToDcat.Catalog(CatalogInfo(), [], new DcatPaging(3, 3, 7, Page));
        last.Object(new Iri(Page(3)), H("next")).ShouldBeNull();
    }
}
