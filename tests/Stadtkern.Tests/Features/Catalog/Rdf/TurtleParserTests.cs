using Stadtkern.Features.Catalog.Rdf;

namespace Stadtkern.Tests.Features.Catalog.Rdf;

public sealed class TurtleParserTests
{
    private const string Ex = "http://example.org/";

    [Fact]
    public void Reads_prefixes_semicolons_commas_a_and_literals()
    {
        var g = TurtleParser.Parse(""""
            @prefix ex: <http://example.org/> .
            PREFIX dct: <http://purl.org/dc/terms/>
            @base <http://example.org/base/> .
            ex:s a ex:Thing ;
                dct:title "Straßenbäume in Musterstadt"@de-DE , 'Street trees'@en ;
                ex:count 42 ; ex:ratio -1.5 ; ex:big 1.0e3 ; ex:ok true ; ex:no false ;
                ex:when "2024-05-01"^^<http://www.w3.org/2001/XMLSchema#date> ;
                ex:rel <other> ;
                ex:long """Zeile 1
            Zeile "2" mit Ümläuten""" ;
                ex:esc "tab\there \"q\" \u00e4 \U0001F600 back\\slash" .
            """");
        var s = new Iri(Ex + "s");
        g.Object(s, RdfNs.RdfType).ShouldBe(new Iri(Ex + "Thing"));
        g.Objects(s, new Iri(RdfNs.Dct + "title")).ShouldBe([new Literal("Straßenbäume in Musterstadt", "de-de"), new Literal("Street trees", "en")]);
        g.Object(s, new Iri(Ex + "count")).ShouldBe(Literal.Typed("42", RdfNs.Xsd + "integer"));
        g.Object(s, new Iri(Ex + "ratio")).ShouldBe(Literal.Typed("-1.5", RdfNs.Xsd + "decimal"));
        g.Object(s, new Iri(Ex + "big")).ShouldBe(Literal.Typed("1.0e3", RdfNs.Xsd + "double"));
        g.Object(s, new Iri(Ex + "ok")).ShouldBe(Literal.Typed("true", RdfNs.Xsd + "boolean"));
        g.Object(s, new Iri(Ex + "no")).ShouldBe(Literal.Typed("false", RdfNs.Xsd + "boolean"));
        g.Object(s, new Iri(Ex + "when")).ShouldBe(Literal.Typed("2024-05-01", RdfNs.Xsd + "date"));
        g.Object(s, new Iri(Ex + "rel")).ShouldBe(new Iri("http://example.org/base/other"));
        g.Object(s, new Iri(Ex + "long")).ShouldBe(new Literal("Zeile 1\nZeile \"2\" mit Ümläuten"));
        g.Object(s, new Iri(Ex + "esc")).ShouldBe(new Literal("tab\there \"q\" ä \U0001F600 back\\slash"));
    }

    [Fact]
    public void Reads_blank_nodes_and_collections()
    {
        var g = TurtleParser.Parse("""
            @prefix ex: <http://example.org/> .
            ex:s ex:contact [ ex:name "Amt für Umwelt" ; ex:mail <mailto:umwelt@example.org> ] ;
                 ex:list ( 1 "zwei" ex:drei ) ;
                 ex:empty () ;
                 ex:shared _:x .
            _:x ex:name "geteilt" .
            ex:t ex:shared _:x .
            [] ex:name "anonym" .
            """);
        var s = new Iri(Ex + "s");
        var contact = g.Object(s, new Iri(Ex + "contact")).ShouldBeOfType<BlankNode>();
        g.Object(contact, new Iri(Ex + "name")).ShouldBe(new Literal("Amt für Umwelt"));
        g.List(g.Object(s, new Iri(Ex + "list"))!).ShouldBe([Literal.Typed("1", RdfNs.Xsd + "integer"), new Literal("zwei"), new Iri(Ex + "drei")]);
        g.Object(s, new Iri(Ex + "empty")).ShouldBe(RdfNs.RdfNil);
        g.Object(s, new Iri(Ex + "shared")).ShouldBe(g.Object(new Iri(Ex + "t"), new Iri(Ex + "shared")));
        g.Subjects(new Iri(Ex + "name"), new Literal("anonym")).Single().ShouldBeOfType<BlankNode>();
    }

    [Theory]
    [InlineData("<http://a/s> <http://a/p> \"open .", 1)]
    [InlineData("@prefix ex: <http://a/> .\nex:s ex:p ex:o\nex:t ex:p ex:o .", 3)]
    [InlineData("@prefix ex: <http://a/> .\n\nex:s nope:p ex:o .", 3)]
    [InlineData("<http://a/s> <http://a/p> \"bad \\q escape\" .", 1)]
    [InlineData("<http://a/s> <http://a/p> <relative> .", 1)]
    [InlineData("<http://a/s> <http://a/p> \"x\"@ .", 1)]
    [InlineData("<http://a/s> <http://a/p> [ <http://a/q> 1 ", 1)]
    [InlineData("\"literal\" <http://a/p> 1 .", 1)]
    public void Malformed_input_gives_a_parse_error_with_its_line(string turtle, int line)
    {
        var e = Should.Throw<RdfParseException>(() => TurtleParser.Parse(turtle));
        e.Line.ShouldBe(line);
        e.Message.ShouldContain("line " + line);
    }

    [Fact]
    public void Deep_nesting_and_oversized_input_are_refused_quickly()
    {
        var deep = "<http://a/s> <http://a/p> " + string.Concat(Enumerable.Repeat("[ <http://a/p> ", 100_000)) + "1" + new string(']', 100_000) + " .";
        Should.Throw<RdfParseException>(() => TurtleParser.Parse(deep)).Message.ShouldContain("Nesting");
        Should.Throw<RdfParseException>(() => TurtleParser.Parse(new string(' ', 2000), new RdfParserOptions { MaxCharacters = 1000 }))
            .Message.ShouldContain("limit");
    }
}
