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

    public static IEndpointRouteBuilder MapSensingApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/" + SensingLinks.Version, Root)
            .WithName("SensingServiceRoot").WithSummary("SensorThings API 1.1: service root with entity sets and conformance classes").WithTags("Sensing");
        endpoints.MapMethods("/" + SensingLinks.Version + "/{**path}", Methods, Handle)
            .WithName("SensingResource").WithSummary("SensorThings API 1.1: entity sets, entities, navigation, $ref, create/update/delete").WithTags("Sensing");
        return endpoints;
    }

    private static async Task Root(HttpContext context, IOptions<SensingServerSettings> settings, ISensingFilterTranslator filters, TenantContext tenant)
    {
        if (tenant.Current is null)
        {
            await SensingErrors.WriteAsync(context, StatusCodes.Status404NotFound, "No tenant is served here.");
            return;
        }

        var links = SensingLinks.For(context.Request);
        var conformance = new List<string>
        {
            ConformanceBase + "datamodel",
            ConformanceBase + "resource-path/resource-path-to-entities",
            ConformanceBase + "create-update-delete",
        };
        if (filters is not UnsupportedFilterTranslator)
        {
            conformance.Add(ConformanceBase + "request-data");
        }

        conformance.AddRange(settings.Value.Conformance.Where(c => !conformance.Contains(c, StringComparer.Ordinal)));
        var root = new JsonObject
        {
            ["value"] = new JsonArray(SensingSchema.Sets.Values.Select(s => (JsonNode)new JsonObject { ["name"] = s.Name, ["url"] = $"{links.Root}/{s.Name}" }).ToArray()),
            ["serverSettings"] = new JsonObject { ["conformance"] = new JsonArray(conformance.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()) },
        };
        await WriteJsonAsync(context, StatusCodes.Status200OK, root);
    }

    private static async Task Handle(HttpContext context, TenantContext tenant, IOptions<SensingOptions> options, IServiceProvider services)
    {
        try
        {
            if (tenant.Current is null)
            {
                throw SensingException.NotFound("No tenant is served here.");
            }

            var rest = context.Request.Path.Value![(SensingLinks.Version.Length + 1)..];
            if (rest is "" or "/")
            {
                await Root(context, services.GetRequiredService<IOptions<SensingServerSettings>>(), services.GetRequiredService<ISensingFilterTranslator>(), tenant);
                return;
            }

            if (rest == "/$batch")
            {
                throw new SensingException(StatusCodes.Status501NotImplemented, "Batch requests are not supported yet.");
            }

            var path = SensingPath.Parse(rest);
            var caller = SensingCaller.From(context.User);
            var links = SensingLinks.For(context.Request);
            var method = context.Request.Method;
            var reader = services.GetRequiredService<ReadEntities>();
            if (HttpMethods.IsGet(method))
            {
                var pairs = context.Request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))).ToList();
                var query = QueryOptions.Parse(pairs, path.Last.Set, options.Value);
                var result = await reader.ReadAsync(path, query, new SensingVisibility(caller, tenant.TenantId), links, rest, context.RequestAborted);
                switch (result)
                {
                    case null:
                        context.Response.StatusCode = StatusCodes.Status204NoContent;
                        break;
                    case string text:
                        context.Response.ContentType = "text/plain; charset=utf-8";
                        await context.Response.WriteAsync(text, context.RequestAborted);
                        break;
                    case JsonNode json:
                        await WriteJsonAsync(context, StatusCodes.Status200OK, json);
                        break;
                }

                return;
            }

            if (!caller.CanWrite)
            {
                throw caller.IsSignedIn
                    ? new SensingException(StatusCodes.Status403Forbidden, "Writing needs the role app, data-steward or admin in this tenant.")
                    : new SensingException(StatusCodes.Status401Unauthorized, "Writing needs an API token (Authorization: Bearer ...).");
            }

            var writer = services.GetRequiredService<WriteEntities>();
            var everything = SensingVisibility.Everything(tenant.TenantId);
            if (HttpMethods.IsDelete(method))
            {
                await (path.Ref ? writer.UnlinkAsync(path, context.RequestAborted) : writer.DeleteAsync(path, context.RequestAborted));
                context.Response.StatusCode = StatusCodes.Status200OK;
                return;
            }

            var body = await ReadBodyAsync(context);
            if (path.Ref)
            {
                await writer.LinkAsync(path, body, toOne: HttpMethods.IsPut(method), context.RequestAborted);
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }

            var (set, id) = HttpMethods.IsPost(method)
                ? await writer.CreateAsync(path, body, context.RequestAborted)
                : await writer.UpdateAsync(path, body, replace: HttpMethods.IsPut(method), context.RequestAborted);
            var created = SensingPath.Parse($"/{set.Name}({id.ToString(CultureInfo.InvariantCulture)})");
            var entity = await reader.ReadAsync(created, QueryOptions.Parse([], set, options.Value), everything, links, "", context.RequestAborted);
            if (HttpMethods.IsPost(method))
            {
                context.Response.Headers.Location = links.Entity(set.Name, id);
            }

            await WriteJsonAsync(context, HttpMethods.IsPost(method) ? StatusCodes.Status201Created : StatusCodes.Status200OK, (JsonNode)entity!);
        }
        catch (Exception e) when (Refusal(e) is { } refusal && !context.Response.HasStarted)
        {
            if (e is IngestOverloadedException overloaded)
            {
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(overloaded.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            await SensingErrors.WriteAsync(context, refusal.Status, refusal.Message);
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

    private static async Task<JsonObject> ReadBodyAsync(HttpContext context)
    {
        var node = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        return node as JsonObject ?? throw SensingException.BadRequest("The body must be a JSON object.");
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonNode json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(json.ToJsonString(), context.RequestAborted);
    }
}
