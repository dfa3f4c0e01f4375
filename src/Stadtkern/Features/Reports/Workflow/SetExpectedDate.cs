using System.Globalization;
using Stadtkern.Features.Reports.Model;

namespace Stadtkern.Features.Reports.Workflow;

/// <summary>Sets or clears when the problem is expected to be fixed (Open311 <c>expected_datetime</c>, public).</summary>
internal sealed class SetExpectedDate(ReportChanges changes)
{
    public async Task<WorkflowOutcome> SetAsync(long reportId, DateTimeOffset? expected, StaffActor actor, CancellationToken cancellationToken)
    {
        if (expected is { } value && (value.Year < 2000 || value.Year > 2200))
        {
            return WorkflowOutcome.Invalid("expected", "Das Datum liegt außerhalb des möglichen Bereichs.");
        }

        var report = await changes.FindAsync(reportId, cancellationToken);
        if (report is null)
        {
            return WorkflowOutcome.NotFound;
        }

        var stored = expected?.ToUniversalTime() is { } utc ? new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero) : (DateTimeOffset?)null;
        if (report.ExpectedAt == stored)
        {
            return WorkflowOutcome.Conflict("Das voraussichtliche Datum ist bereits so gesetzt.");
        }

        var from = Iso(report.ExpectedAt);
        report.ExpectedAt = stored;
        changes.Record(report, actor, ReportEventKinds.Expected, from, Iso(stored), null, isPublic: true);
        await changes.CommitAsync(cancellationToken);
        return WorkflowOutcome.Done;
    }

    private static string? Iso(DateTimeOffset? value) => value?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
