namespace Stadtkern.Features.Reports.Routing;

/// <summary>What the router sees of a new report. <see cref="Category"/> is "{group} &gt; {name}" of the chosen service.</summary>
internal sealed record RoutingInput(string Text, string? Category, double? Lat, double? Lon, string? District);

internal sealed record RoutingAlternative(string DepartmentKey, double Confidence);

/// <summary>The router's answer: the best department, its calibrated confidence, the top alternatives, and whether the
/// confidence is above the tenant's auto-assign threshold.</summary>
internal sealed record RoutingPrediction(string DepartmentKey, double Confidence, IReadOnlyList<RoutingAlternative> Alternatives, bool AutoAssign);

/// <summary>Predicts the department of a new report for the current tenant (scoped).</summary>
internal interface IReportRouter
{
    /// <summary>null when the tenant has no trained model yet.</summary>
    Task<RoutingPrediction?> PredictAsync(RoutingInput input, CancellationToken cancellationToken);
}

/// <summary>The router until a trained one is registered: it never has a model.</summary>
internal sealed class NoReportRouter : IReportRouter
{
    public Task<RoutingPrediction?> PredictAsync(RoutingInput input, CancellationToken cancellationToken) =>
        Task.FromResult<RoutingPrediction?>(null);
}
