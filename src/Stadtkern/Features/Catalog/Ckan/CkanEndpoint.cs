using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authentication;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Files;
using Stadtkern.Platform.Accounts;

namespace Stadtkern.Features.Catalog.Ckan;

/// <summary>
/// <c>/api/3/action/{action}</c> and <c>/api/action/{action}</c>: dispatches to every registered
/// <see cref="ICkanAction"/> and answers in CKAN's envelope <c>{"help", "success", "result" | "error"}</c>
/// with CKAN's status codes.
/// </summary>
internal static partial class CkanEndpoint
{
    public const string ApiKeyHeader = "X-CKAN-API-Key";

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>The writer settings <see cref="Json"/> implies (compact, same encoder).</summary>
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = Json.Encoder };

    public static IEndpointRouteBuilder MapCkanActions(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/api/3/action/{action}", [HttpMethods.Get, HttpMethods.Post], HandleAsync)
            .WithTags("CKAN")
            .WithName("CkanAction")
            .WithSummary("CKAN Action API v3: package_search, package_show, package_create, resource_create (multipart upload), organization_list, datastore_search, ...")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status400BadRequest, contentType: "application/json")
            .Produces(StatusCodes.Status403Forbidden, contentType: "application/json")
            .Produces(StatusCodes.Status404NotFound, contentType: "application/json")
            .Produces(StatusCodes.Status409Conflict, contentType: "application/json");
        endpoints.MapMethods("/api/action/{action}", [HttpMethods.Get, HttpMethods.Post], HandleAsync)
            .WithTags("CKAN")
            .WithName("CkanActionUnversioned")
            .WithSummary("The CKAN Action API without the version segment (same as /api/3/action/{action}).");
        return endpoints;
    }

    private static async Task HandleAsync(string action, HttpContext http, IEnumerable<ICkanAction> actions, ILoggerFactory loggers)
    {
        var cancellationToken = http.RequestAborted;
        var handler = actions.FirstOrDefault(a => a.Name == action);
        if (handler is null)
        {
            await WriteAsync(http, StatusCodes.Status400BadRequest, JsonValue.Create($"Bad request - Action name not known: {action}"));
            return;
        }

        var help = $"{BaseUrl(http.Request)}/api/3/action/help_show?name={Uri.EscapeDataString(action)}";
        await AuthenticateApiKeyAsync(http);

        JsonObject parameters;
        IFormFileCollection? files;
        try
        {
            (parameters, files) = await CkanRequestData.ReadAsync(http.Request, handler.SideEffectFree, cancellationToken);
        }
        catch (CkanBadRequestException e)
        {
            await WriteAsync(http, StatusCodes.Status400BadRequest, JsonValue.Create("Bad request - " + e.Message));
            return;
        }
        catch (BadHttpRequestException e)
        {
            await WriteAsync(http, e.StatusCode, JsonValue.Create("Bad request - " + e.Message));
            return;
        }
        catch (Exception e) when (e is InvalidDataException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // A multipart body over the limits, or malformed (cut off before its closing boundary).
            await WriteAsync(http, StatusCodes.Status400BadRequest, JsonValue.Create("Bad request - " + e.Message));
            return;
        }

        var envelope = new JsonObject { ["help"] = help };
        CkanStreamedResult? streamed = null;
        int status;
        try
        {
            var result = await handler.ExecuteAsync(new CkanCall(parameters, CatalogCaller.From(http.User), http, files), cancellationToken);
            envelope["success"] = true;
            streamed = result as CkanStreamedResult;
            if (streamed is null)
            {
                envelope["result"] = result as JsonNode ?? JsonSerializer.SerializeToNode(result, Json);
            }

            status = StatusCodes.Status200OK;
        }
        catch (CkanException e)
        {
            envelope["success"] = false;
            envelope["error"] = Error(e);
            status = e.Status;
        }
        catch (FileTooLargeException e)
        {
            envelope["success"] = false;
            envelope["error"] = Error(CkanException.Validation("upload", e.Message));
            status = StatusCodes.Status409Conflict;
        }
        catch (BadHttpRequestException e)
        {
            // The body broke off or grew over the limit while an action streamed it (uploads).
            envelope["success"] = false;
            envelope["error"] = new JsonObject { ["__type"] = "Bad Request", ["message"] = e.Message };
            status = e.StatusCode;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ActionFailed(loggers.CreateLogger(typeof(CkanEndpoint)), e, action);
            envelope["success"] = false;
            envelope["error"] = new JsonObject { ["__type"] = "Internal Server Error", ["message"] = "Internal Server Error" };
            status = StatusCodes.Status500InternalServerError;
        }

        await WriteAsync(http, status, envelope, streamed);
    }

    /// <summary>CKAN's error dict: validation errors by field plus <c>__type</c>; other errors <c>__type</c> and <c>message</c>.</summary>
    internal static JsonObject Error(CkanException e)
    {
        var error = new JsonObject { ["__type"] = e.Type };
        if (e.Type == "Validation Error")
        {
            foreach (var (field, messages) in e.Fields)
            {
                error[field] = new JsonArray([.. messages.Select(m => (JsonNode?)JsonValue.Create(m))]);
            }
        }
        else
        {
            error["message"] = e.Message;
        }

        return error;
    }

    /// <summary>
    /// CKAN clients send the token either in <c>Authorization</c> (handled by the platform) or in
    /// <c>X-CKAN-API-Key</c>; the latter is checked here by the same token handler.
    /// </summary>
    private static async Task AuthenticateApiKeyAsync(HttpContext http)
    {
        if (http.Request.Headers.Authorization.Count > 0 || http.Request.Headers[ApiKeyHeader] is not [{ Length: > 0 } key])
        {
            return;
        }

        http.Request.Headers.Authorization = key.Trim();
        var result = await http.AuthenticateAsync(ApiTokenAuthenticationHandler.SchemeName);
        if (result.Succeeded)
        {
            http.User = result.Principal;
        }
    }

    internal static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    /// <summary>Writes the envelope (and a streamed result as its <c>result</c>) straight into the response body.</summary>
    private static async Task WriteAsync(HttpContext http, int status, JsonNode body, CkanStreamedResult? result = null)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json;charset=utf-8";
        await using var writer = new Utf8JsonWriter(http.Response.BodyWriter, WriterOptions);
        if (result is null)
        {
            body.WriteTo(writer, Json);
        }
        else
        {
            writer.WriteStartObject();
            foreach (var (name, value) in body.AsObject())
            {
                writer.WritePropertyName(name);
                if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    value.WriteTo(writer, Json);
                }
            }

            writer.WritePropertyName("result");
            result.WriteTo(writer, Json);
            writer.WriteEndObject();
        }

        await writer.FlushAsync(http.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "CKAN action {Action} failed")]
    private static partial void ActionFailed(ILogger logger, Exception exception, string action);
}
