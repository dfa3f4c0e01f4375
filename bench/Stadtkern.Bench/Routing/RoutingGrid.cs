using System.Globalization;
using System.Text;
using Stadtkern.Features.Reports.Routing;
using Stadtkern.Features.Reports.Routing.Classifier;

namespace Stadtkern.Bench.Routing;

/// <summary>
/// Tuning aid for the router (scripts/bench-routing-grid): 5-fold cross-validation of several settings on the same
/// folds, one line each — accuracy, macro-F1, precision and coverage at a few thresholds, and the largest coverage whose
/// precision is at least 90 %. This is how the defaults in FeatureOptions/TrainingOptions were chosen.
/// </summary>
/// <example>routing-grid --variant "lambda=3e-4" --variant "lambda=1e-3 char=2"</example>
internal static class RoutingGrid
{
    private static readonly double[] Thresholds = [0.76, 0.78, 0.80, 0.82, 0.84, 0.86];

    public static int Run(string[] args)
    {
        var repo = Value(args, "--repo") ?? Directory.GetCurrentDirectory();
        var csv = Value(args, "--csv") ?? Path.GetFullPath(Path.Combine(repo, "..", "shared", "data", "reports", "konstanz-train.csv"));
        using var reader = new StreamReader(csv, Encoding.UTF8);
        var examples = ReportCsv.Read(reader).Where(r => r.Department is not null).Select(RoutingBench.ToExample).ToList();
        var variants = args.Select((a, i) => (a, i)).Where(p => p.a == "--variant" && p.i + 1 < args.Length).Select(p => args[p.i + 1]).ToList();
        if (variants.Count == 0)
        {
            variants.Add("");
        }

        Console.WriteLine($"{examples.Count} reports; columns: accuracy, macro-F1, T, then precision/coverage at {string.Join(' ', Thresholds.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))}, best coverage with precision >= 90 %");
        foreach (var variant in variants)
        {
            var options = Parse(variant);
            var started = DateTime.UtcNow;
            var (outOfFold, temperature) = RoutingTrainer.CrossValidate(examples, options);
            var quality = RoutingMetrics.Measure(outOfFold, 0.82);
            var cells = Thresholds.Select(t => RoutingMetrics.AtThreshold(outOfFold, t)).Select(c => $"{c.Precision * 100:F1}/{c.Coverage * 100:F1}");
            var best = RoutingMetrics.ChooseThreshold(outOfFold, RoutingDefaults.TargetPrecision);
            var (_, bestCoverage) = RoutingMetrics.AtThreshold(outOfFold, best);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{variant}] acc {quality.Accuracy * 100:F2} F1 {quality.MacroF1:F3} T {temperature:F2} | {string.Join(' ', cells)} | >=90%: {bestCoverage * 100:F1} at {best:F2} ({(DateTime.UtcNow - started).TotalSeconds:F0} s)"));
        }

        return 0;
    }

    private static TrainingOptions Parse(string variant)
    {
        var options = new TrainingOptions();
        var features = options.Features;
        foreach (var pair in variant.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, text) = (pair[..pair.IndexOf('=', StringComparison.Ordinal)], pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            var value = double.Parse(text, CultureInfo.InvariantCulture);
            (options, features) = key switch
            {
                "lambda" => (options with { Lambda = value }, features),
                "word" => (options, features with { WordWeight = (float)value }),
                "char" => (options, features with { CharWeight = (float)value }),
                "cat" => (options, features with { CategoricalWeight = (float)value }),
                "mindf" => (options, features with { MinDocumentFrequency = (int)value }),
                "cmin" => (options, features with { CharGramMin = (int)value }),
                "cmax" => (options, features with { CharGramMax = (int)value }),
                "coarse" => (options, features with { CoarseCell = value }),
                "fine" => (options, features with { FineCell = value }),
                "folds" => (options with { Folds = (int)value }, features),
                "tol" => (options with { Tolerance = value }, features),
                _ => throw new ArgumentException($"unknown setting {key}"),
            };
        }

        return options with { Features = features };
    }

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
