using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Stadtkern.Features.Reports;
using Stadtkern.Features.Reports.Web;
using Stadtkern.Features.Reports.Workflow;

namespace Stadtkern.Pages.Verwaltung.Meldungen;

/// <summary>Admins set the auto-assign threshold, whether reporters get e-mails, and the SLA (days) of each category.</summary>
internal sealed class EinstellungenModel(EditReportSettings settings) : ReportsPageModel
{
    public ReportSettings Settings { get; private set; } = new();

    public IReadOnlyList<ServiceLevel> Levels { get; private set; } = [];

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public bool Saved { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <param name="threshold">Percent (0–100), German or international decimal mark.</param>
    /// <param name="notify">Checkbox.</param>
    /// <param name="sla">Days per category code; empty = no SLA.</param>
    /// <param name="cancellationToken">Request cancellation.</param>
    public async Task<IActionResult> OnPostAsync(string? threshold, bool notify, Dictionary<string, string?> sla, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var current = await settings.GetAsync(cancellationToken);
        var percent = threshold?.Trim().Replace(',', '.');
        if (!double.TryParse(percent, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value is < 0 or > 100)
        {
            errors["autoAssignThreshold"] = ["Die Schwelle ist eine Zahl zwischen 0 und 100 (Prozent)."];
        }

        var levels = new Dictionary<string, int?>(StringComparer.Ordinal);
        foreach (var (code, days) in sla)
        {
            if (string.IsNullOrWhiteSpace(days))
            {
                levels[code] = null;
            }
            else if (int.TryParse(days.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var d))
            {
                levels[code] = d;
            }
            else
            {
                errors[code] = [$"Die Frist für „{code}“ ist eine ganze Zahl von Tagen."];
            }
        }

        if (errors.Count == 0)
        {
            errors = await settings.SaveServiceLevelsAsync(levels, cancellationToken);
        }

        if (errors.Count == 0)
        {
            errors = await settings.SaveAsync(current with { AutoAssignThreshold = Math.Round(value / 100, 4), NotifyReporters = notify }, cancellationToken);
        }

        Errors = errors;
        Saved = errors.Count == 0;
        if (!Saved)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Settings = await settings.GetAsync(cancellationToken);
        Levels = await settings.ServiceLevelsAsync(cancellationToken);
    }
}
