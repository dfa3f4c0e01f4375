using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Reports.Routing;

/// <summary>
/// The trained router of the current tenant: the best department with its calibrated confidence, the top 3, and
/// automatic assignment when the confidence reaches the tenant's <see cref="ReportSettings.AutoAssignThreshold"/>.
/// </summary>
internal sealed class ReportRouter(StadtkernDb db, RoutingModelStore store, TenantSettingsStore settings) : IReportRouter
{
    public async Task<RoutingPrediction?> PredictAsync(RoutingInput input, CancellationToken cancellationToken)
    {
        var model = await store.GetAsync(db, cancellationToken);
        if (model is null)
        {
            return null;
        }

        var ranked = model.Predict(RoutingExamples.From(input));
        var threshold = (await settings.GetAsync<ReportSettings>(ReportSettings.Section, cancellationToken)).AutoAssignThreshold;
        var best = ranked[0];
        return new RoutingPrediction(
            best.Label,
            best.Probability,
            [.. ranked.Take(3).Select(c => new RoutingAlternative(c.Label, c.Probability))],
            best.Probability >= threshold);
    }
}
