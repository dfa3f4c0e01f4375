namespace Stadtkern.Features.Reports.Routing.Classifier;

/// <summary>Quality of a set of predictions: accuracy, macro-F1, F1 per department, precision and coverage at a threshold.</summary>
internal sealed record RoutingQuality(
    int Count,
    double Accuracy,
    double MacroF1,
    double Threshold,
    double PrecisionAtThreshold,
    double CoverageAtThreshold,
    IReadOnlyDictionary<string, double> F1ByDepartment);

/// <summary>One confidence bin of a reliability diagram.</summary>
internal sealed record CalibrationBin(double From, double To, int Count, double MeanConfidence, double Accuracy);

internal static class RoutingMetrics
{
    public static RoutingQuality Measure(IReadOnlyList<FoldPrediction> predictions, double threshold)
    {
        var n = predictions.Count;
        var correct = predictions.Count(p => p.Actual == p.Predicted);
        var labels = predictions.SelectMany(p => new[] { p.Actual, p.Predicted }).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var f1 = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            var tp = predictions.Count(p => p.Actual == label && p.Predicted == label);
            var predicted = predictions.Count(p => p.Predicted == label);
            var actual = predictions.Count(p => p.Actual == label);
            if (actual == 0 && predicted == 0)
            {
                continue;
            }

            f1[label] = tp == 0 ? 0 : 2.0 * tp / (predicted + actual);
        }

        var (precision, coverage) = AtThreshold(predictions, threshold);
        return new RoutingQuality(
            n,
            n == 0 ? 0 : (double)correct / n,
            f1.Count == 0 ? 0 : f1.Values.Average(),
            threshold,
            precision,
            coverage,
            f1);
    }

    /// <summary>Precision among predictions with confidence ≥ threshold, and the share of predictions that are.</summary>
    public static (double Precision, double Coverage) AtThreshold(IReadOnlyList<FoldPrediction> predictions, double threshold)
    {
        var assigned = predictions.Where(p => p.Confidence >= threshold).ToList();
        return (
            assigned.Count == 0 ? 1.0 : (double)assigned.Count(p => p.Actual == p.Predicted) / assigned.Count,
            predictions.Count == 0 ? 0 : (double)assigned.Count / predictions.Count);
    }

    /// <summary>The lowest threshold (steps of 0.01) at which the precision of automatic assignment reaches the target.</summary>
    public static double ChooseThreshold(IReadOnlyList<FoldPrediction> predictions, double targetPrecision)
    {
        for (var step = 0; step < 100; step++)
        {
            var threshold = step / 100.0;
            if (AtThreshold(predictions, threshold).Precision >= targetPrecision)
            {
                return threshold;
            }
        }

        return 0.99;
    }

    /// <summary>Reliability bins of equal width; the expected calibration error is their count-weighted |confidence − accuracy|.</summary>
    public static (IReadOnlyList<CalibrationBin> Bins, double ExpectedCalibrationError) Calibration(IReadOnlyList<FoldPrediction> predictions, int bins = 10)
    {
        var result = new List<CalibrationBin>();
        var error = 0.0;
        for (var b = 0; b < bins; b++)
        {
            var from = (double)b / bins;
            var to = (double)(b + 1) / bins;
            var members = predictions.Where(p => p.Confidence >= from && (p.Confidence < to || (b == bins - 1 && p.Confidence <= to))).ToList();
            if (members.Count == 0)
            {
                continue;
            }

            var confidence = members.Average(p => p.Confidence);
            var accuracy = members.Count(p => p.Actual == p.Predicted) / (double)members.Count;
            result.Add(new CalibrationBin(from, to, members.Count, confidence, accuracy));
            error += members.Count * Math.Abs(confidence - accuracy);
        }

        return (result, predictions.Count == 0 ? 0 : error / predictions.Count);
    }
}
