using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stadtkern.Features.Catalog.Ckan;

/// <summary>
/// An action result that <see cref="CkanEndpoint"/> writes straight into the response: a JSON object with the
/// properties of <paramref name="properties"/>, then <paramref name="arrayName"/> as an array of items that are already
/// serialised UTF-8 JSON (cached package dicts). The bytes on the wire are the same as for the equivalent node tree.
/// </summary>
internal sealed class CkanStreamedResult(JsonObject properties, string arrayName, IReadOnlyList<byte[]> items)
{
    public void WriteTo(Utf8JsonWriter writer, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in properties)
        {
            writer.WritePropertyName(name);
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.WriteTo(writer, options);
            }
        }

        writer.WritePropertyName(arrayName);
        writer.WriteStartArray();
        foreach (var item in items)
        {
            writer.WriteRawValue(item, skipInputValidation: true);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

}
