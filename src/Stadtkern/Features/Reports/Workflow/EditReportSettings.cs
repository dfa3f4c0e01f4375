using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Reports.Workflow;

/// <summary>One category's service level as the settings exchange it.</summary>
internal sealed record ServiceLevel(string Code, string Name, int? SlaDays);

/// <summary>The tenant's report settings (section <c>reports</c>) and the SLA of each category, changed by admins.</summary>
internal sealed class EditReportSettings(TenantSettingsStore store, StadtkernDb db, TimeProvider clock)
{
    public Task<ReportSettings> GetAsync(CancellationToken cancellationToken) => store.GetAsync<ReportSettings>(ReportSettings.Section, cancellationToken);

    public static Dictionary<string, string[]> Validate(ReportSettings settings)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!double.IsFinite(settings.AutoAssignThreshold) || settings.AutoAssignThreshold is < 0 or > 1)
        {
            errors["autoAssignThreshold"] = ["Die Schwelle liegt zwischen 0 und 1 (z. B. 0.8 für 80 %)."];
        }

        return errors;
    }

    public async Task<Dictionary<string, string[]>> SaveAsync(ReportSettings settings, CancellationToken cancellationToken)
    {
        var errors = Validate(settings);
        if (errors.Count == 0)
        {
            await store.SaveAsync(ReportSettings.Section, settings, cancellationToken);
        }

        return errors;
    }

    public async Task<IReadOnlyList<ServiceLevel>> ServiceLevelsAsync(CancellationToken cancellationToken) =>
        await db.Set<ReportService>().AsNoTracking().OrderBy(s => s.GroupName).ThenBy(s => s.Name)
            .Select(s => new ServiceLevel(s.Code, s.Name, s.SlaDays)).ToListAsync(cancellationToken);

    /// <summary>Sets the SLA (days, or null for none) of the given categories; unknown codes and out-of-range days are errors and
    /// nothing is saved then.</summary>
    public async Task<Dictionary<string, string[]>> SaveServiceLevelsAsync(IReadOnlyDictionary<string, int?> levels, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var services = await db.Set<ReportService>().ToDictionaryAsync(s => s.Code, StringComparer.Ordinal, cancellationToken);
        foreach (var (code, days) in levels)
        {
            if (!services.ContainsKey(code))
            {
                errors[code] = [$"Unbekannte Kategorie „{code}“."];
            }
            else if (days is < 1 or > Sla.MaxDays)
            {
                errors[code] = [$"Die Frist liegt zwischen 1 und {Sla.MaxDays} Tagen (leer = keine Frist)."];
            }
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        var now = clock.GetStoredNow();
        foreach (var (code, days) in levels)
        {
            var service = services[code];
            if (service.SlaDays != days)
            {
                service.SlaDays = days;
                service.UpdatedAt = now;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return errors;
    }
}
