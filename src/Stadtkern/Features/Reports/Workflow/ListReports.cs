using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Reports.Workflow;

/// <summary>Filters of the staff inbox. <see cref="Department"/> is a department key; <see cref="Triage"/> selects reports
/// without a department. <see cref="Bbox"/> is <c>minLon,minLat,maxLon,maxLat</c>.</summary>
internal sealed record ReportFilter
{
    public string? Department { get; init; }

    public string? Status { get; init; }

    public string? Service { get; init; }

    public bool Overdue { get; init; }

    public bool Triage { get; init; }

    public string? Text { get; init; }

    public string? Bbox { get; init; }

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 50;
}

/// <summary>One line of the inbox.</summary>
internal sealed record ReportRow(
    long Id, string Status, string Description, string? Address, string? District, string? ServiceCode, string? ServiceName,
    string? Department, string? DepartmentName, string? RoutingMode, double? RoutingConfidence, IReadOnlyList<RoutingSuggestionView> Suggestions,
    DateTimeOffset RequestedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ExpectedAt, DateTimeOffset? DueAt, bool Overdue,
    double? Lat, double? Lon, long? DuplicateOf);

internal sealed record ReportPage(int Total, int Page, int PageSize, IReadOnlyList<ReportRow> Items);

/// <summary>The staff inbox query: filters, newest first, paged; each row says whether it is overdue.</summary>
internal sealed class ListReports(StadtkernDb db, TimeProvider clock)
{
    public const int MaxPageSize = 500;

    /// <summary>Checks the filter; returns field → message for bad values.</summary>
    public static Dictionary<string, string[]> Validate(ReportFilter filter)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (filter.Status is { Length: > 0 } status && !ReportStatuses.IsKnown(status))
        {
            errors["status"] = ["Der Status ist einer von: open, in_progress, closed."];
        }

        if (filter.Bbox is { Length: > 0 } && ParseBbox(filter.Bbox) is null)
        {
            errors["bbox"] = ["bbox ist minLon,minLat,maxLon,maxLat in Grad, z. B. 9.15,47.65,9.20,47.68."];
        }

        if (filter.Page < 1)
        {
            errors["page"] = ["page beginnt bei 1."];
        }

        if (filter.PageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize liegt zwischen 1 und {MaxPageSize}."];
        }

        if (filter.Text is { Length: > 200 })
        {
            errors["text"] = ["Der Suchtext darf höchstens 200 Zeichen lang sein."];
        }

        return errors;
    }

    public async Task<ReportPage> ListAsync(ReportFilter filter, CancellationToken cancellationToken)
    {
        var lookups = await ReportLookups.LoadAsync(db, cancellationToken);
        var now = clock.GetStoredNow();
        var query = db.Set<Report>().AsNoTracking();
        if (filter.Triage)
        {
            // The triage queue: reports still waiting for a department (closed ones have left it).
            query = query.Where(r => r.DepartmentId == null && r.Status != ReportStatus.Closed);
        }
        else if (!string.IsNullOrWhiteSpace(filter.Department))
        {
            var department = lookups.Departments.Values.FirstOrDefault(d => d.Key == filter.Department.Trim());
            var id = department?.Id ?? Guid.Empty;
            query = query.Where(r => r.DepartmentId == id);
        }

        if (!string.IsNullOrWhiteSpace(filter.Status))
        {
            query = query.Where(r => r.Status == filter.Status);
        }

        if (!string.IsNullOrWhiteSpace(filter.Service))
        {
            var service = lookups.Services.Values.FirstOrDefault(s => s.Code == filter.Service.Trim());
            var id = service?.Id ?? Guid.Empty;
            query = query.Where(r => r.ServiceId == id);
        }

        if (filter.Overdue)
        {
            query = query.Where(OverduePredicate(lookups, now));
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim().ToLowerInvariant();
            if (text.StartsWith('#') && long.TryParse(text[1..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                // "#123" finds report number 123.
                query = query.Where(r => r.Id == number);
            }
            else
            {
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL lower(); the culture of the database applies
                query = query.Where(r => r.Description.ToLower().Contains(text) || (r.Address != null && r.Address.ToLower().Contains(text)));
#pragma warning restore CA1304, CA1311, CA1862
            }
        }

        if (ParseBbox(filter.Bbox) is { } box)
        {
            query = query.Where(r => r.Lon >= box.MinLon && r.Lon <= box.MaxLon && r.Lat >= box.MinLat && r.Lat <= box.MaxLat);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query
            .OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id)
            .Skip((filter.Page - 1) * filter.PageSize)
            .Take(filter.PageSize)
            .Select(r => new
            {
                r.Id,
                r.Status,
                r.Description,
                r.Address,
                r.District,
                r.ServiceId,
                r.DepartmentId,
                r.RoutingMode,
                r.RoutingConfidence,
                r.RoutingSuggestions,
                r.RequestedAt,
                r.UpdatedAt,
                r.ExpectedAt,
                r.Lat,
                r.Lon,
                r.DuplicateOf,
            })
            .ToListAsync(cancellationToken);
        return new ReportPage(total, filter.Page, filter.PageSize, [.. rows.Select(r =>
        {
            var service = lookups.Service(r.ServiceId);
            var department = lookups.Department(r.DepartmentId);
            return new ReportRow(
                r.Id, r.Status, r.Description.Length > 300 ? r.Description[..300] + " …" : r.Description, r.Address, r.District,
                service?.Code, service?.Name, department?.Key, department?.Name, r.RoutingMode, r.RoutingConfidence,
                r.DepartmentId is null ? lookups.Suggestions(r.RoutingSuggestions) : [],
                r.RequestedAt, r.UpdatedAt, r.ExpectedAt, Sla.DueAt(r.RequestedAt, service?.SlaDays),
                Sla.IsOverdue(r.Status, r.RequestedAt, service?.SlaDays, now), r.Lat, r.Lon, r.DuplicateOf);
        })]);
    }

    /// <summary>Not closed and requested before now − SLA of its service: an OR over the services that have an SLA, so the
    /// database does the filtering on both providers (no date arithmetic in SQL).</summary>
    private static Expression<Func<Report, bool>> OverduePredicate(ReportLookups lookups, DateTimeOffset now)
    {
        var report = Expression.Parameter(typeof(Report), "r");
        Expression? any = null;
        foreach (var service in lookups.Services.Values.Where(s => s.SlaDays is > 0))
        {
            var cutoff = Sla.OverdueBefore(service.SlaDays!.Value, now);
            var match = Expression.AndAlso(
                Expression.Equal(Expression.Property(report, nameof(Report.ServiceId)), Expression.Constant(service.Id, typeof(Guid?))),
                Expression.LessThan(Expression.Property(report, nameof(Report.RequestedAt)), Expression.Constant(cutoff)));
            any = any is null ? match : Expression.OrElse(any, match);
        }

        var notClosed = Expression.NotEqual(Expression.Property(report, nameof(Report.Status)), Expression.Constant(ReportStatus.Closed));
        return Expression.Lambda<Func<Report, bool>>(any is null ? Expression.Constant(false) : Expression.AndAlso(notClosed, any), report);
    }

    internal static (double MinLon, double MinLat, double MaxLon, double MaxLat)? ParseBbox(string? bbox)
    {
        if (string.IsNullOrWhiteSpace(bbox))
        {
            return null;
        }

        var parts = bbox.Split(',');
        var values = new double[4];
        if (parts.Length != 4)
        {
            return null;
        }

        for (var i = 0; i < 4; i++)
        {
            if (!double.TryParse(parts[i].Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                return null;
            }
        }

        return values[0] <= values[2] && values[1] <= values[3] && values[1] >= -90 && values[3] <= 90 && values[0] >= -180 && values[2] <= 180
            ? (values[0], values[1], values[2], values[3])
            : null;
    }
}
