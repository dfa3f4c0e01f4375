using System.Buffers;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Sensing.Ingest;

/// <summary>
/// <c>POST /v1.1/CreateObservations</c>, the SensorThings 1.1 DataArray extension: an array of
/// <c>{"Datastream":{"@iot.id":n},"components":[...],"dataArray":[[...],...]}</c>; the answer (201) lists, row by row in request
/// order, the created Observation's selfLink or <c>"error"</c>. A duplicate row (already stored) answers with the stored
/// Observation's selfLink. All rows of the request go to the writer as one request, so an <c>Idempotency-Key</c> covers the request.
/// </summary>
internal static class CreateObservations
{
    private static readonly string[] Known = ["id", "phenomenonTime", "resultTime", "result", "resultQuality", "validTime", "parameters", "FeatureOfInterest/id"];

    public static IEndpointRouteBuilder MapCreateObservations(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1.1/CreateObservations", HandleAsync)
            .WithName("CreateObservations").WithTags("SensorThings")
            .WithSummary("Creates many Observations at once (SensorThings DataArray extension); answers with one selfLink or \"error\" per row.")
            .Accepts<JsonArray>("application/json")
            .Produces<string[]>(StatusCodes.Status201Created);
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, ClaimsPrincipal user, TenantContext tenant, IObservationWriter writer,
        DatastreamGate datastreams, IOptions<IngestOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return Error(StatusCodes.Status401Unauthorized, "Creating observations needs an API token.");
        }

        if (!user.IsPlatformAdmin() && !user.IsInRole(Roles.App) && !user.IsInRole(Roles.DataSteward) && !user.IsInRole(Roles.Admin))
        {
            return Error(StatusCodes.Status403Forbidden, "Creating observations needs the role app, data-steward or admin in this tenant.");
        }

        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length > 200)
        {
            return Error(StatusCodes.Status400BadRequest, "Idempotency-Key is longer than 200 characters.");
        }

        // The body is read into a pooled buffer and parsed from its UTF-8 bytes (no document object model).
        var (body, length) = await ReadBodyAsync(http.Request, ct);
        ParseDataArray.Parsed parsed;
        try
        {
            parsed = ParseDataArray.Parse(body.AsSpan(0, length), clock.GetUtcNow());
        }
        catch (ParseDataArray.NotJsonException e)
        {
            return Error(StatusCodes.Status400BadRequest, "The body is not valid JSON: " + e.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }

        if (parsed.Error is { } error)
        {
            return Error(StatusCodes.Status400BadRequest, error);
        }

        if (parsed.Rows.Count > options.Value.MaxObservationsPerRequest)
        {
            return Error(StatusCodes.Status413PayloadTooLarge,
                string.Create(CultureInfo.InvariantCulture, $"At most {options.Value.MaxObservationsPerRequest} observations per request."));
        }

        var streams = new HashSet<long>();
        foreach (var row in parsed.Rows)
        {
            if (row.Observation is { } o)
            {
                streams.Add(o.DatastreamId);
            }
        }

        var writable = await datastreams.WritableAsync([.. streams], tenant.TenantId, ct);
        var accepted = new List<IncomingObservation>(parsed.Rows.Count);
        var slot = new int[parsed.Rows.Count];
        for (var i = 0; i < parsed.Rows.Count; i++)
        {
            var row = parsed.Rows[i];
            if (row.Observation is { } o && writable.Contains(o.DatastreamId))
            {
                slot[i] = accepted.Count;
                accepted.Add(o);
            }
            else
            {
                slot[i] = -1;
            }
        }

        IngestResult result;
        try
        {
            result = await writer.WriteAsync(accepted, key.Length > 0 ? key : null, tenant.TenantId, ct);
        }
        catch (IngestOverloadedException e)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(e.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Error(StatusCodes.Status503ServiceUnavailable, "Too many observations are waiting to be written; retry later.");
        }

        var ids = new long?[parsed.Rows.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = slot[i] >= 0 && result.Outcomes[slot[i]] != IngestOutcome.Rejected ? result.ObservationIds[slot[i]] : null;
        }

        return new SelfLinks($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/v1.1/Observations(", ids);
    }

    private static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        var size = request.ContentLength is { } declared and >= 0 and < 64 * 1024 * 1024 ? (int)declared + 1 : 64 * 1024;
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), ct);
                if (read == 0)
                {
                    return (buffer, length);
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>
    /// The 201 answer, written straight into the response: one selfLink per row (<c>prefix + id + ")"</c>) or <c>"error"</c>,
    /// without a string per row.
    /// </summary>
    private sealed class SelfLinks(string prefix, long?[] ids) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status201Created;
            response.ContentType = "application/json; charset=utf-8";
            var start = JsonEncodedText.Encode(prefix).EncodedUtf8Bytes.ToArray();
            var output = response.BodyWriter;
            var pending = 0;
            WriteByte(output, (byte)'[');
            for (var i = 0; i < ids.Length; i++)
            {
                var span = output.GetSpan(start.Length + 24);
                var n = 0;
                if (i > 0)
                {
                    span[n++] = (byte)',';
                }

                if (ids[i] is { } id)
                {
                    span[n++] = (byte)'"';
                    start.CopyTo(span[n..]);
                    n += start.Length;
                    id.TryFormat(span[n..], out var digits, default, CultureInfo.InvariantCulture);
                    n += digits;
                    span[n++] = (byte)')';
                    span[n++] = (byte)'"';
                }
                else
                {
                    "\"error\""u8.CopyTo(span[n..]);
                    n += 7;
                }

                output.Advance(n);
                pending += n;
                if (pending > 32 * 1024)
                {
                    await output.FlushAsync(httpContext.RequestAborted);
                    pending = 0;
                }
            }

            WriteByte(output, (byte)']');
            await output.FlushAsync(httpContext.RequestAborted);
        }

        private static void WriteByte(System.IO.Pipelines.PipeWriter output, byte value)
        {
            output.GetSpan(1)[0] = value;
            output.Advance(1);
        }
    }

    /// <summary>SensorThings' error JSON (as FROST answers).</summary>
    internal static IResult Error(int status, string message) =>
        TypedResults.Json(new JsonObject { ["code"] = status, ["type"] = "error", ["message"] = message }, statusCode: status);

    internal static bool IsKnownComponent(string component) => Known.Contains(component, StringComparer.Ordinal);
}
