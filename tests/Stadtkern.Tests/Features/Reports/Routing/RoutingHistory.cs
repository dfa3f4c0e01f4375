using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Reports.Routing;

/// <summary>A small report history in a tenant: street lights go to Stadtwerke, potholes to the Tiefbauamt.</summary>
internal static class RoutingHistory
{
    public static async Task SeedAsync(StadtkernFactory app, string tenantSlug = "demo", int perDepartment = 15)
    {
        await using var scope = await app.TenantScopeAsync(tenantSlug);
        var db = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        var now = DateTimeOffset.UtcNow;
        async Task<Department> DepartmentAsync(string key, string name)
        {
            var existing = await db.Set<Department>().FirstOrDefaultAsync(d => d.Key == key);
            if (existing is not null)
            {
                return existing;
            }

            var department = new Department { Id = Guid.CreateVersion7(), Key = key, Name = name };
            db.Add(department);
            return department;
        }

        var light = await DepartmentAsync("routing-stadtwerke", "Stadtwerke Routingstadt");
        var roads = await DepartmentAsync("routing-tiefbau", "Tiefbauamt Routingstadt");
        for (var i = 0; i < perDepartment; i++)
        {
            db.Add(Report($"Die Straßenlaterne Nr. {i} ist dunkel, Licht defekt", light.Id, 47.66 + i * 0.0005, 9.17, now));
            db.Add(Report($"Tiefes Schlagloch {i} in der Fahrbahn, Belag kaputt", roads.Id, 47.69 - i * 0.0005, 9.15, now));
        }

        await db.SaveChangesAsync();
    }

    private static Report Report(string text, Guid department, double lat, double lon, DateTimeOffset now) => new()
    {
        Token = Guid.NewGuid().ToString("N"),
        Description = text,
        Lat = lat,
        Lon = lon,
        DepartmentId = department,
        RoutingMode = RoutingModes.Import,
        RequestedAt = now,
        UpdatedAt = now,
        Source = ReportSources.Import,
    };
}
