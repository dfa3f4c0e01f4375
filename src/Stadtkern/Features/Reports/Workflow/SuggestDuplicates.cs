using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Reports.Workflow;

/// <summary>A suggested duplicate as the API and the detail page show it.</summary>
internal sealed record DuplicateCandidate(long Id, string Status, string Description, string? Address, DateTimeOffset RequestedAt, double DistanceMeters, double HoursApart);

/// <summary>Finds reports of the same service, still open, near the report and around the same time (database prefilter by
/// box and window, then <see cref="DuplicateScoring"/>).</summary>
internal sealed class SuggestDuplicates(StadtkernDb db)
{
    public async Task<IReadOnlyList<DuplicateCandidate>?> SuggestAsync(long reportId, DuplicateWindow window, CancellationToken cancellationToken)
    {
        var report = await db.Set<Report>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == reportId, cancellationToken);
        if (report is null)
        {
            return null;
        }

        if (report.ServiceId is null || report.Lat is not { } lat || report.Lon is not { } lon)
        {
            return [];
        }

        var (dLat, dLon) = DuplicateScoring.Box(lat, window.RadiusMeters);
        var from = report.RequestedAt.AddDays(-window.Days);
        var to = report.RequestedAt.AddDays(window.Days);
        var nearby = await db.Set<Report>().AsNoTracking()
            .Where(r => r.Id != reportId && r.ServiceId == report.ServiceId && r.Status != ReportStatus.Closed && r.DuplicateOf == null
                && r.Lat >= lat - dLat && r.Lat <= lat + dLat && r.Lon >= lon - dLon && r.Lon <= lon + dLon
                && r.RequestedAt >= from && r.RequestedAt <= to)
            .Select(r => new { r.Id, r.ServiceId, r.Status, r.Lat, r.Lon, r.RequestedAt, r.DuplicateOf, r.Description, r.Address })
            .Take(500)
            .ToListAsync(cancellationToken);
        var ranked = DuplicateScoring.Rank(
            new DuplicateProbe(report.Id, report.ServiceId, report.Status, lat, lon, report.RequestedAt, report.DuplicateOf),
            nearby.Select(r => new DuplicateProbe(r.Id, r.ServiceId, r.Status, r.Lat, r.Lon, r.RequestedAt, r.DuplicateOf)),
            window);
        var byId = nearby.ToDictionary(r => r.Id);
        return [.. ranked.Select(s => byId[s.Id] is var r
            ? new DuplicateCandidate(r.Id, r.Status, r.Description, r.Address, r.RequestedAt, Math.Round(s.DistanceMeters, 1), Math.Round(s.HoursApart, 1))
            : null!)];
    }
}
