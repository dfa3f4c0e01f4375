namespace Stadtkern.Features.Catalog.Rdf;

/// <summary>Input that is not valid RDF in the expected syntax, or that is refused (DTD, too large, too deep).</summary>
internal sealed class RdfParseException : Exception
{
    public RdfParseException(string message, int line = 0, int column = 0, Exception? inner = null)
        : base(line > 0 ? $"{message} (line {line}, column {column})" : message, inner)
    {
        Line = line;
        Column = column;
    }

    public RdfParseException()
    {
    }

    public RdfParseException(string message) : this(message, 0, 0)
    {
    }

    public RdfParseException(string message, Exception inner) : this(message, 0, 0, inner)
    {
    }

    /// <summary>1-based line of the error, 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column of the error, 0 when unknown.</summary>
    public int Column { get; }
}
