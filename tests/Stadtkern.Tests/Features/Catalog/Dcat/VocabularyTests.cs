using Stadtkern.Features.Catalog.Rdf;
using Stadtkern.Features.Catalog.Vocabularies;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Catalog.Dcat;

public sealed class VocabularyTests
{
    [Fact]
    public void The_licence_list_matches_the_official_vocabulary()
    {
        var g = RdfXmlParser.Parse(File.ReadAllText(Path.Combine(StandardsFolder.DcatApDe, "vocab-licenses-open.rdf")));
        var official = g.InstancesOf(new Iri(RdfNs.Skos + "Concept")).OfType<Iri>().Select(i => i.Value).Order(StringComparer.Ordinal).ToList();
        Licenses.All.Select(l => l.Uri).Order(StringComparer.Ordinal).ShouldBe(official);
        foreach (var l in Licenses.All)
        {
            g.Object(new Iri(l.Uri), new Iri(RdfNs.Skos + "prefLabel")).ShouldBeOfType<Literal>().Value.Trim().ShouldBe(l.Title, l.Id);
            var open = g.Object(new Iri(l.Uri), new Iri("http://govdata.de/mqa/#isOpenLicense")) as Literal;
            open?.Value.ShouldBe(l.IsOpen ? "true" : "false", l.Id);
        }
        Licenses.Find("DL-BY-DE/2.0")!.RequiresAttribution.ShouldBeTrue();
        Licenses.Find("https://dcat-ap.de/def/licenses/dl-zero-de/2.0")!.RequiresAttribution.ShouldBeFalse();
        Licenses.Find("odby")!.RequiresAttribution.ShouldBeTrue();
        Licenses.Default.ToCkan().OdConformance.ShouldBe("approved");
    }

    [Theory]
    [InlineData("csv", "CSV")]
    [InlineData("text/csv; charset=utf-8", "CSV")]
    [InlineData("GeoJSON", "GEOJSON")]
    [InlineData("application/geo+json", "GEOJSON")]
    [InlineData(".xlsx", "XLSX")]
    [InlineData("daten.JPG", "JPEG")]
    [InlineData("OGC WMS", "WMS_SRVC")]
    [InlineData("http://publications.europa.eu/resource/authority/file-type/RDF_TURTLE", "RDF_TURTLE")]
    [InlineData("rdf", "RDF_XML")]
    public void File_types_are_found_by_code_media_type_name_or_extension(string format, string code) =>
        FileTypes.Find(format)!.Code.ShouldBe(code);

    [Fact]
    public void Themes_frequencies_access_rights_and_geocoding_have_their_IRIs()
    {
        DataThemes.All.Count.ShouldBe(14);
        DataThemes.Find("envi")!.Uri.ShouldBe("http://publications.europa.eu/resource/authority/data-theme/ENVI");
        Frequencies.Find("https://publications.europa.eu/resource/authority/frequency/MONTHLY")!.Label.ShouldBe("monatlich");
        AccessRights.UriFor("internal").ShouldBe("http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC");
        AccessRights.UriFor("restricted").ShouldBe("http://publications.europa.eu/resource/authority/access-right/RESTRICTED");
        PoliticalGeocoding.RegionalKeyUri("083350043043").ShouldBe("http://dcat-ap.de/def/politicalGeocoding/regionalKey/083350043043");
        PoliticalGeocoding.RegionalKeyUri("0833500").ShouldBeNull();
        FileTypes.Find("unbekannt").ShouldBeNull();
    }
}
