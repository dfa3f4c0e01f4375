namespace Stadtkern.Features.Reports.Workflow;

/// <summary>
/// Service level per category: a report of a service with <c>sla_days</c> is due that many days after it was
/// requested and overdue once that moment has passed while it is not closed.
/// </summary>
internal static class Sla
{
    /// <summary>Longest SLA an admin can set (a year); longer periods are no service level.</summary>
    public const int MaxDays = 365;

    public static DateTimeOffset? DueAt(DateTimeOffset requestedAt, int? slaDays) =>
        slaDays is > 0 and var days ? requestedAt.AddDays(days) : null;

    public static bool IsOverdue(string status, DateTimeOffset requestedAt, int? slaDays, DateTimeOffset now) =>
        !string.Equals(status, ReportStatuses.Closed, StringComparison.Ordinal)
        && DueAt(requestedAt, slaDays) is { } due
        && due < now;

    /// <summary>The requested_at a report of this service must be older than to be overdue at <paramref name="now"/>
    /// (what a database filter compares against).</summary>
    public static DateTimeOffset OverdueBefore(int slaDays, DateTimeOffset now) => now.AddDays(-slaDays);
}
