namespace Stadtkern.Features.Sensing.Scripting;

/// <summary>
/// Why a codec run failed: a parse error (with line and column), an uncaught JavaScript exception, or a sandbox limit.
/// The message is safe to show to the device's owner.
/// </summary>
internal sealed class CodecException : Exception
{
    public CodecException(string message, CodecFailure kind, int line = 0, int column = 0)
        : base(line > 0 ? $"{message} (line {line}, column {column})" : message)
    {
        Kind = kind;
        Line = line;
        Column = column;
    }

    public CodecException()
    {
    }

    public CodecException(string message) : base(message)
    {
    }

    public CodecException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public CodecFailure Kind { get; }

    public int Line { get; }

    public int Column { get; }
}

internal enum CodecFailure
{
    Syntax,
    Runtime,
    StepLimit,
    TimeLimit,
    CallDepth,
    Memory,
    SourceTooLong,
    MissingFunction,
}
