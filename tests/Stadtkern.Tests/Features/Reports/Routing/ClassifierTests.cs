using Stadtkern.Features.Reports.Routing.Classifier;

namespace Stadtkern.Tests.Features.Reports.Routing;

public sealed class ClassifierTests
{
    private static RoutingExample Text(string text, string? category = null, double? lat = null, double? lon = null) =>
        new(text, category, null, lat, lon);

    [Fact]
    public void Tf_idf_weighs_rare_words_higher_and_normalises_each_text_block()
    {
        var docs = new[] { Text("laterne defekt"), Text("laterne kaputt"), Text("laterne dunkel"), Text("laterne defekt") };
        var options = new FeatureOptions { MinDocumentFrequency = 1, WordWeight = 1f, CharWeight = 0.5f };
        var featurizer = Featurizer.Fit(docs, options);

        var common = Array.IndexOf(featurizer.Hashes, FeatureHash.Of('w', RoutingText.Stem("laterne")));
        var rare = Array.IndexOf(featurizer.Hashes, FeatureHash.Of('w', RoutingText.Stem("kaputt")));
        common.ShouldBeGreaterThanOrEqualTo(0);
        rare.ShouldBeGreaterThanOrEqualTo(0);
        featurizer.Idf[rare].ShouldBeGreaterThan(featurizer.Idf[common]);

        var vector = featurizer.Transform(Text("laterne kaputt"));
        double Norm(byte block) => Math.Sqrt(vector.Indexes.Select((i, t) => (i, t)).Where(p => featurizer.Blocks[p.i] == block)
            .Sum(p => (double)vector.Values[p.t] * vector.Values[p.t]));
        Norm(0).ShouldBe(1.0, 1e-5);
        Norm(1).ShouldBe(0.5, 1e-5);
        vector.Values[Array.IndexOf(vector.Indexes, rare)].ShouldBeGreaterThan(vector.Values[Array.IndexOf(vector.Indexes, common)]);
    }

    [Fact]
    public void Words_unseen_in_training_add_nothing_and_categories_and_places_are_one_hot()
    {
        var featurizer = Featurizer.Fit([Text("laterne defekt", "Beleuchtung > Laternen", 47.66, 9.17), Text("laterne defekt", "Beleuchtung > Laternen", 47.66, 9.17)], new FeatureOptions());
        var unknown = featurizer.Transform(Text("zzzz qqqq"));
        // Only the one-hot "no category", "no district" and "no location" features are left.
        unknown.Indexes.Length.ShouldBeLessThanOrEqualTo(3);
        var known = featurizer.Transform(Text("", "Beleuchtung > Laternen", 47.66, 9.17));
        known.Values.ShouldAllBe(v => v == 1f);
        known.Indexes.Length.ShouldBe(6); // category, group, district (none), coarse cell, fine cell, category × cell
    }

    [Fact]
    public void Softmax_regression_learns_separable_data_perfectly_with_probabilities_summing_to_one()
    {
        // Three classes told apart by one feature each, plus a shared noise feature.
        var x = new List<SparseVector>();
        var y = new List<int>();
        for (var i = 0; i < 30; i++)
        {
            x.Add(new SparseVector([i % 3, 3], [1f, 0.5f]));
            y.Add(i % 3);
        }

        var (weights, _) = SoftmaxRegression.Train(x, y, features: 4, classes: 3, lambda: 1e-3);
        for (var i = 0; i < x.Count; i++)
        {
            var z = new double[3];
            SoftmaxRegression.Scores(weights, x[i], 3, z);
            SoftmaxRegression.Softmax(z);
            z.Sum().ShouldBe(1.0, 1e-9);
            Array.IndexOf(z, z.Max()).ShouldBe(y[i]);
            z.Max().ShouldBeGreaterThan(0.8);
        }
    }

    [Fact]
    public void Training_is_deterministic_and_a_model_survives_serialisation()
    {
        var examples = Enumerable.Range(0, 40).Select(i => new LabeledExample(
            Text(i % 2 == 0 ? $"Laterne {i} ist dunkel" : $"Schlagloch {i} in der Fahrbahn", i % 2 == 0 ? "Beleuchtung > Laternen" : "Straßen > Schäden", 47.66 + i * 0.001, 9.17),
            i % 2 == 0 ? "stadtwerke" : "tiefbau")).ToList();
        var options = new TrainingOptions { Folds = 4 };
        var first = RoutingTrainer.Train(examples, options);
        var second = RoutingTrainer.Train(examples, options);
        second.Model.Weights.ShouldBe(first.Model.Weights);
        second.Model.Temperature.ShouldBe(first.Model.Temperature);
        first.OutOfFold.Count.ShouldBe(40);

        var copy = RoutingModel.Deserialize(first.Model.Serialize());
        var probe = Text("Die Laterne vor dem Haus ist dunkel", "Beleuchtung > Laternen", 47.67, 9.17);
        copy.Predict(probe).ShouldBe(first.Model.Predict(probe));
        first.Model.Predict(probe)[0].Label.ShouldBe("stadtwerke");
        first.Model.Predict(probe).Sum(p => p.Probability).ShouldBe(1.0, 1e-9);
    }

    [Fact]
    public void Temperature_scaling_cools_overconfident_logits_and_keeps_calibrated_ones()
    {
        // Logits that say 95 % for the first class while it is right only 70 % of the time.
        var random = new Random(1);
        var logits = new List<double[]>();
        var labels = new List<int>();
        for (var i = 0; i < 2000; i++)
        {
            logits.Add([Math.Log(0.95), Math.Log(0.05)]);
            labels.Add(random.NextDouble() < 0.7 ? 0 : 1);
        }

        var t = TemperatureScaling.Fit(logits, labels);
        t.ShouldBeGreaterThan(1.5);
        var p = (double[])logits[0].Clone();
        SoftmaxRegression.Softmax(p, t);
        p[0].ShouldBe(labels.Count(l => l == 0) / 2000.0, 0.01);
    }

    [Fact]
    public void Metrics_count_accuracy_macro_f1_and_precision_and_coverage_at_the_threshold()
    {
        FoldPrediction P(string actual, string predicted, double confidence) => new(actual, predicted, confidence);
        var predictions = new[] { P("a", "a", 0.9), P("a", "a", 0.95), P("a", "b", 0.6), P("b", "b", 0.85), P("b", "a", 0.4) };
        var q = RoutingMetrics.Measure(predictions, 0.8);
        q.Accuracy.ShouldBe(0.6, 1e-9);
        // F1(a) = 2·2/(3+3) = 2/3; F1(b) = 2·1/(2+2) = 1/2.
        q.MacroF1.ShouldBe((2.0 / 3 + 0.5) / 2, 1e-9);
        q.PrecisionAtThreshold.ShouldBe(1.0);
        q.CoverageAtThreshold.ShouldBe(0.6, 1e-9);
        RoutingMetrics.ChooseThreshold(predictions, 0.75).ShouldBe(0.41);
    }
}
