using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Reports.Open311;

/// <summary>
/// Maps stored reports to the public Open311 service request. Personal fields never leave this mapping; <c>media_url</c> is the
/// first released photo (an absolute URL to the photo endpoint, or the client's own URL when it sent one and staff released it).
/// </summary>
internal static class RequestView
{
    public static async Task<IReadOnlyList<Open311Object>> MapAsync(IReadOnlyList<Report> reports, Open311Call call, HttpRequest request, CancellationToken cancellationToken)
    {
        var db = call.Get<StadtkernDb>();
        var serviceIds = reports.Where(r => r.ServiceId is not null).Select(r => r.ServiceId!.Value).Distinct().ToList();
        var services = await db.Set<ReportService>().AsNoTracking().Where(s => serviceIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, cancellationToken);
        var departmentIds = reports.Where(r => r.DepartmentId is not null).Select(r => r.DepartmentId!.Value).Distinct().ToList();
        var departments = await db.Departments.AsNoTracking().Where(d => departmentIds.Contains(d.Id))
            .ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        var reportIds = reports.Select(r => r.Id).ToList();
        var media = (await db.Set<ReportMedia>().AsNoTracking()
                .Where(m => reportIds.Contains(m.ReportId) && m.Released)
                .Select(m => new { m.Id, m.ReportId, m.ContentType, m.CreatedAt, Url = m.ContentType == ReportMediaTypes.ExternalUrl ? m.Content : null })
                .ToListAsync(cancellationToken))
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .GroupBy(m => m.ReportId)
            .ToDictionary(g => g.Key, g => g.First());
        var origin = $"{request.Scheme}://{request.Host}{call.TenantBase}";
        return [.. reports.Select(r =>
        {
            var service = r.ServiceId is { } sid && services.TryGetValue(sid, out var s) ? s : null;
            string? mediaUrl = null;
            if (media.TryGetValue(r.Id, out var photo))
            {
                mediaUrl = photo.Url is { } url ? System.Text.Encoding.UTF8.GetString(url) : $"{origin}/meldungen/fotos/{photo.Id}";
            }

            return Open311Object.Of(
                ("service_request_id", r.Id),
                ("status", ReportStatus.ToOpen311(r.Status)),
                ("status_notes", r.StatusNotes),
                ("service_name", service?.Name),
                ("service_code", service?.Code),
                ("description", r.Description),
                ("agency_responsible", r.DepartmentId is { } did && departments.TryGetValue(did, out var name) ? name : null),
                ("service_notice", r.ServiceNotice),
                ("requested_datetime", r.RequestedAt),
                ("updated_datetime", r.UpdatedAt),
                ("expected_datetime", r.ExpectedAt),
                ("address", r.Address),
                ("address_id", null),
                ("zipcode", r.Zipcode),
                ("lat", r.Lat),
                ("long", r.Lon),
                ("media_url", mediaUrl));
        })];
    }
}
