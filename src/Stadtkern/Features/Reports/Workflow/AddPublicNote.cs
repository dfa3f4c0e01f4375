using Stadtkern.Features.Reports.Model;
using Stadtkern.Features.Reports.Notifications;

namespace Stadtkern.Features.Reports.Workflow;

/// <summary>A note for the public: it becomes the report's <c>status_notes</c> (Open311, tracking page) and is mailed to the
/// reporter. Not for internal remarks (<see cref="AddInternalComment"/>).</summary>
internal sealed class AddPublicNote(ReportChanges changes)
{
    public const int MaxNote = 4000;

    public async Task<WorkflowOutcome> AddAsync(long reportId, string? text, StaffActor actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return WorkflowOutcome.Invalid("text", "Bitte einen Text eingeben.");
        }

        var note = text.Trim();
        if (note.Length > MaxNote)
        {
            return WorkflowOutcome.Invalid("text", $"Die Nachricht darf höchstens {MaxNote} Zeichen lang sein.");
        }

        var report = await changes.FindAsync(reportId, cancellationToken);
        if (report is null)
        {
            return WorkflowOutcome.NotFound;
        }

        report.StatusNotes = note;
        changes.Record(report, actor, ReportEventKinds.Note, null, null, note, isPublic: true);
        await changes.QueueMailAsync(report, actor, (city, link) => ReporterMails.NoteAdded(report, city, note, link), cancellationToken);
        await changes.CommitAsync(cancellationToken);
        return WorkflowOutcome.Done;
    }
}
