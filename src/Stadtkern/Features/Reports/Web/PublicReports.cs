using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Reports.Web;

/// <summary>A report as the public sees it: no personal fields, only released photos.</summary>
internal sealed record PublicReport(
    long Id, string? Service, string Status, string Description, string? Address, double? Lat, double? Lon,
    DateTimeOffset RequestedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ExpectedAt, string? StatusNotes, string? Agency, IReadOnlyList<Guid> Photos);

internal sealed record PublicEvent(DateTimeOffset At, string Kind, string? ToValue, string? Text);

/// <summary>Reads reports for the citizen pages.</summary>
internal sealed class PublicReports(StadtkernDb db)
{
    public async Task<IReadOnlyList<PublicReport>> RecentAsync(int limit, CancellationToken cancellationToken)
    {
        var reports = await db.Set<Report>().AsNoTracking().Where(r => r.Source != ReportSources.Import)
            .OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id).Take(limit).ToListAsync(cancellationToken);
        return await MapAsync(reports, cancellationToken);
    }

    public async Task<(PublicReport Report, IReadOnlyList<PublicEvent> Events)?> TrackAsync(string token, CancellationToken cancellationToken)
    {
        var report = await db.Set<Report>().AsNoTracking().FirstOrDefaultAsync(r => r.Token == token, cancellationToken);
        if (report is null)
        {
            return null;
        }

        var events = await db.Set<ReportEvent>().AsNoTracking().Where(e => e.ReportId == report.Id && e.IsPublic)
            .OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new PublicEvent(e.At, e.Kind, e.ToValue, e.Text)).ToListAsync(cancellationToken);
        return ((await MapAsync([report], cancellationToken))[0], events);
    }

    public Task<List<ReportService>> ServicesAsync(CancellationToken cancellationToken) =>
        db.Set<ReportService>().AsNoTracking().Where(s => s.Active).OrderBy(s => s.GroupName).ThenBy(s => s.Name).ToListAsync(cancellationToken);

    private async Task<IReadOnlyList<PublicReport>> MapAsync(List<Report> reports, CancellationToken cancellationToken)
    {
        var services = await db.Set<ReportService>().AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        var ids = reports.Select(r => r.Id).ToList();
        var photos = (await db.Set<ReportMedia>().AsNoTracking()
                .Where(m => ids.Contains(m.ReportId) && m.Released && m.ContentType != ReportMediaTypes.ExternalUrl)
                .Select(m => new { m.ReportId, m.Id }).ToListAsync(cancellationToken))
            .GroupBy(m => m.ReportId).ToDictionary(g => g.Key, g => g.Select(m => m.Id).ToList());
        return [.. reports.Select(r => new PublicReport(
            r.Id,
            r.ServiceId is { } sid && services.TryGetValue(sid, out var name) ? name : null,
            r.Status,
            r.Description,
            r.Address,
            r.Lat,
            r.Lon,
            r.RequestedAt,
            r.UpdatedAt,
            r.ExpectedAt,
            r.StatusNotes,
            r.DepartmentId is { } did && departments.TryGetValue(did, out var agency) ? agency : null,
            photos.TryGetValue(r.Id, out var list) ? list : []))];
    }

    public static string StatusLabel(string status) => status switch
    {
        ReportStatus.Open => "Eingegangen",
        ReportStatus.InProgress => "In Bearbeitung",
        ReportStatus.Closed => "Erledigt",
        _ => status,
    };

    public static string EventLabel(PublicEvent e) => e.Kind switch
    {
        ReportEventKinds.Created => "Meldung eingegangen",
        ReportEventKinds.Status => "Status: " + StatusLabel(e.ToValue ?? ""),
        ReportEventKinds.Note => "Hinweis der Verwaltung",
        ReportEventKinds.Expected => "Voraussichtlich erledigt bis",
        ReportEventKinds.Merged => "Mit einer gleichen Meldung zusammengeführt",
        ReportEventKinds.MediaReleased => "Foto veröffentlicht",
        _ => "Bearbeitung",
    };

    private static readonly TimeZoneInfo Berlin = FindBerlin();

    public static string LocalTime(DateTimeOffset t) =>
        TimeZoneInfo.ConvertTime(t, Berlin).ToString("dd.MM.yyyy HH:mm", System.Globalization.CultureInfo.GetCultureInfo("de-DE"));

    private static TimeZoneInfo FindBerlin()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
