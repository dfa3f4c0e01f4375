using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Stadtkern.Features.Alerts.Model;

namespace Stadtkern.Features.Alerts.Api;

/// <summary>The JSON list for apps: active alerts (most severe first) and recent ones that are over (newest first).</summary>
internal static class ListAlerts
{
    public sealed record Item(
        Guid Id,
        string Identifier,
        string State,
        string Status,
        string Headline,
        string Event,
        string Severity,
        string Urgency,
        string Certainty,
        string AreaDesc,
        DateTimeOffset Sent,
        DateTimeOffset? Effective,
        DateTimeOffset? Onset,
        DateTimeOffset? Expires,
        DateTimeOffset? PublishedAt,
        DateTimeOffset UpdatedAt,
        int Version,
        string Source,
        string? SourceProvider,
        string Url,
        string CapUrl,
        JsonElement? Geometry);

    public sealed record Response(IReadOnlyList<Item> Active, IReadOnlyList<Item> Recent, DateTimeOffset Generated);

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/alerts", HandleAsync)
            .WithName("ListAlerts")
            .WithSummary("Active alerts and recent ones (cancelled or expired in the last 30 days), as JSON for apps.")
            .WithTags("Alerts");
        endpoints.MapGet("/alerts.json", HandleAsync)
            .WithName("ListAlertsJson")
            .WithSummary("The same list as GET /api/alerts.")
            .WithTags("Alerts");
    }

    private static async Task<Ok<Response>> HandleAsync(HttpContext context, AlertQueries queries, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var alerts = await queries.PublishedAsync(cancellationToken);
        var items = alerts.Select(a => ToItem(context.Request, a, now)).ToList();
        var active = items.Where(i => i.State == "active")
            .OrderBy(i => ActiveAlerts.SeverityRank(i.Severity)).ThenByDescending(i => i.PublishedAt).ToList();
        var recent = items.Where(i => i.State != "active").Take(AlertQueries.MaxRecent).ToList();
        context.Response.Headers.CacheControl = "public, max-age=5";
        return TypedResults.Ok(new Response(active, recent, now));
    }

    private static Item ToItem(HttpRequest request, PublicAlert a, DateTimeOffset now) => new(
        a.Id, a.Identifier, a.PublicState(now), a.Status, a.Headline, a.Event, a.Severity, a.Urgency, a.Certainty, a.AreaDesc,
        a.Sent, a.Effective, a.Onset, a.Expires, a.PublishedAt, a.UpdatedAt, a.Version, a.Source, a.SourceProvider,
        AlertLinks.Page(request, a.Id), AlertLinks.Cap(request, a.Id), AlertQueries.GeometryJson(a.Geometry));
}
