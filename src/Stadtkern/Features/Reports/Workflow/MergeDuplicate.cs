using System.Globalization;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Features.Reports.Notifications;

namespace Stadtkern.Features.Reports.Workflow;

/// <summary>
/// Merges a duplicate into the report that carries the case (the master): the duplicate is closed with <c>duplicate_of</c> and
/// a public note pointing to the master, keeps its photos and history, and its reporter is told; the master records the merge.
/// </summary>
internal sealed class MergeDuplicate(ReportChanges changes)
{
    public async Task<WorkflowOutcome> MergeAsync(long duplicateId, long masterId, string? publicNote, StaffActor actor, CancellationToken cancellationToken)
    {
        if (duplicateId == masterId)
        {
            return WorkflowOutcome.Invalid("master", "Eine Meldung kann nicht mit sich selbst zusammengeführt werden.");
        }

        if (publicNote is { Length: > AddPublicNote.MaxNote })
        {
            return WorkflowOutcome.Invalid("note", $"Die Nachricht darf höchstens {AddPublicNote.MaxNote} Zeichen lang sein.");
        }

        var duplicate = await changes.FindAsync(duplicateId, cancellationToken);
        if (duplicate is null)
        {
            return WorkflowOutcome.NotFound;
        }

        var master = await changes.FindAsync(masterId, cancellationToken);
        if (master is null)
        {
            return WorkflowOutcome.Invalid("master", string.Create(CultureInfo.InvariantCulture, $"Meldung Nr. {masterId} gibt es nicht."));
        }

        if (duplicate.DuplicateOf is not null)
        {
            return WorkflowOutcome.Conflict(string.Create(CultureInfo.InvariantCulture, $"Die Meldung ist bereits mit Meldung Nr. {duplicate.DuplicateOf} zusammengeführt."));
        }

        if (master.DuplicateOf is not null)
        {
            return WorkflowOutcome.Conflict(string.Create(CultureInfo.InvariantCulture, $"Meldung Nr. {master.Id} ist selbst ein Duplikat von Nr. {master.DuplicateOf}; bitte dorthin zusammenführen."));
        }

        var note = string.IsNullOrWhiteSpace(publicNote)
            ? string.Create(CultureInfo.InvariantCulture, $"Diese Meldung betrifft dasselbe Anliegen wie Meldung Nr. {master.Id} und wurde mit ihr zusammengeführt. Die Bearbeitung läuft dort weiter.")
            : publicNote.Trim();
        var from = duplicate.Status;
        duplicate.DuplicateOf = master.Id;
        duplicate.Status = ReportStatus.Closed;
        duplicate.ClosedAt = changes.Now;
        duplicate.StatusNotes = note;
        changes.Record(duplicate, actor, ReportEventKinds.Merged, from, master.Id.ToString(CultureInfo.InvariantCulture), note, isPublic: true);
        if (from != ReportStatus.Closed)
        {
            changes.Record(duplicate, actor, ReportEventKinds.Status, from, ReportStatus.Closed, null, isPublic: true);
        }

        changes.Record(master, actor, ReportEventKinds.Merged, null, duplicate.Id.ToString(CultureInfo.InvariantCulture),
            string.Create(CultureInfo.InvariantCulture, $"Meldung Nr. {duplicate.Id} wurde als Duplikat hierher zusammengeführt."), isPublic: false);
        await changes.QueueMailAsync(duplicate, actor, (city, link) => ReporterMails.Merged(duplicate, city, master.Id, note, link), cancellationToken);
        await changes.CommitAsync(cancellationToken);
        return WorkflowOutcome.Done;
    }
}
