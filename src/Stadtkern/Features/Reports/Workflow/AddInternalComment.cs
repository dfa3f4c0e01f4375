using Stadtkern.Features.Reports.Model;

namespace Stadtkern.Features.Reports.Workflow;

/// <summary>A remark among staff: stays in the history, never public, never mailed.</summary>
internal sealed class AddInternalComment(ReportChanges changes)
{
    public async Task<WorkflowOutcome> AddAsync(long reportId, string? text, StaffActor actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return WorkflowOutcome.Invalid("text", "Bitte einen Text eingeben.");
        }

        if (text.Trim().Length > AddPublicNote.MaxNote)
        {
            return WorkflowOutcome.Invalid("text", $"Der Kommentar darf höchstens {AddPublicNote.MaxNote} Zeichen lang sein.");
        }

        var report = await changes.FindAsync(reportId, cancellationToken);
        if (report is null)
        {
            return WorkflowOutcome.NotFound;
        }

        changes.Record(report, actor, ReportEventKinds.Comment, null, null, text.Trim(), isPublic: false);
        await changes.CommitAsync(cancellationToken);
        return WorkflowOutcome.Done;
    }
}
