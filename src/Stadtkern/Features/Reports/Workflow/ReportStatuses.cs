using Stadtkern.Features.Reports.Model;

namespace Stadtkern.Features.Reports.Workflow;

/// <summary>The three stored statuses of a report and the moves staff may make between them.</summary>
internal static class ReportStatuses
{
    public const string Open = ReportStatus.Open;
    public const string InProgress = ReportStatus.InProgress;
    public const string Closed = ReportStatus.Closed;

    public static readonly IReadOnlyList<string> All = [Open, InProgress, Closed];

    public static bool IsKnown(string? status) => status is Open or InProgress or Closed;

    /// <summary>German label for pages and e-mails.</summary>
    public static string Label(string status) => status switch
    {
        Open => "offen",
        InProgress => "in Bearbeitung",
        Closed => "erledigt",
        _ => status,
    };
}

/// <summary>Outcome of asking whether a status change is allowed.</summary>
internal enum TransitionCheck
{
    Allowed,

    /// <summary>The target is not one of the three statuses (bad input: 400).</summary>
    UnknownStatus,

    /// <summary>The report already has that status (409).</summary>
    Unchanged,

    /// <summary>The move is not part of the workflow, e.g. closed → in progress without reopening (409).</summary>
    NotAllowed,

    /// <summary>A merged duplicate stays closed; its master carries the case (409).</summary>
    MergedDuplicate,
}

/// <summary>
/// The workflow as a pure decision: open → in progress → closed, closed directly from open (e.g. not the city's
/// matter), back from in progress to open (work paused), and reopening a closed report (closed → open). A closed
/// report never jumps straight to "in progress": reopening is its own, visible step.
/// </summary>
internal static class StatusTransitions
{
    public static TransitionCheck Check(string from, string to, bool isMergedDuplicate)
    {
        if (!ReportStatuses.IsKnown(to))
        {
            return TransitionCheck.UnknownStatus;
        }

        if (string.Equals(from, to, StringComparison.Ordinal))
        {
            return TransitionCheck.Unchanged;
        }

        if (isMergedDuplicate)
        {
            return TransitionCheck.MergedDuplicate;
        }

        return (from, to) switch
        {
            (ReportStatuses.Open, ReportStatuses.InProgress) => TransitionCheck.Allowed,
            (ReportStatuses.Open, ReportStatuses.Closed) => TransitionCheck.Allowed,
            (ReportStatuses.InProgress, ReportStatuses.Closed) => TransitionCheck.Allowed,
            (ReportStatuses.InProgress, ReportStatuses.Open) => TransitionCheck.Allowed,
            (ReportStatuses.Closed, ReportStatuses.Open) => TransitionCheck.Allowed,
            _ => TransitionCheck.NotAllowed,
        };
    }

    /// <summary>The statuses a report can move to from <paramref name="from"/> (for the pages' buttons).</summary>
    public static IReadOnlyList<string> Targets(string from, bool isMergedDuplicate) =>
        [.. ReportStatuses.All.Where(to => Check(from, to, isMergedDuplicate) == TransitionCheck.Allowed)];
}
