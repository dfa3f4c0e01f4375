using Stadtkern.Features.Reports.Routing;
using Stadtkern.Features.Reports.Routing.Classifier;

namespace Stadtkern.Tests.Features.Reports.Routing;

/// <summary>Cross-validated quality on the real Konstanz reports (one 5-fold training run shared by the assertions).</summary>
public sealed class RoutingQualityTests
{
    private static readonly Lazy<(List<LabeledExample> Examples, TrainingResult Trained)> Run = new(() =>
    {
        var examples = KonstanzReports.Examples();
        return (examples, RoutingTrainer.Train(examples, new TrainingOptions()));
    });

    [Fact]
    public void The_csv_reader_reads_every_konstanz_report_with_quoted_line_breaks()
    {
        var rows = KonstanzReports.Rows();
        rows.Count.ShouldBe(2612);
        rows.ShouldAllBe(r => r.Department != null && r.Text.Length > 0);
        rows.Count(r => r.Text.Contains('\n', StringComparison.Ordinal)).ShouldBeGreaterThan(0);
        rows.Count(r => r.Lat == null).ShouldBe(rows.Count(r => r.Lon == null));
        rows.Select(r => r.Department).Distinct().Count().ShouldBe(15);
    }

    [Fact]
    public void Cross_validated_accuracy_beats_the_category_lookup_on_the_same_folds()
    {
        var (examples, trained) = Run.Value;
        var options = new TrainingOptions();
        var labels = examples.Select(e => e.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var folds = RoutingTrainer.StratifiedFolds([.. examples.Select(e => labels.IndexOf(e.Label))], options.Folds, options.Seed);
        var lookupCorrect = 0;
        for (var fold = 0; fold < options.Folds; fold++)
        {
            var train = examples.Where((_, i) => folds[i] != fold).ToList();
            var majority = train.GroupBy(e => e.Label).OrderByDescending(g => g.Count()).First().Key;
            var byCategory = train.GroupBy(e => e.Example.Category ?? "").ToDictionary(g => g.Key, g => g.GroupBy(e => e.Label).OrderByDescending(d => d.Count()).First().Key);
            lookupCorrect += examples.Where((e, i) => folds[i] == fold && byCategory.GetValueOrDefault(e.Example.Category ?? "", majority) == e.Label).Count();
        }

        var lookup = (double)lookupCorrect / examples.Count;
        var quality = RoutingMetrics.Measure(trained.OutOfFold, RoutingDefaults.AutoAssignThreshold);
        lookup.ShouldBeInRange(0.65, 0.75); // the 70 %
        quality.Accuracy.ShouldBeGreaterThan(lookup + 0.02);
        quality.PrecisionAtThreshold.ShouldBeGreaterThanOrEqualTo(0.88);
        quality.CoverageAtThreshold.ShouldBeGreaterThanOrEqualTo(0.45);
    }

    [Fact]
    public void Calibrated_confidence_matches_the_share_of_correct_predictions()
    {
        var (_, trained) = Run.Value;
        var (bins, error) = RoutingMetrics.Calibration(trained.OutOfFold);
        error.ShouldBeLessThan(0.05);
        foreach (var bin in bins.Where(b => b.Count >= 150))
        {
            Math.Abs(bin.MeanConfidence - bin.Accuracy).ShouldBeLessThan(0.08, $"bin {bin.From:F1}–{bin.To:F1} with {bin.Count} reports");
        }
    }
}
