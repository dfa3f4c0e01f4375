using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Reports.Routing.Classifier;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Reports.Routing;

/// <summary>Summary of a training, printed by <c>routing train</c> and stored as the model's metrics.</summary>
internal sealed record TrainingSummary(
    string Tenant,
    int Reports,
    int Departments,
    int Features,
    int ModelBytes,
    double Seconds,
    double Temperature,
    double? CrossValidatedAccuracy,
    double? CrossValidatedMacroF1,
    double Threshold,
    double? CrossValidatedPrecisionAtThreshold,
    double? CrossValidatedCoverageAtThreshold,
    DateTimeOffset TrainedAt);

/// <summary>
/// Trains the current tenant's router on its reports with a department (<see cref="RoutingExamples.LoadAsync"/>):
/// 5-fold cross-validation for the calibration temperature and the quality figures, then the final model, which
/// replaces the tenant's row in <c>routing_models</c>.
/// </summary>
internal sealed class TrainRoutingModel(
    StadtkernDb db, TenantContext tenant, TenantSettingsStore settings, RoutingModelStore store, TimeProvider clock)
{
    /// <summary>Fewer reports than this cannot make a useful router.</summary>
    public const int MinimumReports = 20;

    public async Task<TrainingSummary> TrainAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var examples = await RoutingExamples.LoadAsync(db, cancellationToken);
        var departments = examples.Select(e => e.Label).Distinct(StringComparer.Ordinal).Count();
        if (examples.Count < MinimumReports || departments < 2)
        {
            throw new InvalidOperationException(
                $"Too little history to train: {examples.Count} reports with a department in {departments} departments (at least {MinimumReports} reports in 2 departments). Import some with: reports import --tenant {tenant.Required.Slug} --csv <file>");
        }

        var trained = await Task.Run(() => RoutingTrainer.Train(examples, new TrainingOptions()), cancellationToken);
        var threshold = (await settings.GetAsync<ReportSettings>(ReportSettings.Section, cancellationToken)).AutoAssignThreshold;
        RoutingQuality? quality = trained.OutOfFold.Count > 0 ? RoutingMetrics.Measure(trained.OutOfFold, threshold) : null;
        var bytes = trained.Model.Serialize();
        var now = clock.GetStoredNow();
        var summary = new TrainingSummary(
            tenant.Required.Slug, examples.Count, departments, trained.Model.Featurizer.Count, bytes.Length, Math.Round(watch.Elapsed.TotalSeconds, 2),
            trained.Model.Temperature, quality?.Accuracy, quality?.MacroF1, threshold, quality?.PrecisionAtThreshold, quality?.CoverageAtThreshold, now);

        var row = await db.Set<StoredRoutingModel>().FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            row = new StoredRoutingModel { TenantId = db.CurrentTenantId };
            db.Add(row);
        }

        row.TrainedAt = now;
        row.ReportCount = examples.Count;
        row.Model = bytes;
        row.Metrics = JsonSerializer.Serialize(summary, JsonSerializerOptions.Web);
        await db.SaveChangesAsync(cancellationToken);
        store.Put(db.CurrentTenantId, now, trained.Model);
        return summary;
    }
}
