using Stadtkern.Features.Catalog.Rdf;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Catalog.Rdf;

public sealed class RdfXmlParserTests
{
    private const string Ex = "http://example.org/";

    [Fact]
    public void Reads_descriptions_typed_nodes_attributes_and_parse_types()
    {
        var g = RdfXmlParser.Parse("""
            <?xml version="1.0" encoding="utf-8"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/"
                     xmlns:dct="http://purl.org/dc/terms/" xml:base="http://example.org/base/" xml:lang="de">
              <ex:Dataset rdf:about="ds1" dct:title="Bäume">
                <dct:description xml:lang="en">Trees</dct:description>
                <dct:alternative>Straßenbäume</dct:alternative>
                <ex:size rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">12</ex:size>
                <ex:page rdf:resource="http://example.org/page"/>
                <ex:contact rdf:parseType="Resource"><ex:name>Grünflächenamt</ex:name></ex:contact>
                <ex:publisher><rdf:Description rdf:nodeID="p1" ex:name="Stadt"/></ex:publisher>
                <ex:other rdf:nodeID="p1"/>
                <ex:inline ex:name="leer"/>
                <ex:items rdf:parseType="Collection"><rdf:Description rdf:about="#a"/><rdf:Description rdf:about="#b"/></ex:items>
              </ex:Dataset>
              <rdf:Description rdf:about="http://example.org/x" xml:base="http://other.example/">
                <rdf:type rdf:resource="T"/>
              </rdf:Description>
            </rdf:RDF>
            """);
        var ds = new Iri("http://example.org/base/ds1");
        g.Object(ds, RdfNs.RdfType).ShouldBe(new Iri(Ex + "Dataset"));
        g.Object(ds, new Iri(RdfNs.Dct + "title")).ShouldBe(new Literal("Bäume", "de"));
        g.Object(ds, new Iri(RdfNs.Dct + "description")).ShouldBe(new Literal("Trees", "en"));
        g.Object(ds, new Iri(RdfNs.Dct + "alternative")).ShouldBe(new Literal("Straßenbäume", "de"));
        g.Object(ds, new Iri(Ex + "size")).ShouldBe(Literal.Typed("12", RdfNs.Xsd + "integer"));
        g.Object(ds, new Iri(Ex + "page")).ShouldBe(new Iri(Ex + "page"));
        var contact = g.Object(ds, new Iri(Ex + "contact")).ShouldBeOfType<BlankNode>();
        g.Object(contact, new Iri(Ex + "name")).ShouldBe(new Literal("Grünflächenamt", "de"));
        g.Object(ds, new Iri(Ex + "publisher")).ShouldBe(g.Object(ds, new Iri(Ex + "other")));
        g.Object(g.Object(ds, new Iri(Ex + "inline"))!, new Iri(Ex + "name")).ShouldBe(new Literal("leer", "de"));
        g.List(g.Object(ds, new Iri(Ex + "items"))!).ShouldBe([new Iri("http://example.org/base/#a"), new Iri("http://example.org/base/#b")]);
        g.Object(new Iri(Ex + "x"), RdfNs.RdfType).ShouldBe(new Iri("http://other.example/T"));
    }

    [Fact]
    public void External_entities_are_refused()
    {
        var xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE rdf:RDF [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
              <rdf:Description rdf:about="http://example.org/s"><ex:p>&xxe;</ex:p></rdf:Description>
            </rdf:RDF>
            """;
        var e = Should.Throw<RdfParseException>(() => RdfXmlParser.Parse(xxe));
        e.Message.ShouldContain("DTD");
        e.Message.ShouldNotContain("root:");
    }

    [Fact]
    public void Billion_laughs_is_refused_quickly()
    {
        var entities = new System.Text.StringBuilder(" <!ENTITY lol0 \"lol\">\n");
        for (var i = 1; i <= 9; i++)
        {
            var previous = "&lol" + (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + ";";
            entities.Append(" <!ENTITY lol").Append(i.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Append(" \"").Append(string.Concat(Enumerable.Repeat(previous, 10))).Append("\">\n");
        }
        var bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n" + entities + "]>\n"
            + "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"http://a/\">"
            + "<rdf:value>&lol9;</rdf:value></rdf:Description></rdf:RDF>";
        var started = System.Diagnostics.Stopwatch.StartNew();
        Should.Throw<RdfParseException>(() => RdfXmlParser.Parse(bomb)).Message.ShouldContain("DTD");
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Malformed_xml_gives_a_parse_error_with_its_line()
    {
        var e = Should.Throw<RdfParseException>(() => RdfXmlParser.Parse(
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n<rdf:Description>\n</rdf:RDF>"));
        e.Line.ShouldBe(3);
        var noNs = Should.Throw<RdfParseException>(() => RdfXmlParser.Parse(
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n<rdf:Description rdf:about=\"http://a/\">\n  <title>x</title></rdf:Description></rdf:RDF>"));
        noNs.Line.ShouldBe(3);
    }

    [Fact]
    public void Oversized_input_is_refused()
    {
        var doc = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">" + new string(' ', 5000) + "</rdf:RDF>";
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(doc));
        Should.Throw<RdfParseException>(() => RdfXmlParser.Parse(stream, new RdfParserOptions { MaxCharacters = 1000 }))
            .Message.ShouldContain("limit");
    }

    [Fact]
    public void Reads_the_official_licence_vocabulary()
    {
        var path = Path.Combine(StandardsFolder.DcatApDe, "vocab-licenses-open.rdf");
        var g = RdfXmlParser.Parse(File.ReadAllText(path));
        var dlBy = new Iri("http://dcat-ap.de/def/licenses/dl-by-de/2.0");
        g.Object(dlBy, new Iri(RdfNs.Skos + "prefLabel")).ShouldBe(new Literal("Datenlizenz Deutschland Namensnennung 2.0", "de"));
    }
}
