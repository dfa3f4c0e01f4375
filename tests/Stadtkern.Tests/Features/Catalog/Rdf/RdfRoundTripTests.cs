using Stadtkern.Features.Catalog.Rdf;

namespace Stadtkern.Tests.Features.Catalog.Rdf;

public sealed class RdfRoundTripTests
{
    internal static RdfGraph Sample()
    {
        var g = new RdfGraph().AddPrefixes(RdfNs.CatalogPrefixes).Prefix("ex", "http://example.org/");
        var s = new Iri("http://example.org/datensätze/bäume");
        g.Add(s, RdfNs.RdfType, new Iri(RdfNs.Dcat + "Dataset"));
        g.Add(s, new Iri(RdfNs.Dct + "title"), Literal.German("Straßenbäume – Größe & \"Art\" <öffentlich>"));
        g.Add(s, new Iri(RdfNs.Dct + "description"), new Literal("Zeile 1\nZeile 2\ttab \\ ende"));
        g.Add(s, new Iri(RdfNs.Dct + "issued"), Literal.Typed("2024-01-02T03:04:05Z", RdfNs.Xsd + "dateTime"));
        g.Add(s, new Iri(RdfNs.Dcat + "keyword"), Literal.German("Bäume"));
        g.Add(s, new Iri(RdfNs.Dcat + "keyword"), Literal.German("Grün"));
        g.Add(s, new Iri("http://example.org/1st-thing"), new Literal("local part starts with a digit"));
        var contact = g.NewBlankNode();
        g.Add(s, new Iri(RdfNs.Dcat + "contactPoint"), contact);
        g.Add(contact, RdfNs.RdfType, new Iri(RdfNs.Vcard + "Organization"));
        g.Add(contact, new Iri(RdfNs.Vcard + "fn"), new Literal("Grünflächenamt"));
        var shared = g.NewBlankNode();
        g.Add(s, new Iri("http://example.org/a"), shared);
        g.Add(new Iri("http://example.org/other"), new Iri("http://example.org/a"), shared);
        g.Add(shared, new Iri("http://example.org/v"), Literal.Typed("7", RdfNs.Xsd + "integer"));
        var c1 = g.NewBlankNode();
        var c2 = g.NewBlankNode();
        g.Add(c1, new Iri("http://example.org/next"), c2);
        g.Add(c2, new Iri("http://example.org/next"), c1);
        return g;
    }

    [Fact]
    public void Turtle_round_trip_keeps_the_graph()
    {
        var g = Sample();
        var text = TurtleWriter.Write(g);
        var back = TurtleParser.Parse(text);
        GraphComparison.AreIsomorphic(g, back).ShouldBeTrue(text);
        text.ShouldContain("Straßenbäume");
    }

    [Fact]
    public void RdfXml_round_trip_keeps_the_graph()
    {
        var g = Sample();
        var text = RdfXmlWriter.Write(g);
        var back = RdfXmlParser.Parse(text);
        GraphComparison.AreIsomorphic(g, back).ShouldBeTrue(text);
    }

    [Fact]
    public void Isomorphism_notices_a_changed_literal_or_blank_node_structure()
    {
        var g = Sample();
        var changed = TurtleParser.Parse(TurtleWriter.Write(g).Replace("Grünflächenamt", "Gruenflaechenamt", StringComparison.Ordinal));
        GraphComparison.AreIsomorphic(g, changed).ShouldBeFalse();
        var a = TurtleParser.Parse("_:x <http://a/p> _:y . _:y <http://a/p> _:x .");
        var b = TurtleParser.Parse("_:x <http://a/p> _:x . _:y <http://a/p> _:y .");
        GraphComparison.AreIsomorphic(a, b).ShouldBeFalse();
    }
}
