using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Alerts.Streaming;

/// <summary>
/// <c>GET /alerts/stream</c> (and <c>/t/{slug}/alerts/stream</c>): the tenant's alert events as server-sent events. Event id =
/// alert_events.seq; <c>Last-Event-ID</c> (or <c>?lastEventId=</c> for clients that cannot set headers) first replays every
/// event of the tenant after that id from the database, then the stream continues live from the in-process hub.
/// </summary>
internal static partial class StreamAlerts
{
    private static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/alerts/stream", HandleAsync)
            .WithName("StreamAlerts")
            .WithSummary("Warnungen als Server-Sent Events (text/event-stream) mit Last-Event-ID-Wiederaufnahme.")
            .WithTags("Alerts")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> HandleAsync(
        HttpContext http,
        TenantContext tenants,
        AlertStreamHub hub,
        AlertEventReader reader,
        IOptions<AlertStreamOptions> options,
        ILoggerFactory loggers,
        CancellationToken ct)
    {
        var tenant = tenants.Current;
        if (tenant is null || !tenant.Has(Module.Alerts) || !await reader.StreamEnabledAsync(tenant, ct))
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: "This municipality offers no live alert stream.");
        }

        var resumeText = http.Request.Headers["Last-Event-ID"].ToString();
        if (resumeText.Length == 0)
        {
            resumeText = http.Request.Query["lastEventId"].ToString();
        }

        long? resumeAfter = null;
        if (resumeText.Length > 0)
        {
            if (!long.TryParse(resumeText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return TypedResults.Problem(statusCode: 400, title: "Invalid Last-Event-ID", detail: "Last-Event-ID must be the id (a whole number) of an event of this stream.");
            }

            resumeAfter = parsed;
        }

        var settings = options.Value;
        var stream = hub.For(tenant.Id);
        var response = http.Response;
        response.Headers.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-transform";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var connected = hub.Connect();
        try
        {
            // Live position first, then the replay: what arrives meanwhile is in the ring and not lost; seqs the replay
            // already sent are skipped.
            var position = stream.Position;
            var sent = new HashSet<long>();
            await WriteAsync(response, Encoding.ASCII.GetBytes("retry: " + settings.RetryMilliseconds.ToString(CultureInfo.InvariantCulture) + "\n\n"), ct);
            if (resumeAfter is { } after)
            {
                await ReplayAsync(response, reader, tenant, after, settings.MaxResumeEvents, sent, ct);
            }

            var lastSeq = resumeAfter ?? -1;
            var first = true;
            while (!ct.IsCancellationRequested)
            {
                var changed = stream.Changed;
                var (events, next, missed) = stream.Since(position);
                position = next;
                if (missed && lastSeq >= 0)
                {
                    // This connection fell a whole ring behind (a stalled client): fill the hole from the database.
                    await ReplayAsync(response, reader, tenant, lastSeq, settings.MaxResumeEvents, sent, ct);
                }

                var wrote = false;
                foreach (var e in events)
                {
                    if (sent.Count > 0 && sent.Contains(e.Seq))
                    {
                        continue;
                    }

                    await response.BodyWriter.WriteAsync(e.Frame, ct);
                    lastSeq = Math.Max(lastSeq, e.Seq);
                    wrote = true;
                }

                if (wrote)
                {
                    await response.BodyWriter.FlushAsync(ct);
                }
                else if (!first)
                {
                    await WriteAsync(response, KeepAlive, ct); // woken by the heartbeat
                }

                first = false;

                await changed.WaitAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the client went away
        }
        catch (IOException e)
        {
            LogClientGone(loggers.CreateLogger("Stadtkern.Features.Alerts.Streaming"), e.Message);
        }

        return TypedResults.Empty;
    }

    private static async Task ReplayAsync(HttpResponse response, AlertEventReader reader, TenantInfo tenant, long after, int max, HashSet<long> sent, CancellationToken ct)
    {
        var missed = await reader.ReadTenantAsync(tenant, after, max, ct);
        foreach (var e in missed)
        {
            if (sent.Add(e.Seq))
            {
                await response.BodyWriter.WriteAsync(e.Frame, ct);
            }
        }

        await response.BodyWriter.FlushAsync(ct);
    }

    private static async Task WriteAsync(HttpResponse response, byte[] bytes, CancellationToken ct)
    {
        await response.BodyWriter.WriteAsync(bytes, ct);
        await response.BodyWriter.FlushAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Alert stream: the client connection ended ({Reason})")]
    private static partial void LogClientGone(ILogger logger, string reason);
}
