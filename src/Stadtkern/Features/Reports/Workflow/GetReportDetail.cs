using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Reports.Workflow;

internal sealed record ReportContact(string? Email, string? FirstName, string? LastName, string? Phone, string? DeviceId);

internal sealed record ReportPhoto(Guid Id, string ContentType, int? Width, int? Height, bool Released, string? ReleasedBy, string? ExternalUrl);

internal sealed record ReportHistoryEntry(long Id, DateTimeOffset At, string Actor, string Kind, string? From, string? To, string? Text, bool IsPublic);

/// <summary>Everything staff see about one report, personal contact included.</summary>
internal sealed record ReportDetail(
    long Id, string Token, string Status, string? StatusNotes, string Description, string? ServiceCode, string? ServiceName, int? SlaDays,
    double? Lat, double? Lon, string? Address, string? Zipcode, string? District, string? Attributes, ReportContact Contact,
    string? Department, string? DepartmentName, string? RoutingMode, double? RoutingConfidence, IReadOnlyList<RoutingSuggestionView> Suggestions,
    DateTimeOffset RequestedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ExpectedAt, DateTimeOffset? ClosedAt, DateTimeOffset? DueAt, bool Overdue,
    long? DuplicateOf, IReadOnlyList<long> Duplicates, string Source, string? ExternalId, string? ServiceNotice,
    IReadOnlyList<string> NextStatuses, IReadOnlyList<ReportPhoto> Photos, IReadOnlyList<ReportHistoryEntry> History);

/// <summary>Loads a report with its photos (metadata, not bytes), its full history and its merged duplicates.</summary>
internal sealed class GetReportDetail(StadtkernDb db, TimeProvider clock)
{
    public async Task<ReportDetail?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var r = await db.Set<Report>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (r is null)
        {
            return null;
        }

        var lookups = await ReportLookups.LoadAsync(db, cancellationToken);
        var photos = await db.Set<ReportMedia>().AsNoTracking().Where(m => m.ReportId == id).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Select(m => new { m.Id, m.ContentType, m.Width, m.Height, m.Released, m.ReleasedBy, Url = m.ContentType == ReportMediaTypes.ExternalUrl ? m.Content : null })
            .ToListAsync(cancellationToken);
        var history = await db.Set<ReportEvent>().AsNoTracking().Where(e => e.ReportId == id).OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new ReportHistoryEntry(e.Id, e.At, e.Actor, e.Kind, e.FromValue, e.ToValue, e.Text, e.IsPublic))
            .ToListAsync(cancellationToken);
        var duplicates = await db.Set<Report>().AsNoTracking().Where(x => x.DuplicateOf == id).OrderBy(x => x.Id).Select(x => x.Id).ToListAsync(cancellationToken);
        var service = lookups.Service(r.ServiceId);
        var department = lookups.Department(r.DepartmentId);
        return new ReportDetail(
            r.Id, r.Token, r.Status, r.StatusNotes, r.Description, service?.Code, service?.Name, service?.SlaDays,
            r.Lat, r.Lon, r.Address, r.Zipcode, r.District, r.Attributes, new ReportContact(r.Email, r.FirstName, r.LastName, r.Phone, r.DeviceId),
            department?.Key, department?.Name, r.RoutingMode, r.RoutingConfidence, lookups.Suggestions(r.RoutingSuggestions),
            r.RequestedAt, r.UpdatedAt, r.ExpectedAt, r.ClosedAt, Sla.DueAt(r.RequestedAt, service?.SlaDays),
            Sla.IsOverdue(r.Status, r.RequestedAt, service?.SlaDays, clock.GetStoredNow()),
            r.DuplicateOf, duplicates, r.Source, r.ExternalId, r.ServiceNotice,
            StatusTransitions.Targets(r.Status, r.DuplicateOf is not null),
            [.. photos.Select(m => new ReportPhoto(m.Id, m.ContentType, m.Width, m.Height, m.Released, m.ReleasedBy,
                m.Url is null ? null : System.Text.Encoding.UTF8.GetString(m.Url)))],
            history);
    }

    /// <summary>The bytes of a stored photo for staff (any photo, released or not); null for unknown ids and external URLs.</summary>
    public async Task<(string ContentType, byte[] Content)?> PhotoAsync(long reportId, Guid mediaId, CancellationToken cancellationToken)
    {
        var media = await db.Set<ReportMedia>().AsNoTracking()
            .Where(m => m.Id == mediaId && m.ReportId == reportId && m.ContentType != ReportMediaTypes.ExternalUrl)
            .Select(m => new { m.ContentType, m.Content })
            .FirstOrDefaultAsync(cancellationToken);
        return media is null ? null : (media.ContentType, media.Content);
    }
}
