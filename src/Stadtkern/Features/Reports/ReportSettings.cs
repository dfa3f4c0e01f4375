namespace Stadtkern.Features.Reports;

/// <summary>The tenant settings section <c>reports</c> (read through TenantSettingsStore).</summary>
internal sealed record ReportSettings
{
    public const string Section = "reports";

    /// <summary>Confidence (0..1) at or above which the router assigns a report without triage.</summary>
    public double AutoAssignThreshold { get; init; } = Routing.RoutingDefaults.AutoAssignThreshold;

    /// <summary>Whether reporters who left an e-mail address hear about status changes.</summary>
    public bool NotifyReporters { get; init; } = true;
}
