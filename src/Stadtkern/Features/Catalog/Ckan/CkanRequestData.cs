using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Stadtkern.Features.Catalog.Ckan;

/// <summary>A request whose data CKAN would refuse: rendered as CKAN's plain <c>"Bad request - ..."</c> string with 400.</summary>
internal sealed class CkanBadRequestException(string message) : Exception(message);

/// <summary>
/// Reads an action call's parameters the way CKAN does: the query string for read actions, a JSON body,
/// form fields (a form whose only key is JSON counts as that JSON, as CKAN's JavaScript sends it) or
/// multipart fields plus uploaded files.
/// </summary>
internal static class CkanRequestData
{
    /// <summary>Largest JSON or form body without a file, in bytes.</summary>
    public const long MaxJsonBytes = 20L * 1024 * 1024;

    public static async Task<(JsonObject Parameters, IFormFileCollection? Files)> ReadAsync(
        HttpRequest request, bool sideEffectFree, CancellationToken cancellationToken)
    {
        if (!sideEffectFree && HttpMethods.IsGet(request.Method))
        {
            throw new CkanBadRequestException("JSON Error: Invalid request. Please use POST method for your request");
        }

        JsonObject parameters;
        IFormFileCollection? files = null;
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            var multipart = request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true;
            var maxUpload = request.HttpContext.RequestServices.GetRequiredService<IOptions<CatalogOptions>>().Value.MaxUploadBytes;
            var limit = multipart ? maxUpload + MaxJsonBytes : MaxJsonBytes;
            if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = limit;
            }

            var form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit, ValueLengthLimit = (int)MaxJsonBytes }, cancellationToken);
            files = form.Files.Count > 0 ? form.Files : null;
            parameters = FromForm(form);
        }
        else
        {
            parameters = await FromBodyAsync(request, cancellationToken) ?? new JsonObject();
            if (parameters.Count == 0 && sideEffectFree && request.Query.Count > 0)
            {
                parameters = FromPairs(request.Query);
            }
        }

        // CKAN drops JSONP's callback (and with it the caller's identity); Stadtkern serves no JSONP.
        parameters.Remove("callback");
        return (parameters, files);
    }

    private static JsonObject FromForm(IFormCollection form)
    {
        if (form.Files.Count == 0 && form.Count == 1 && form.First() is var only && (only.Value == "" || only.Value == "1"))
        {
            return ParseObject(only.Key);
        }

        return FromPairs(form);
    }

    private static JsonObject FromPairs(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> pairs)
    {
        var result = new JsonObject();
        foreach (var (key, values) in pairs)
        {
            result[key] = values.Count == 1
                ? JsonValue.Create(values[0])
                : new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
        }

        return result;
    }

    private static async Task<JsonObject?> FromBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (HttpMethods.IsGet(request.Method))
        {
            return FromPairs(request.Query);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxJsonBytes)
            {
                throw new CkanBadRequestException($"JSON Error: Request data is larger than {MaxJsonBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0 || buffer.ToArray().All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
        {
            return null;
        }

        return ParseObject(buffer.ToArray());
    }

    private static JsonObject ParseObject(string text) => ParseObject(System.Text.Encoding.UTF8.GetBytes(text));

    private static JsonObject ParseObject(byte[] utf8)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new CkanBadRequestException($"JSON Error: Error decoding JSON data. Error: {e.Message}");
        }

        return node as JsonObject ?? throw new CkanBadRequestException(
            $"Bad request data: Request data JSON decoded to {Shorten(node?.ToJsonString() ?? "null")} but it needs to be a dictionary.");
    }

    private static string Shorten(string text) => text.Length > 100 ? text[..100] + "..." : text;
}
