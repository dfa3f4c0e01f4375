using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Reports.Workflow;

/// <summary>A router suggestion with the department's name.</summary>
internal sealed record RoutingSuggestionView(string Department, string DepartmentName, double Confidence);

/// <summary>The tenant's services and departments, loaded once per request (both are short lists) to label reports.</summary>
internal sealed record ReportLookups(IReadOnlyDictionary<Guid, ReportService> Services, IReadOnlyDictionary<Guid, Department> Departments)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<ReportLookups> LoadAsync(StadtkernDb db, CancellationToken cancellationToken) => new(
        await db.Set<ReportService>().AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken),
        await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, cancellationToken));

    public ReportService? Service(Guid? id) => id is { } key && Services.TryGetValue(key, out var s) ? s : null;

    public Department? Department(Guid? id) => id is { } key && Departments.TryGetValue(key, out var d) ? d : null;

    public int? SlaDays(Guid? serviceId) => Service(serviceId)?.SlaDays;

    /// <summary>The stored top-3 of the router, with names; unreadable JSON reads as none.</summary>
    public IReadOnlyList<RoutingSuggestionView> Suggestions(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            var stored = JsonSerializer.Deserialize<List<StoredSuggestion>>(json, Json) ?? [];
            var names = Departments.Values.ToDictionary(d => d.Key, d => d.Name, StringComparer.Ordinal);
            return [.. stored.Where(s => !string.IsNullOrEmpty(s.Department))
                .Select(s => new RoutingSuggestionView(s.Department!, names.GetValueOrDefault(s.Department!, s.Department!), s.Confidence))
                .OrderByDescending(s => s.Confidence)
                .Take(3)];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private sealed record StoredSuggestion(string? Department, double Confidence);
}
