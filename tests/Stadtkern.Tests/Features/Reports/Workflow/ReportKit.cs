using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Reports.Workflow;

/// <summary>Arranges reports in the demo tenant directly in the database (so their time and place are exact) and reads them back.</summary>
internal static class ReportKit
{
    // Konstanz: Marktstätte, and the Münster about 420 m north-west.
    public const double MarktLat = 47.65970;
    public const double MarktLon = 9.17700;
    public const double MuensterLat = 47.66335;
    public const double MuensterLon = 9.17566;

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<long> CreateAsync(
        StadtkernFactory app, string? service = "strassenschaden", string description = "Schlagloch vor der Hausnummer 3",
        double? lat = MarktLat, double? lon = MarktLon, DateTimeOffset? requestedAt = null, string? email = null,
        string? department = null, string? suggestions = null, int photos = 0, string tenant = "demo")
    {
        await using var scope = await app.TenantScopeAsync(tenant);
        var db = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        var serviceId = service is null ? (Guid?)null : await db.Set<ReportService>().Where(s => s.Code == service).Select(s => s.Id).SingleAsync(Ct);
        var departmentId = department is null ? (Guid?)null : await db.Departments.Where(d => d.Key == department).Select(d => d.Id).SingleAsync(Ct);
        var at = requestedAt ?? DateTimeOffset.UtcNow.AddHours(-1);
        at = new DateTimeOffset(at.Ticks - (at.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        var report = new Report
        {
            ServiceId = serviceId,
            Token = Guid.NewGuid().ToString("N"),
            Description = description,
            Lat = lat,
            Lon = lon,
            Address = "Marktstätte 3, 78462 Konstanz",
            Email = email,
            FirstName = "Erika",
            LastName = "Mustermann",
            Phone = "+49 7531 12345",
            DepartmentId = departmentId,
            RoutingMode = department is null ? RoutingModes.Triage : RoutingModes.Automatic,
            RoutingConfidence = department is null ? 0.41 : 0.87,
            RoutingSuggestions = suggestions,
            RequestedAt = at,
            UpdatedAt = at,
            Source = ReportSources.Web,
        };
        db.Add(report);
        await db.SaveChangesAsync(Ct);
        db.Add(new ReportEvent { ReportId = report.Id, At = at, Actor = ReportActors.Citizen, Kind = ReportEventKinds.Created, ToValue = "open", IsPublic = true });
        for (var i = 0; i < photos; i++)
        {
            db.Add(new ReportMedia { Id = Guid.CreateVersion7(), ReportId = report.Id, ContentType = "image/png", Content = [0x89, 0x50, 0x4E, 0x47, (byte)i], Width = 1, Height = 1, CreatedAt = at });
        }

        await db.SaveChangesAsync(Ct);
        return report.Id;
    }

    public static async Task<Report> ReportAsync(StadtkernFactory app, long id)
    {
        await using var scope = await app.TenantScopeAsync();
        return await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<Report>().AsNoTracking().SingleAsync(r => r.Id == id, Ct);
    }

    public static async Task<List<ReportEvent>> EventsAsync(StadtkernFactory app, long id)
    {
        await using var scope = await app.TenantScopeAsync();
        return await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<ReportEvent>().AsNoTracking()
            .Where(e => e.ReportId == id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(Ct);
    }

    public static async Task<Guid?> DepartmentIdAsync(StadtkernFactory app, string key)
    {
        await using var scope = await app.TenantScopeAsync();
        return await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Departments.Where(d => d.Key == key).Select(d => (Guid?)d.Id).SingleOrDefaultAsync(Ct);
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body) =>
        await client.PostAsJsonAsync(path, body, Ct);

    public static async Task<JsonElement> JsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    public static async Task ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", body);
    }
}
