namespace Stadtkern.Features.Reports.Routing;

/// <summary>Defaults of the router, chosen by 5-fold cross-validation on the Konstanz reports (docs/reports/routing.md).</summary>
internal static class RoutingDefaults
{
    /// <summary>
    /// Confidence at or above which a report is assigned automatically (ReportSettings.AutoAssignThreshold when a tenant
    /// has not set its own). Out of fold, precision reaches 90 % at a lower threshold; this one keeps a safety margin for
    /// reports that differ from the training data.
    /// </summary>
    public const double AutoAssignThreshold = 0.82;

    /// <summary>The precision the default threshold is chosen for (with margin).</summary>
    public const double TargetPrecision = 0.9;
}
