using System.Text.Json.Nodes;

namespace Stadtkern.Features.Sensing.Api;

/// <summary>
/// A request the SensorThings API refuses: bad path, query or body (400), missing rights (401/403), unknown entity (404), wrong method
/// (405), conflict (409), overload or timeout (503). Thrown anywhere below the endpoint, written as SensorThings' error JSON.
/// </summary>
internal sealed class SensingException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    public static SensingException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    public static SensingException NotFound(string message = "Nothing found at this path.") => new(StatusCodes.Status404NotFound, message);
}

/// <summary>SensorThings' error body, as FROST-Server writes it: <c>{"code":400,"type":"error","message":"..."}</c>.</summary>
internal static class SensingErrors
{
    public static JsonObject Body(int status, string message) => new()
    {
        ["code"] = status,
        ["type"] = "error",
        ["message"] = message,
    };

    public static async Task WriteAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        await context.Response.WriteAsync(Body(status, message).ToJsonString(), context.RequestAborted);
    }
}
