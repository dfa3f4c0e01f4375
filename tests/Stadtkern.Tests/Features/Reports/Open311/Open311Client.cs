using System.Net.Http.Headers;
using System.Text.Json;
using System.Xml.Linq;

namespace Stadtkern.Tests.Features.Reports.Open311;

/// <summary>What the Open311 tests send and read, the way Open311 clients do it: form posts, JSON arrays, XML documents.</summary>
internal static class Open311Client
{
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken ct) =>
        await client.PostAsync(path, new FormUrlEncodedContent(fields), ct);

    public static async Task<HttpResponseMessage> PostMultipartAsync(
        HttpClient client, string path, IEnumerable<KeyValuePair<string, string>> fields, IEnumerable<(string Name, string FileName, string ContentType, byte[] Content)> files, CancellationToken ct)
    {
        using var content = new MultipartFormDataContent();
        foreach (var (key, value) in fields)
        {
            content.Add(new StringContent(value), key);
        }

        foreach (var file in files)
        {
            var part = new ByteArrayContent(file.Content);
            part.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType);
            content.Add(part, file.Name, file.FileName);
        }

        return await client.PostAsync(path, content, ct);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<XDocument> XmlAsync(HttpResponseMessage response, CancellationToken ct) =>
        XDocument.Parse(await response.Content.ReadAsStringAsync(ct));

    public static List<KeyValuePair<string, string>> Fields(params (string Key, string Value)[] fields) =>
        [.. fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))];

    /// <summary>A valid pothole report in the demo city (attribute groesse is required there).</summary>
    public static List<KeyValuePair<string, string>> Pothole(string apiKey, string description = "Tiefes Schlagloch vor Hausnummer 12") => Fields(
        ("api_key", apiKey),
        ("service_code", "strassenschaden"),
        ("lat", "47.6633"),
        ("long", "9.1753"),
        ("address_string", "Marktstätte 12, 78462 Konstanz"),
        ("description", description),
        ("attribute[groesse]", "mittel"),
        ("email", "buerger@example.org"),
        ("first_name", "Erika"),
        ("last_name", "Mustermann"),
        ("phone", "+49 7531 12345"),
        ("device_id", "device-42"));

    public static string? Str(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : null;
}
