using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Reports.Model;

namespace Stadtkern.Features.Reports.Workflow;

/// <summary>Makes a photo public after a staff member has looked at it (faces, number plates are staff's call).</summary>
internal sealed class ReleasePhoto(ReportChanges changes)
{
    public async Task<WorkflowOutcome> ReleaseAsync(long reportId, Guid mediaId, StaffActor actor, CancellationToken cancellationToken)
    {
        var report = await changes.FindAsync(reportId, cancellationToken);
        var media = report is null ? null : await changes.Db.Set<ReportMedia>().FirstOrDefaultAsync(m => m.Id == mediaId && m.ReportId == reportId, cancellationToken);
        if (report is null || media is null)
        {
            return new WorkflowOutcome(WorkflowFailure.NotFound, null, report is null ? "Meldung nicht gefunden." : "Foto nicht gefunden.");
        }

        if (media.Released)
        {
            return WorkflowOutcome.Conflict("Das Foto ist bereits freigegeben.");
        }

        media.Released = true;
        media.ReleasedBy = actor.Name;
        changes.Record(report, actor, ReportEventKinds.MediaReleased, null, media.Id.ToString(), null, isPublic: false);
        await changes.CommitAsync(cancellationToken);
        return WorkflowOutcome.Done;
    }
}
