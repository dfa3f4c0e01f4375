using Stadtkern.Features.Reports.Model;
using Stadtkern.Features.Reports.Notifications;

namespace Stadtkern.Features.Reports.Workflow;

/// <summary>Moves a report along the workflow (see <see cref="StatusTransitions"/>), optionally with a public note that
/// becomes its <c>status_notes</c>; the reporter is told by e-mail.</summary>
internal sealed class ChangeStatus(ReportChanges changes)
{
    public async Task<WorkflowOutcome> ChangeAsync(long reportId, string? status, string? publicNote, StaffActor actor, CancellationToken cancellationToken)
    {
        var to = status?.Trim() ?? "";
        if (!ReportStatuses.IsKnown(to))
        {
            return WorkflowOutcome.Invalid("status", "Der Status ist einer von: open, in_progress, closed.");
        }

        var note = string.IsNullOrWhiteSpace(publicNote) ? null : publicNote.Trim();
        if (note is { Length: > AddPublicNote.MaxNote })
        {
            return WorkflowOutcome.Invalid("note", $"Die Nachricht darf höchstens {AddPublicNote.MaxNote} Zeichen lang sein.");
        }

        var report = await changes.FindAsync(reportId, cancellationToken);
        if (report is null)
        {
            return WorkflowOutcome.NotFound;
        }

        var from = report.Status;
        switch (StatusTransitions.Check(from, to, report.DuplicateOf is not null))
        {
            case TransitionCheck.Allowed:
                break;
            case TransitionCheck.Unchanged:
                return WorkflowOutcome.Conflict($"Die Meldung ist bereits „{ReportStatuses.Label(to)}“.");
            case TransitionCheck.MergedDuplicate:
                return WorkflowOutcome.Conflict($"Die Meldung wurde mit Meldung Nr. {report.DuplicateOf} zusammengeführt und bleibt geschlossen.");
            case TransitionCheck.NotAllowed:
                return WorkflowOutcome.Conflict($"Von „{ReportStatuses.Label(from)}“ geht es nicht direkt zu „{ReportStatuses.Label(to)}“; eine erledigte Meldung wird zuerst wieder geöffnet.");
            default:
                return WorkflowOutcome.Invalid("status", "Der Status ist einer von: open, in_progress, closed.");
        }

        report.Status = to;
        report.ClosedAt = to == ReportStatus.Closed ? changes.Now : null;
        if (note is not null)
        {
            report.StatusNotes = note;
        }

        changes.Record(report, actor, ReportEventKinds.Status, from, to, note, isPublic: true);
        await changes.QueueMailAsync(report, actor, (city, link) => ReporterMails.StatusChanged(report, city, to, note, link), cancellationToken);
        await changes.CommitAsync(cancellationToken);
        return WorkflowOutcome.Done;
    }
}
