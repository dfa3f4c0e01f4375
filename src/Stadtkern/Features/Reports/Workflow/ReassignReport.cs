using Stadtkern.Features.Reports.Model;

namespace Stadtkern.Features.Reports.Workflow;

/// <summary>
/// Moves a report to another department, with the reason. The report's final department is what the router trains on, so
/// this correction is how it learns; the reason stays in the history for people.
/// </summary>
internal sealed class ReassignReport(ReportChanges changes)
{
    public const int MaxReason = 1000;

    public async Task<WorkflowOutcome> ReassignAsync(long reportId, string? departmentKey, string? reason, StaffActor actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(departmentKey))
        {
            return WorkflowOutcome.Invalid("department", "Bitte eine Abteilung wählen.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return WorkflowOutcome.Invalid("reason", "Bitte den Grund für die Weiterleitung angeben.");
        }

        if (reason.Trim().Length > MaxReason)
        {
            return WorkflowOutcome.Invalid("reason", $"Der Grund darf höchstens {MaxReason} Zeichen lang sein.");
        }

        var report = await changes.FindAsync(reportId, cancellationToken);
        if (report is null)
        {
            return WorkflowOutcome.NotFound;
        }

        var department = await changes.FindDepartmentAsync(departmentKey.Trim(), cancellationToken);
        if (department is null)
        {
            return WorkflowOutcome.Invalid("department", $"Unbekannte Abteilung „{departmentKey.Trim()}“.");
        }

        if (report.DepartmentId == department.Id)
        {
            return WorkflowOutcome.Conflict("Die Meldung liegt bereits bei dieser Abteilung.");
        }

        var from = await changes.DepartmentKeyAsync(report.DepartmentId, cancellationToken);
        report.DepartmentId = department.Id;
        report.RoutingMode = RoutingModes.Manual;
        changes.Record(report, actor, from is null ? ReportEventKinds.Assigned : ReportEventKinds.Reassigned, from, department.Key, reason.Trim(), isPublic: false);
        await changes.CommitAsync(cancellationToken);
        return WorkflowOutcome.Done;
    }
}
