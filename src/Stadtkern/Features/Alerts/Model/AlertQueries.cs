using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Alerts.Model;

/// <summary>One alert as the public lists, feeds and the app see it.</summary>
internal sealed record PublicAlert(
    Guid Id,
    string Identifier,
    string Headline,
    string Event,
    string Severity,
    string Urgency,
    string Certainty,
    string Status,
    string MsgType,
    string AreaDesc,
    string State,
    DateTimeOffset Sent,
    DateTimeOffset? Effective,
    DateTimeOffset? Onset,
    DateTimeOffset? Expires,
    DateTimeOffset? PublishedAt,
    DateTimeOffset UpdatedAt,
    string Source,
    string? SourceProvider,
    int Version,
    string? Geometry,
    string CapXml)
{
    /// <summary>"active", "expired" or "cancelled" (public alerts are never pending or rejected).</summary>
    public string PublicState(DateTimeOffset now) =>
        State == AlertStates.Cancelled || MsgType == "Cancel" ? "cancelled"
        : Expires is { } expires && expires <= now ? "expired"
        : "active";
}

/// <summary>Reads of published alerts for the public pages, feeds and the JSON list (current tenant).</summary>
internal sealed class AlertQueries(StadtkernDb db, TimeProvider clock)
{
    /// <summary>How far back the public lists and feeds reach for alerts that are over.</summary>
    public static readonly TimeSpan RecentWindow = TimeSpan.FromDays(30);

    public const int MaxRecent = 50;

    /// <summary>Published alerts (active, or cancelled/expired within <see cref="RecentWindow"/>), newest first.</summary>
    public async Task<List<PublicAlert>> PublishedAsync(CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow() - RecentWindow;
        return await Published()
            .Where(a => a.State == AlertStates.Active || a.UpdatedAt >= since)
            .OrderByDescending(a => a.UpdatedAt)
            .Take(200)
            .Select(Project)
            .ToListAsync(cancellationToken);
    }

    public async Task<PublicAlert?> FindPublishedAsync(Guid id, CancellationToken cancellationToken) =>
        await Published().Where(a => a.Id == id).Select(Project).FirstOrDefaultAsync(cancellationToken);

    private IQueryable<Alert> Published() => db.Set<Alert>().AsNoTracking()
        .Where(a => (a.State == AlertStates.Active || a.State == AlertStates.Cancelled) && a.PublishedAt != null)
        .Where(a => a.Status == "Actual" || a.Status == "Exercise");

    private static readonly System.Linq.Expressions.Expression<Func<Alert, PublicAlert>> Project = a => new PublicAlert(
        a.Id, a.Identifier, a.Headline, a.Event, a.Severity, a.Urgency, a.Certainty, a.Status, a.MsgType, a.AreaDesc, a.State,
        a.Sent, a.Effective, a.Onset, a.Expires, a.PublishedAt, a.UpdatedAt, a.Source, a.SourceProvider, a.Version, a.Geometry, a.CapXml);

    /// <summary>The GeoJSON column as a JSON element for API responses (null when there is no geometry).</summary>
    public static JsonElement? GeometryJson(string? geometry)
    {
        if (string.IsNullOrEmpty(geometry))
        {
            return null;
        }

        using var document = JsonDocument.Parse(geometry);
        return document.RootElement.Clone();
    }
}
