using Stadtkern.Features.Reports.Model;

namespace Stadtkern.Features.Reports.Workflow;

/// <summary>Assigns a report that has no department yet (the triage queue) to one; routing becomes "manual".</summary>
internal sealed class AssignReport(ReportChanges changes)
{
    public async Task<WorkflowOutcome> AssignAsync(long reportId, string? departmentKey, StaffActor actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(departmentKey))
        {
            return WorkflowOutcome.Invalid("department", "Bitte eine Abteilung wählen.");
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

        if (report.DepartmentId is not null)
        {
            return WorkflowOutcome.Conflict("Die Meldung ist bereits zugewiesen; eine andere Abteilung geht nur mit Begründung (Weiterleiten).");
        }

        report.DepartmentId = department.Id;
        report.RoutingMode = RoutingModes.Manual;
        changes.Record(report, actor, ReportEventKinds.Assigned, null, department.Key, null, isPublic: false);
        await changes.CommitAsync(cancellationToken);
        return WorkflowOutcome.Done;
    }
}
