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

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(http.Request.Body, default, ct);
        }
        catch (JsonException e)
        {
            return Error(StatusCodes.Status400BadRequest, "The body is not valid JSON: " + e.Message);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return Error(StatusCodes.Status400BadRequest, "The body must be a JSON array of DataArray groups.");
            }

            var key = http.Request.Headers["Idempotency-Key"].ToString();
            if (key.Length > 200)
            {
                return Error(StatusCodes.Status400BadRequest, "Idempotency-Key is longer than 200 characters.");
            }

            var now = clock.GetUtcNow();
            var parsed = ParseDataArray.Parse(document.RootElement, now);
            if (parsed.Error is { } error)
            {
                return Error(StatusCodes.Status400BadRequest, error);
            }

            if (parsed.Rows.Count > options.Value.MaxObservationsPerRequest)
            {
                return Error(StatusCodes.Status413PayloadTooLarge,
                    string.Create(CultureInfo.InvariantCulture, $"At most {options.Value.MaxObservationsPerRequest} observations per request."));
            }

            var writable = await datastreams.WritableAsync(parsed.Rows.Where(r => r.Observation is not null).Select(r => r.Observation!.DatastreamId).Distinct().ToList(), tenant.TenantId, ct);
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

            var self = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/v1.1/Observations(";
            var links = new string[parsed.Rows.Count];
            for (var i = 0; i < links.Length; i++)
            {
                links[i] = slot[i] >= 0 && result.Outcomes[slot[i]] != IngestOutcome.Rejected && result.ObservationIds[slot[i]] is { } id
                    ? self + id.ToString(CultureInfo.InvariantCulture) + ")"
                    : "error";
            }

            return TypedResults.Json(links, statusCode: StatusCodes.Status201Created);
        }
    }

    /// <summary>SensorThings' error JSON (as FROST answers).</summary>
    internal static IResult Error(int status, string message) =>
        TypedResults.Json(new JsonObject { ["code"] = status, ["type"] = "error", ["message"] = message }, statusCode: status);

    internal static bool IsKnownComponent(string component) => Known.Contains(component, StringComparer.Ordinal);
}
