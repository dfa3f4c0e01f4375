namespace Stadtkern.Features.Sensing.Query;

/// <summary>A query option the client got wrong (bad <c>$filter</c>, unknown property): answered with 400 and the message.</summary>
internal sealed class SensingQueryException(string message) : Exception(message);
