namespace Stadtkern.Features.Sensing.Query;

/// <summary>
/// A query option (<c>$filter</c>, <c>$orderby</c>, ...) that cannot be understood or is not allowed. The API answers it with 400 and the
/// message in SensorThings' error JSON, so the message is written for the client (with the position in the option where it helps).
/// </summary>
internal sealed class SensingQueryException : Exception
{
    public SensingQueryException(string message)
        : base(message)
    {
    }

    public SensingQueryException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public SensingQueryException()
    {
    }
}
