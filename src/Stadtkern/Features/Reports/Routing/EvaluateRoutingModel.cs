using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Reports.Routing.Classifier;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Reports.Routing;

/// <summary>Result of <c>routing evaluate</c>.</summary>
internal sealed record EvaluationResult(
    string Tenant,
    string File,
    int Reports,
    int Skipped,
    double Accuracy,
    double MacroF1,
    double Threshold,
    double Precision,
    double Coverage,
    IReadOnlyDictionary<string, double> F1ByDepartment,
    DateTimeOffset TrainedAt);

/// <summary>
/// Measures the current tenant's trained router on a CSV in the Konstanz columns: every row with a department is
/// predicted (unknown categories and districts, missing coordinates are just features the model has not seen); the
/// CSV's department name is compared with the predicted department's name, so departments the model does not know
/// count as errors. Precision and coverage are taken at the tenant's auto-assign threshold (or the one given).
/// </summary>
internal sealed class EvaluateRoutingModel(StadtkernDb db, TenantContext tenant, TenantSettingsStore settings, RoutingModelStore store)
{
    public async Task<EvaluationResult> EvaluateAsync(string file, double? threshold, CancellationToken cancellationToken)
    {
        var model = await store.GetAsync(db, cancellationToken)
            ?? throw new InvalidOperationException($"Tenant '{tenant.Required.Slug}' has no trained router yet. Train one with: routing train --tenant {tenant.Required.Slug}");
        var trainedAt = await db.Set<StoredRoutingModel>().AsNoTracking().Select(m => m.TrainedAt).FirstAsync(cancellationToken);
        var names = await db.Set<Department>().AsNoTracking().ToDictionaryAsync(d => d.Key, d => d.Name, StringComparer.Ordinal, cancellationToken);
        threshold ??= (await settings.GetAsync<ReportSettings>(ReportSettings.Section, cancellationToken)).AutoAssignThreshold;

        List<ReportCsvRow> rows;
        using (var reader = new StreamReader(file, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            rows = ReportCsv.Read(reader);
        }

        var predictions = new List<FoldPrediction>();
        foreach (var row in rows.Where(r => r.Department is not null))
        {
            var best = model.Predict(new RoutingExample(row.Text, row.Category, row.District, row.Lat, row.Lon))[0];
            predictions.Add(new FoldPrediction(row.Department!.Trim(), names.GetValueOrDefault(best.Label, best.Label).Trim(), best.Probability));
        }

        var quality = RoutingMetrics.Measure(predictions, threshold.Value);
        return new EvaluationResult(
            tenant.Required.Slug, Path.GetFileName(file), predictions.Count, rows.Count - predictions.Count, quality.Accuracy, quality.MacroF1,
            threshold.Value, quality.PrecisionAtThreshold, quality.CoverageAtThreshold, quality.F1ByDepartment, trainedAt);
    }
}
