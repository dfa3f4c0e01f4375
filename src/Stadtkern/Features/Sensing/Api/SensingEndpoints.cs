using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stadtkern.Features.Sensing.Access;
using Stadtkern.Features.Sensing.Ingest;
using Stadtkern.Features.Sensing.Query;
using Stadtkern.Features.Sensing.Schema;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Sensing.Api;

/// <summary>What the service root document announces; other sensing parts add their conformance classes (MQTT, dataArray create).</summary>
public sealed class SensingServerSettings
{
    public List<string> Conformance { get; } = [];
}

/// <summary>The SensorThings API at <c>/v1.1</c> (and <c>/t/{slug}/v1.1</c>): service root, reads, writes and links.</summary>
internal static class SensingEndpoints
{
    public const string ConformanceBase = "http://www.opengis.net/spec/iot_sensing/1.1/req/";

    private static readonly string[] Methods = ["GET", "POST", "PATCH", "PUT", "DELETE"];

    /// <summary>Duplicate member names are refused (as a JSON error, 400) instead of failing later.</summary>
    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false };

    public static IEndpointRouteBuilder MapSensingApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/" + SensingLinks.Version, Root)
            .WithName("SensingServiceRoot").WithSummary("SensorThings API 1.1: service root with entity sets and conformance classes").WithTags("Sensing");
        endpoints.MapMethods("/" + SensingLinks.Version + "/{**path}", Methods, Handle)
            .WithName("SensingResource").WithSummary("SensorThings API 1.1: entity sets, entities, navigation, $ref, create/update/delete").WithTags("Sensing");
        return endpoints;
    }

    private static JsonObject RootDocument(SensingLinks links, SensingServerSettings settings, ISensingFilterTranslator filters)
    {
        var conformance = new List<string>
        {
            ConformanceBase + "datamodel",
            ConformanceBase + "resource-path/resource-path-to-entities",
            ConformanceBase + "create-update-delete",
            ConformanceBase + "batch-request/batch-request",
            ConformanceBase + "request-data",
        };

        conformance.AddRange(settings.Conformance.Where(c => !conformance.Contains(c, StringComparer.Ordinal)));
        return new JsonObject
        {
            ["value"] = new JsonArray(SensingSchema.Sets.Values.Select(s => (JsonNode)new JsonObject { ["name"] = s.Name, ["url"] = $"{links.Root}/{s.Name}" }).ToArray()),
            ["serverSettings"] = new JsonObject { ["conformance"] = new JsonArray(conformance.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()) },
        };
    }

    private static Task Root(HttpContext context, TenantContext tenant, IServiceProvider services) =>
        Handle(context, tenant, services);

    private static async Task Handle(HttpContext context, TenantContext tenant, IServiceProvider services)
    {
        var rest = context.Request.Path.Value!.Length > SensingLinks.Version.Length + 1 ? context.Request.Path.Value[(SensingLinks.Version.Length + 1)..] : "";
        var pairs = context.Request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))).ToList();
        SensingResponse response;
        try
        {
            JsonObject? body = null;
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsDelete(context.Request.Method))
            {
                var node = await JsonNode.ParseAsync(context.Request.Body, documentOptions: StrictJson, cancellationToken: context.RequestAborted);
                body = node as JsonObject ?? throw SensingException.BadRequest("The body must be a JSON object.");
            }

            var executor = new SensingRequestExecutor(context, tenant, services, answerOnly: true);
            response = rest == "/$batch" && HttpMethods.IsPost(context.Request.Method)
                ? await executor.BatchAsync(body!)
                : await executor.ExecuteAsync(context.Request.Method, rest, pairs, body);
        }
        catch (Exception e) when (Refusal(e) is { } refusal && !context.Response.HasStarted)
        {
            response = SensingResponse.Error(refusal.Status, refusal.Message);
            if (e is IngestOverloadedException overloaded)
            {
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(overloaded.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }
        }

        context.Response.StatusCode = response.Status;
        if (response.Status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        if (response.Location is { } location)
        {
            context.Response.Headers.Location = location;
        }

        if (response.Text is { } text)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(text, context.RequestAborted);
        }
        else if (response.Json is { } json)
        {
            await JsonAnswer.WriteAsync(context.Response, json, context.RequestAborted);
        }
    }

    /// <summary>One answer of the API: status, and a JSON body or raw text, and the location of a created entity.</summary>
    internal sealed record SensingResponse(int Status, JsonNode? Json = null, string? Text = null, string? Location = null)
    {
        public static SensingResponse Error(int status, string message) => new(status, SensingErrors.Body(status, message));
    }

    /// <summary>
    /// Runs one request (or each request of a batch) against the readers and writers of the current scope. With
    /// <paramref name="answerOnly"/>, a read's JSON may hold entities as written bytes valid until the scope ends
    /// (<see cref="ReadEntities.AnswerAsync"/>): right for the request's own answer, not for a batch part, whose scope ends first.
    /// </summary>
    private sealed class SensingRequestExecutor(HttpContext context, TenantContext tenant, IServiceProvider services, bool answerOnly)
    {
        private const int MaxBatchRequests = 1000;

        private readonly SensingOptions limits = services.GetRequiredService<IOptions<SensingOptions>>().Value;
        private readonly SensingLinks links = SensingLinks.For(context.Request);

        public async Task<SensingResponse> ExecuteAsync(string method, string rest, IReadOnlyList<KeyValuePair<string, string>> pairs, JsonObject? body)
        {
            if (tenant.Current is null)
            {
                throw SensingException.NotFound("No tenant is served here.");
            }

            var cancellationToken = context.RequestAborted;
            if (rest is "" or "/")
            {
                return HttpMethods.IsGet(method)
                    ? new SensingResponse(StatusCodes.Status200OK, RootDocument(links, services.GetRequiredService<IOptions<SensingServerSettings>>().Value,
                        services.GetRequiredService<ISensingFilterTranslator>()))
                    : throw new SensingException(StatusCodes.Status405MethodNotAllowed, "The service root is read-only.");
            }

            var path = SensingPath.Parse(rest);
            var caller = SensingCaller.From(context.User);
            var reader = services.GetRequiredService<ReadEntities>();
            if (HttpMethods.IsGet(method))
            {
                var query = QueryOptions.Parse(pairs, path.Last.Set, limits);
                var visibility = new SensingVisibility(caller, tenant.TenantId);
                var result = answerOnly
                    ? await reader.AnswerAsync(path, query, visibility, links, rest, cancellationToken)
                    : await reader.ReadAsync(path, query, visibility, links, rest, cancellationToken);
                return result switch
                {
                    string text => new SensingResponse(StatusCodes.Status200OK, Text: text),
                    JsonNode json => new SensingResponse(StatusCodes.Status200OK, json),
                    _ => new SensingResponse(StatusCodes.Status204NoContent),
                };
            }

            if (!caller.CanWrite)
            {
                throw caller.IsSignedIn
                    ? new SensingException(StatusCodes.Status403Forbidden, "Writing needs the role app, data-steward or admin in this tenant.")
                    : new SensingException(StatusCodes.Status401Unauthorized, "Writing needs an API token (Authorization: Bearer ...).");
            }

            var writer = services.GetRequiredService<WriteEntities>();
            try
            {
                if (HttpMethods.IsDelete(method))
                {
                    await (path.Ref ? writer.UnlinkAsync(path, cancellationToken) : writer.DeleteAsync(path, cancellationToken));
                    return new SensingResponse(StatusCodes.Status200OK);
                }

                if (!HttpMethods.IsPost(method) && !HttpMethods.IsPatch(method) && !HttpMethods.IsPut(method))
                {
                    throw new SensingException(StatusCodes.Status405MethodNotAllowed, $"{method} is not supported.");
                }

                if (body is null)
                {
                    throw SensingException.BadRequest("The request needs a JSON body.");
                }

                if (path.Ref)
                {
                    await writer.LinkAsync(path, body, toOne: HttpMethods.IsPut(method), cancellationToken);
                    return new SensingResponse(StatusCodes.Status204NoContent);
                }

                var (set, id, isNew) = HttpMethods.IsPost(method)
                    ? await writer.CreateAsync(path, body, cancellationToken)
                    : await writer.UpdateAsync(path, body, replace: HttpMethods.IsPut(method), cancellationToken) is var (s, i) ? (s, i, false) : default;
                var written = SensingPath.Parse($"/{set.Name}({id.ToString(CultureInfo.InvariantCulture)})");
                var entity = (JsonNode)(await reader.ReadAsync(written, QueryOptions.Parse([], set, limits), SensingVisibility.Everything(tenant.TenantId), links, "", cancellationToken))!;
                // A repeated Observation (same Datastream, time and result) is stored once: the original is answered with 200.
                return new SensingResponse(isNew ? StatusCodes.Status201Created : StatusCodes.Status200OK, entity,
                    Location: HttpMethods.IsPost(method) ? links.Entity(set.Name, id) : null);
            }
            finally
            {
                // Ingest caches (MQTT datastreams, LoRaWAN devices) reload after any change of the tenant's entities (a new
                // Observation changes none of what they hold); so do this instance's access decisions, before the answer
                // (other instances forget theirs when the trigger's notification arrives).
                if (!HttpMethods.IsPost(method) || path.Ref || path.Last.Set != SensingSchema.Observations)
                {
                    services.GetRequiredService<SensingEntityVersions>().Changed(tenant.TenantId);
                    services.GetRequiredService<DatastreamAccessCache>().Invalidate();
                }
            }
        }

        /// <summary>
        /// <c>POST /v1.1/$batch</c> in the JSON batch format of OData 4.01: requests run in order, each with its own outcome; a later
        /// request may refer to an entity created by an earlier one as <c>$id</c> in its URL. Atomicity groups are not supported.
        /// </summary>
        public async Task<SensingResponse> BatchAsync(JsonObject body)
        {
            if (body["requests"] is not JsonArray requests)
            {
                throw SensingException.BadRequest("A batch needs a 'requests' array.");
            }

            if (requests.Count > MaxBatchRequests)
            {
                throw SensingException.BadRequest($"A batch may hold at most {MaxBatchRequests.ToString(CultureInfo.InvariantCulture)} requests.");
            }

            var created = new Dictionary<string, string>(StringComparer.Ordinal);
            var responses = new JsonArray();
            foreach (var node in requests)
            {
                var request = node as JsonObject ?? throw SensingException.BadRequest("Each batch request must be a JSON object.");
                if (request.ContainsKey("atomicityGroup"))
                {
                    throw SensingException.BadRequest("Atomicity groups are not supported in batch requests.");
                }

                var id = request["id"]?.ToString();
                SensingResponse response;
                try
                {
                    var method = (request["method"]?.ToString() ?? throw SensingException.BadRequest("A batch request needs a method.")).ToUpperInvariant();
                    var url = Resolve(request["url"]?.ToString() ?? throw SensingException.BadRequest("A batch request needs a url."), created);
                    var question = url.IndexOf('?', StringComparison.Ordinal);
                    var rest = question < 0 ? url : url[..question];
                    var pairs = question < 0
                        ? []
                        : Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(url[question..])
                            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))).ToList();
                    var itemBody = request["body"] is null ? null : request["body"] as JsonObject ?? throw SensingException.BadRequest("A batch request's body must be a JSON object.");
                    // Each request in its own scope (own database context), so a failed one leaves nothing behind for the next.
                    await using var scope = services.CreateAsyncScope();
                    var scopeTenant = scope.ServiceProvider.GetRequiredService<TenantContext>();
                    scopeTenant.Set(tenant.Required);
                    response = await new SensingRequestExecutor(context, scopeTenant, scope.ServiceProvider, answerOnly: false)
                        .ExecuteAsync(method, rest, pairs, itemBody?.DeepClone().AsObject());
                }
                catch (Exception e) when (Refusal(e) is { } refusal)
                {
                    response = SensingResponse.Error(refusal.Status, refusal.Message);
                }

                if (id is not null && response.Location is { } location)
                {
                    created[id] = location[links.Root.Length..];
                }

                var answer = new JsonObject { ["id"] = id, ["status"] = response.Status };
                if (response.Location is { } createdAt)
                {
                    answer["headers"] = new JsonObject { ["location"] = createdAt };
                }

                if (response.Json is { } json)
                {
                    answer["body"] = json;
                }
                else if (response.Text is { } text)
                {
                    answer["body"] = text;
                }

                responses.Add(answer);
            }

            return new SensingResponse(StatusCodes.Status200OK, new JsonObject { ["responses"] = responses });
        }

        /// <summary>A batch URL relative to the service root (<c>Things</c>, <c>/v1.1/Things</c>, an absolute URL, or <c>$1/Datastreams</c>).</summary>
        private string Resolve(string url, Dictionary<string, string> created)
        {
            if (url.StartsWith(links.Root, StringComparison.Ordinal))
            {
                url = url[links.Root.Length..];
            }
            else if (url.StartsWith("/" + SensingLinks.Version + "/", StringComparison.Ordinal))
            {
                url = url[(SensingLinks.Version.Length + 1)..];
            }
            else if (url.StartsWith(SensingLinks.Version + "/", StringComparison.Ordinal))
            {
                url = url[SensingLinks.Version.Length..];
            }

            if (url.StartsWith('$'))
            {
                var end = url.IndexOfAny(['/', '?']);
                var reference = end < 0 ? url[1..] : url[1..end];
                url = (created.TryGetValue(reference, out var target) ? target : throw SensingException.BadRequest($"No earlier request created '${reference}'."))
                    + (end < 0 ? "" : url[end..]);
            }

            return url.StartsWith('/') ? url : "/" + url;
        }
    }

    /// <summary>The status and message for an exception that is the client's doing (or overload); null for real faults.</summary>
    private static (int Status, string Message)? Refusal(Exception e) => e switch
    {
        SensingException s => (s.Status, s.Message),
        SensingQueryException q => (StatusCodes.Status400BadRequest, q.Message),
        SensingQueryTimeoutException t => (StatusCodes.Status503ServiceUnavailable, t.Message),
        IngestOverloadedException o => (StatusCodes.Status503ServiceUnavailable, o.Message),
        JsonException => (StatusCodes.Status400BadRequest, "The body is not valid JSON."),
        BadHttpRequestException b => (b.StatusCode, b.Message),
        DbUpdateException { InnerException: DbException db } => Constraint(db),
        DbException db => Constraint(db),
        _ => null,
    };

    private static (int, string)? Constraint(DbException db) => db.SqlState switch
    {
        // PostgreSQL: class 23 integrity violations, class 22 bad data (an invalid geometry for PostGIS).
        { } state when state.StartsWith("23", StringComparison.Ordinal) => (StatusCodes.Status409Conflict, "The change conflicts with existing data."),
        { } state when state.StartsWith("22", StringComparison.Ordinal) || state == "XX000" => (StatusCodes.Status400BadRequest, "A value cannot be stored: " + db.Message),
        // SQLite reports constraint violations with its error code 19 and no SQL state.
        null when db.ErrorCode == 19 || db.Message.Contains("constraint", StringComparison.OrdinalIgnoreCase) => (StatusCodes.Status409Conflict, "The change conflicts with existing data."),
        _ => null,
    };
}
