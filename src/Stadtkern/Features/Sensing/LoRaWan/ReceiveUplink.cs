using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Stadtkern.Features.Sensing.Ingest;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Sensing.LoRaWan;

/// <summary>
/// The webhook endpoints. Status codes are chosen for network servers, which retry on 5xx: a permanent problem (bad body,
/// unknown device, failing codec) is a 4xx problem document, only a full ingest queue is 503 with Retry-After.
/// </summary>
internal static partial class ReceiveUplink
{
    private const int MaxBodyCharacters = 1024 * 1024;

    public static Task<IResult> TheThingsStackAsync(HttpContext context, IngestUplink ingest, TenantContext tenant, TimeProvider clock, ILoggerFactory loggers) =>
        HandleAsync(context, ingest, tenant, clock, loggers, "tts", ReadTtsUplink.From);

    public static Task<IResult> ChirpStackAsync(HttpContext context, IngestUplink ingest, TenantContext tenant, TimeProvider clock, ILoggerFactory loggers, string? @event = null)
    {
        var logger = loggers.CreateLogger(typeof(ReceiveUplink));
        if (@event is not null && !string.Equals(@event, "up", StringComparison.OrdinalIgnoreCase))
        {
            LogIgnored(logger, "chirpstack", $"event={@event}");
            return Task.FromResult<IResult>(TypedResults.NoContent());
        }

        return HandleAsync(context, ingest, tenant, clock, loggers, "chirpstack", ReadChirpStackUplink.From);
    }

    private static async Task<IResult> HandleAsync(
        HttpContext context,
        IngestUplink ingest,
        TenantContext tenant,
        TimeProvider clock,
        ILoggerFactory loggers,
        string source,
        Func<JsonObject, DateTimeOffset, UplinkParse> read)
    {
        var logger = loggers.CreateLogger(typeof(ReceiveUplink));
        if (tenant.Current is null)
        {
            return Problem(StatusCodes.Status404NotFound, "Unknown tenant", "No tenant is served here.");
        }

        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"At most {MaxBodyCharacters} characters are accepted.");
        }

        if (UplinkJson.ParseObject(body, out var jsonProblem) is not { } json)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed uplink", jsonProblem!);
        }

        var parse = read(json, clock.GetUtcNow());
        if (parse.Ignored is not null)
        {
            LogIgnored(logger, source, parse.Ignored);
            return TypedResults.NoContent();
        }

        if (parse.Uplink is not { } uplink)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed uplink", parse.Problem!);
        }

        UplinkOutcome outcome;
        try
        {
            outcome = await ingest.IngestAsync(uplink, context.RequestAborted);
        }
        catch (IngestOverloadedException e)
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(e.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return Problem(StatusCodes.Status503ServiceUnavailable, "Ingest queue full", e.Message);
        }

        switch (outcome.Status)
        {
            case UplinkStatus.UnknownDevice:
                LogUnknownDevice(logger, source, uplink.DevEui);
                return Problem(StatusCodes.Status404NotFound, "Unknown device", outcome.Detail!, uplink);
            case UplinkStatus.CodecFailed:
                LogCodecFailed(logger, uplink.DevEui, uplink.FCnt, outcome.Detail!);
                return Problem(StatusCodes.Status422UnprocessableEntity, "Payload not decodable", outcome.Detail!, uplink);
            case UplinkStatus.Ingested:
            default:
                return TypedResults.Ok(new UplinkReceipt(
                    uplink.DevEui, uplink.FCnt, uplink.FPort, uplink.Identity, outcome.Stored, outcome.Duplicates, outcome.Rejected,
                    outcome.Missing, outcome.Warnings));
        }
    }

    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyCharacters * 4L)
        {
            return null;
        }

        // Read in small pieces: a webhook body is a few kB, and a buffer of the maximum size per request costs more than the rest.
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = new StringBuilder();
        var buffer = new char[8192];
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > MaxBodyCharacters)
            {
                return null;
            }
        }

        return text.ToString();
    }

    private static IResult Problem(int status, string title, string detail, Uplink? uplink = null) =>
        TypedResults.Problem(
            detail: detail,
            statusCode: status,
            title: title,
            extensions: uplink is null ? null : new Dictionary<string, object?> { ["devEui"] = uplink.DevEui, ["fCnt"] = uplink.FCnt });

    [LoggerMessage(Level = LogLevel.Information, Message = "LoRaWAN {Source}: message ignored ({Reason})")]
    private static partial void LogIgnored(ILogger logger, string source, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LoRaWAN {Source}: uplink from unknown device {DevEui}")]
    private static partial void LogUnknownDevice(ILogger logger, string source, string devEui);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LoRaWAN: codec of device {DevEui} failed on frame {FCnt}: {Detail}")]
    private static partial void LogCodecFailed(ILogger logger, string devEui, long fCnt, string detail);
}

/// <summary>The answer to a network server: what became of the uplink's bound values.</summary>
internal sealed record UplinkReceipt(
    string DevEui,
    long FCnt,
    int FPort,
    string Identity,
    int Stored,
    int Duplicates,
    int Rejected,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Warnings);
