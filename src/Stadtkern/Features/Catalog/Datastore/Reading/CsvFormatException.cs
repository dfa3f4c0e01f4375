namespace Stadtkern.Features.Catalog.Datastore.Reading;

/// <summary>The file cannot be read as a whole (unterminated quote, oversized record, not GeoJSON): the load stops with this message.</summary>
internal sealed class SourceFormatException(string message) : Exception(message);
