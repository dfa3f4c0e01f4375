namespace Stadtkern.Features.Reports.Routing.Classifier;

/// <summary>A training report with its department.</summary>
internal sealed record LabeledExample(RoutingExample Example, string Label);

/// <summary>One out-of-fold prediction of a cross-validation (calibrated).</summary>
internal sealed record FoldPrediction(string Actual, string Predicted, double Confidence);

internal sealed record TrainingOptions
{
    public FeatureOptions Features { get; init; } = new();

    /// <summary>L2 penalty λ of the mean cross-entropy (chosen by cross-validation on the Konstanz reports).</summary>
    public double Lambda { get; init; } = 3e-4;

    public int Folds { get; init; } = 5;

    public int Seed { get; init; } = 20261122;

    public int MaxIterations { get; init; } = 200;

    /// <summary>L-BFGS stops when one step improves the objective by less than this fraction.</summary>
    public double Tolerance { get; init; } = 1e-5;

    /// <summary>
    /// Larger histories are cross-validated on a seeded stratified sample of this many reports: enough to fit one
    /// temperature and to estimate quality, and it keeps training on 10,000 reports within a minute.
    /// </summary>
    public int CrossValidationSample { get; init; } = 3000;

    /// <summary>Cross-validate to fit the calibration temperature (and to measure quality); without it T = 1.</summary>
    public bool CrossValidate { get; init; } = true;
}

/// <summary>The trained model and, when cross-validated, the out-of-fold predictions it was calibrated on.</summary>
internal sealed record TrainingResult(RoutingModel Model, IReadOnlyList<FoldPrediction> OutOfFold, int Iterations);

/// <summary>
/// Trains a <see cref="RoutingModel"/>: stratified k-fold cross-validation (fixed seed) gives out-of-fold logits, on
/// which the temperature is fitted; then the final model is trained on all reports.
/// </summary>
internal static class RoutingTrainer
{
    public static TrainingResult Train(IReadOnlyList<LabeledExample> examples, TrainingOptions options)
    {
        var (labels, y) = Classes(examples);
        var (outOfFold, temperature) = options.CrossValidate && labels.Length > 1 && examples.Count >= 2 * options.Folds
            ? CrossValidate(examples, options)
            : ([], 1.0);
        var (final, iterations) = Fit(examples, y, labels, options, temperature);
        return new TrainingResult(final, outOfFold, iterations);
    }

    /// <summary>
    /// Stratified k-fold cross-validation on (a seeded sample of at most <see cref="TrainingOptions.CrossValidationSample"/>
    /// of) the reports: the temperature fitted on the out-of-fold logits, and the calibrated out-of-fold predictions.
    /// </summary>
    public static (IReadOnlyList<FoldPrediction> OutOfFold, double Temperature) CrossValidate(IReadOnlyList<LabeledExample> examples, TrainingOptions options)
    {
        var (labels, y) = Classes(examples);
        var sample = Sample(y, options.CrossValidationSample, options.Seed);
        var sampleExamples = sample.Select(i => examples[i]).ToList();
        var sampleY = sample.Select(i => y[i]).ToArray();
        var folds = StratifiedFolds(sampleY, options.Folds, options.Seed);
        var logits = new double[sample.Count][];
        for (var fold = 0; fold < options.Folds; fold++)
        {
            var train = Enumerable.Range(0, sample.Count).Where(i => folds[i] != fold).ToList();
            var model = Fit([.. train.Select(i => sampleExamples[i])], [.. train.Select(i => sampleY[i])], labels, options, 1.0).Model;
            for (var i = 0; i < sample.Count; i++)
            {
                if (folds[i] == fold)
                {
                    logits[i] = model.Logits(sampleExamples[i].Example);
                }
            }
        }

        var temperature = TemperatureScaling.Fit(logits, sampleY);
        var outOfFold = new List<FoldPrediction>(sample.Count);
        for (var i = 0; i < sample.Count; i++)
        {
            var p = (double[])logits[i].Clone();
            SoftmaxRegression.Softmax(p, temperature);
            var best = 0;
            for (var k = 1; k < p.Length; k++)
            {
                if (p[k] > p[best])
                {
                    best = k;
                }
            }

            outOfFold.Add(new FoldPrediction(labels[sampleY[i]], labels[best], p[best]));
        }

        return (outOfFold, temperature);
    }

    /// <summary>All indexes when there are at most <paramref name="size"/>; otherwise a seeded sample of that size, stratified
    /// by class (each class keeps its share, at least one), in index order.</summary>
    public static List<int> Sample(IReadOnlyList<int> y, int size, int seed)
    {
        if (y.Count <= size)
        {
            return [.. Enumerable.Range(0, y.Count)];
        }

        var random = new Random(seed);
        var chosen = new List<int>();
        foreach (var group in Enumerable.Range(0, y.Count).GroupBy(i => y[i]).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            random.Shuffle(members);
            chosen.AddRange(members.Take(Math.Max(1, (int)Math.Round((double)members.Length * size / y.Count))));
        }

        chosen.Sort();
        return chosen;
    }

    /// <summary>Fold number of each example: each class is shuffled (seeded) and dealt round-robin.</summary>
    public static int[] StratifiedFolds(IReadOnlyList<int> y, int folds, int seed)
    {
        var random = new Random(seed);
        var assignment = new int[y.Count];
        var next = 0;
        foreach (var group in Enumerable.Range(0, y.Count).GroupBy(i => y[i]).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            random.Shuffle(members);
            foreach (var i in members)
            {
                assignment[i] = next;
                next = (next + 1) % folds;
            }
        }

        return assignment;
    }

    /// <summary>The departments in ordinal order and each report's class index.</summary>
    private static (string[] Labels, int[] Y) Classes(IReadOnlyList<LabeledExample> examples)
    {
        if (examples.Count == 0)
        {
            throw new InvalidOperationException("No reports with a department to train on.");
        }

        var labels = examples.Select(e => e.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var labelIndex = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        return (labels, [.. examples.Select(e => labelIndex[e.Label])]);
    }

    private static (RoutingModel Model, int Iterations) Fit(
        IReadOnlyList<LabeledExample> examples, IReadOnlyList<int> y, string[] labels, TrainingOptions options, double temperature)
    {
        var featurizer = Featurizer.Fit([.. examples.Select(e => e.Example)], options.Features);
        var x = examples.Select(e => featurizer.Transform(e.Example)).ToArray();
        var (weights, iterations) = SoftmaxRegression.Train(x, y, featurizer.Count, labels.Length, options.Lambda, options.MaxIterations, options.Tolerance);
        return (new RoutingModel(featurizer, labels, weights, temperature), iterations);
    }
}
