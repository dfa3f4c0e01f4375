using System.Globalization;
using System.Text.Json;

namespace Stadtkern.Features.Catalog.Datastore.Reading;

/// <summary>
/// Streams the features of a GeoJSON FeatureCollection: only one feature is held in memory at a time (at
/// most <see cref="MaxFeatureBytes"/>). Column 0 is the geometry (as GeoJSON text); the properties follow in
/// the order they are first met. Property values become text (numbers in invariant notation, nested
/// objects as JSON).
/// </summary>
internal sealed class GeoJsonSourceReader(Stream stream) : ISourceReader
{
    public const int MaxFeatureBytes = 64 << 20;

    private readonly CountingStream counting = new(stream);
    private readonly List<string> headers = ["geometry"];
    private readonly Dictionary<string, int> columns = new(StringComparer.Ordinal);
    private readonly Queue<JsonDocument> ready = new();
    private byte[] buffer = new byte[1 << 16];
    private int length;
    private bool eof;
    private JsonReaderState state = new(new JsonReaderOptions { MaxDepth = 256 });
    private Stage stage = Stage.Start;
    private long number;

    private enum Stage
    {
        Start,
        InCollection,
        InFeatures,
        Done,
    }

    public IReadOnlyList<string> Headers => headers;

    public int? GeometryColumn => 0;

    public long BytesRead => counting.Count;

    public async ValueTask<SourceRow?> ReadAsync(CancellationToken cancellationToken)
    {
        while (ready.Count == 0)
        {
            if (stage == Stage.Done)
            {
                return null;
            }

            if (!eof && length == buffer.Length)
            {
                if (buffer.Length >= MaxFeatureBytes)
                {
                    throw new SourceFormatException(string.Create(CultureInfo.InvariantCulture,
                        $"Feature {number + 1} ist größer als {MaxFeatureBytes / (1 << 20)} MB."));
                }

                Array.Resize(ref buffer, buffer.Length * 2);
            }

            if (!eof)
            {
                var read = await counting.ReadAsync(buffer.AsMemory(length), cancellationToken);
                length += read;
                eof = read == 0;
            }

            var before = ready.Count;
            var consumed = Step();
            Array.Copy(buffer, consumed, buffer, 0, length - consumed);
            length -= consumed;
            if (eof && ready.Count == before && stage != Stage.Done)
            {
                throw new SourceFormatException(stage == Stage.Start
                    ? "Die Datei ist keine GeoJSON-FeatureCollection."
                    : "Die GeoJSON-Datei endet mitten in einem Objekt.");
            }
        }

        using var feature = ready.Dequeue();
        number++;
        return ToRow(feature.RootElement);
    }

    /// <summary>Reads as many tokens as the buffer holds completely; returns the bytes consumed.</summary>
    private int Step()
    {
        var reader = new Utf8JsonReader(buffer.AsSpan(0, length), eof, state);
        var consumed = 0;
        try
        {
            while (true)
            {
                var checkpoint = reader.CurrentState;
                var checkpointBytes = (int)reader.BytesConsumed;
                if (!reader.Read())
                {
                    break;
                }

                switch (stage)
                {
                    case Stage.Start when reader.TokenType == JsonTokenType.StartObject:
                        stage = Stage.InCollection;
                        break;
                    case Stage.Start:
                        throw new SourceFormatException("Die Datei ist keine GeoJSON-FeatureCollection.");
                    case Stage.InCollection when reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("features"):
                        if (!reader.Read())
                        {
                            state = checkpoint;
                            return checkpointBytes;
                        }

                        if (reader.TokenType != JsonTokenType.StartArray)
                        {
                            throw new SourceFormatException("„features“ ist keine Liste.");
                        }

                        stage = Stage.InFeatures;
                        break;
                    case Stage.InCollection when reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0:
                        throw new SourceFormatException("Die Datei ist keine GeoJSON-FeatureCollection (es fehlt „features“).");
                    case Stage.InFeatures when reader.TokenType == JsonTokenType.StartObject:
                        var probe = reader;
                        if (!probe.TrySkip())
                        {
                            state = checkpoint;
                            return checkpointBytes;
                        }

                        ready.Enqueue(JsonDocument.ParseValue(ref reader));
                        break;
                    case Stage.InFeatures when reader.TokenType == JsonTokenType.EndArray:
                        stage = Stage.Done;
                        state = reader.CurrentState;
                        return (int)reader.BytesConsumed;
                    case Stage.InFeatures:
                        throw new SourceFormatException(string.Create(CultureInfo.InvariantCulture, $"Element {number + ready.Count + 1} in „features“ ist kein Objekt."));
                    default:
                        break;
                }

                consumed = (int)reader.BytesConsumed;
                state = reader.CurrentState;
            }
        }
        catch (JsonException e)
        {
            throw new SourceFormatException($"Die GeoJSON-Datei ist kein gültiges JSON: {e.Message}");
        }

        return consumed;
    }

    private SourceRow ToRow(JsonElement feature)
    {
        var values = new string?[headers.Count];
        string? problem = null;
        if (feature.TryGetProperty("geometry", out var geometry) && geometry.ValueKind == JsonValueKind.Object)
        {
            values[0] = geometry.GetRawText();
        }

        if (feature.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                if (!columns.TryGetValue(property.Name, out var index))
                {
                    index = headers.Count;
                    headers.Add(property.Name);
                    columns[property.Name] = index;
                    Array.Resize(ref values, headers.Count);
                }

                values[index] = property.Value.ValueKind switch
                {
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => property.Value.GetRawText(),
                };
            }
        }
        else if (!feature.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "Feature")
        {
            problem = "Das Element ist kein GeoJSON-Feature.";
        }

        return new SourceRow(number, values, problem);
    }

    public ValueTask DisposeAsync() => counting.DisposeAsync();
}
