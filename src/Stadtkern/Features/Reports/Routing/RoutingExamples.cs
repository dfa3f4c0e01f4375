using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Features.Reports.Routing.Classifier;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Reports.Routing;

/// <summary>What the router learns from and how a report or a CSV row is shown to it.</summary>
internal static class RoutingExamples
{
    /// <summary>The category as the router sees it: "{group} &gt; {name}" (the Konstanz form), or the name alone.</summary>
    public static string? Category(string? group, string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : string.IsNullOrWhiteSpace(group) ? name : $"{group} > {name}";

    public static RoutingExample From(RoutingInput input) => new(input.Text, input.Category, input.District, input.Lat, input.Lon);

    /// <summary>
    /// The current tenant's reports that have a department (imported and handled ones), labelled with the department
    /// key. A staff reassignment is the report's current department, so corrections feed the next training.
    /// </summary>
    public static async Task<List<LabeledExample>> LoadAsync(StadtkernDb db, CancellationToken cancellationToken)
    {
        var rows = await (
            from r in db.Set<Report>().AsNoTracking()
            join d in db.Set<Department>().AsNoTracking() on r.DepartmentId equals d.Id
            join s in db.Set<ReportService>().AsNoTracking() on r.ServiceId equals s.Id into services
            from s in services.DefaultIfEmpty()
            where r.DepartmentId != null
            orderby r.Id
            select new { r.Description, Group = s == null ? null : s.GroupName, Name = s == null ? null : s.Name, r.District, r.Lat, r.Lon, d.Key })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new LabeledExample(new RoutingExample(r.Description, Category(r.Group, r.Name), r.District, r.Lat, r.Lon), r.Key))];
    }
}
