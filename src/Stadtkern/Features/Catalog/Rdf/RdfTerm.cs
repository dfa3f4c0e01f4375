namespace Stadtkern.Features.Catalog.Rdf;

/// <summary>An RDF term: an IRI, a blank node or a literal. Terms are values (records): equal text, equal term.</summary>
internal abstract record RdfTerm;

/// <summary>An absolute IRI, kept exactly as written (no normalisation, no percent-encoding of umlauts).</summary>
internal sealed record Iri(string Value) : RdfTerm
{
    public override string ToString() => "<" + Value + ">";
}

/// <summary>A blank node; the id is only meaningful inside one graph.</summary>
internal sealed record BlankNode(string Id) : RdfTerm
{
    public override string ToString() => "_:" + Id;
}

/// <summary>
/// A literal: a lexical form with either a language tag (then the datatype is rdf:langString) or a datatype
/// (xsd:string when none is given). Language tags are stored in lower case, as they compare case-insensitively.
/// </summary>
internal sealed record Literal : RdfTerm
{
    public Literal(string value, string? language = null, string? datatype = null)
    {
        Value = value;
        Language = string.IsNullOrEmpty(language) ? null : language.ToLowerInvariant();
        Datatype = Language is not null ? RdfNs.Rdf + "langString" : datatype ?? RdfNs.Xsd + "string";
    }

    public string Value { get; }
    public string? Language { get; }
    public string Datatype { get; }

    public static Literal Typed(string value, string datatype) => new(value, null, datatype);
    public static Literal German(string value) => new(value, "de");

    public override string ToString() =>
        "\"" + Value + "\"" + (Language is not null ? "@" + Language : Datatype == RdfNs.Xsd + "string" ? "" : "^^<" + Datatype + ">");
}

/// <summary>One statement. Predicates are always IRIs.</summary>
internal sealed record Triple(RdfTerm Subject, Iri Predicate, RdfTerm Obj)
{
    public override string ToString() => $"{Subject} {Predicate} {Obj} .";
}
