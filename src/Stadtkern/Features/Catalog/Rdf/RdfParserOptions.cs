namespace Stadtkern.Features.Catalog.Rdf;

/// <summary>Limits for parsing RDF from untrusted sources (harvesting).</summary>
internal sealed record RdfParserOptions
{
    /// <summary>Base IRI for relative references; none by default (relative IRIs are then an error in Turtle).</summary>
    public string? BaseIri { get; init; }

    /// <summary>Largest accepted input in characters. Default 64 Mi characters.</summary>
    public long MaxCharacters { get; init; } = 64L * 1024 * 1024;

    /// <summary>Deepest accepted nesting of blank nodes, collections or XML elements. Default 256.</summary>
    public int MaxDepth { get; init; } = 256;

    /// <summary>Most triples accepted from one document. Default 5 million.</summary>
    public int MaxTriples { get; init; } = 5_000_000;

    public static RdfParserOptions Default { get; } = new();
}
