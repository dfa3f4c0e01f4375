using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stadtkern.Features.Reports.Routing;
using Stadtkern.Features.Reports.Routing.Classifier;

namespace Stadtkern.Bench.Routing;

/// <summary>
/// The routing benchmark (issue 5, point 5): 5-fold stratified cross-validation (fixed seed) of the router on the
/// Konstanz reports next to the two baselines computed on the same folds (majority department; category → most frequent
/// department), precision and coverage at the default auto-assign threshold, calibration, training time for 10,000
/// reports and predict latency. Pure computation, no database. Run by scripts/bench-routing; writes
/// bench/results/routing.{json,md}.
/// </summary>
internal static class RoutingBench
{
    public static int Run(string[] args)
    {
        var repo = Arg(args, "--repo") ?? Directory.GetCurrentDirectory();
        var csv = Arg(args, "--csv") ?? Path.GetFullPath(Path.Combine(repo, "..", "shared", "data", "reports", "konstanz-train.csv"));
        var features = new FeatureOptions
        {
            WordWeight = (float?)Number(args, "--word") ?? new FeatureOptions().WordWeight,
            CharWeight = (float?)Number(args, "--char") ?? new FeatureOptions().CharWeight,
            CategoricalWeight = (float?)Number(args, "--cat") ?? new FeatureOptions().CategoricalWeight,
            MinDocumentFrequency = (int?)Number(args, "--min-df") ?? new FeatureOptions().MinDocumentFrequency,
        };
        var options = new TrainingOptions { Features = features, Lambda = Number(args, "--lambda") ?? new TrainingOptions().Lambda };
        options = options with
        {
            MaxIterations = (int?)Number(args, "--iterations") ?? options.MaxIterations,
            Tolerance = Number(args, "--tolerance") ?? options.Tolerance,
        };
        var threshold = Number(args, "--threshold") ?? RoutingDefaults.AutoAssignThreshold;
        var quick = args.Contains("--quick");
        void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

        using var reader = new StreamReader(csv, Encoding.UTF8);
        var rows = ReportCsv.Read(reader).Where(r => r.Department is not null).ToList();
        var examples = rows.Select(ToExample).ToList();
        Log($"{examples.Count} reports from {csv}, {examples.Select(e => e.Label).Distinct().Count()} departments");

        // Baselines on the same folds the trainer uses.
        var labels = examples.Select(e => e.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var y = examples.Select(e => labels.IndexOf(e.Label)).ToArray();
        var folds = RoutingTrainer.StratifiedFolds(y, options.Folds, options.Seed);
        var majority = new List<FoldPrediction>();
        var lookup = new List<FoldPrediction>();
        for (var fold = 0; fold < options.Folds; fold++)
        {
            var train = examples.Where((_, i) => folds[i] != fold).ToList();
            var top = train.GroupBy(e => e.Label).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
            var byCategory = train.GroupBy(e => e.Example.Category ?? "")
                .ToDictionary(g => g.Key, g => g.GroupBy(e => e.Label).OrderByDescending(d => d.Count()).ThenBy(d => d.Key, StringComparer.Ordinal).First().Key);
            foreach (var (e, i) in examples.Select((e, i) => (e, i)).Where(p => folds[p.i] == fold))
            {
                majority.Add(new FoldPrediction(e.Label, top, 1));
                lookup.Add(new FoldPrediction(e.Label, byCategory.GetValueOrDefault(e.Example.Category ?? "", top), 1));
            }
        }

        var watch = Stopwatch.StartNew();
        var cpu = Environment.CpuUsage.TotalTime;
        var trained = RoutingTrainer.Train(examples, options);
        var cvSeconds = watch.Elapsed.TotalSeconds;
        var cvCpu = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
        var quality = RoutingMetrics.Measure(trained.OutOfFold, threshold);
        var (bins, ece) = RoutingMetrics.Calibration(trained.OutOfFold);
        var chosen = RoutingMetrics.ChooseThreshold(trained.OutOfFold, RoutingDefaults.TargetPrecision);
        var (chosenPrecision, chosenCoverage) = RoutingMetrics.AtThreshold(trained.OutOfFold, chosen);
        var majorityQuality = RoutingMetrics.Measure(majority, 0);
        var lookupQuality = RoutingMetrics.Measure(lookup, 0);
        Log($"router: accuracy {quality.Accuracy:P1}, macro-F1 {quality.MacroF1:F3}, at {threshold:F2}: precision {quality.PrecisionAtThreshold:P1} coverage {quality.CoverageAtThreshold:P1}; T={trained.Model.Temperature:F3}, ECE {ece:F3}; {cvSeconds:F1} s (5 folds + final, {trained.Iterations} iterations final)");
        Log($"baselines: majority {majorityQuality.Accuracy:P1}, category lookup {lookupQuality.Accuracy:P1}; lowest threshold with precision >= 90 %: {chosen:F2} (coverage {chosenCoverage:P1})");

        var results = new JsonObject
        {
            ["startedUtc"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["machine"] = new JsonObject
            {
                ["processors"] = Environment.ProcessorCount,
                ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                ["dotnet"] = Environment.Version.ToString(),
                ["loadavgBefore"] = BenchResults.LoadAverage(),
            },
            ["data"] = new JsonObject { ["file"] = Path.GetFileName(csv), ["reports"] = examples.Count, ["departments"] = labels.Count },
            ["settings"] = new JsonObject
            {
                ["folds"] = options.Folds,
                ["seed"] = options.Seed,
                ["lambda"] = options.Lambda,
                ["maxIterations"] = options.MaxIterations,
                ["tolerance"] = options.Tolerance,
                ["features"] = JsonSerializer.SerializeToNode(features),
            },
            ["router"] = Quality(quality),
            ["baselineMajority"] = Quality(majorityQuality),
            ["baselineCategoryLookup"] = Quality(lookupQuality),
            ["calibration"] = new JsonObject
            {
                ["temperature"] = trained.Model.Temperature,
                ["expectedCalibrationError"] = ece,
                ["bins"] = JsonSerializer.SerializeToNode(bins, JsonSerializerOptions.Web),
            },
            ["thresholdForPrecision90"] = new JsonObject { ["threshold"] = chosen, ["precision"] = chosenPrecision, ["coverage"] = chosenCoverage },
            ["curve"] = new JsonArray([.. Enumerable.Range(35, 11).Select(step =>
            {
                var t = step * 0.02;
                var (precision, coverage) = RoutingMetrics.AtThreshold(trained.OutOfFold, t);
                return (JsonNode)new JsonObject { ["threshold"] = t, ["precision"] = precision, ["coverage"] = coverage };
            })]),
            ["trainWithCrossValidationSeconds"] = cvSeconds,
            ["trainWithCrossValidationCpuSeconds"] = cvCpu,
            ["modelBytes"] = trained.Model.Serialize().Length,
            ["features"] = trained.Model.Featurizer.Count,
        };

        // Predict latency: one report at a time through the final model (features + scores + softmax).
        var latencies = new List<double>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var e in examples)
            {
                var start = Stopwatch.GetTimestamp();
                _ = trained.Model.Predict(e.Example);
                if (round > 0)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }
        }

        latencies.Sort();
        var p50 = latencies[latencies.Count / 2];
        var p99 = latencies[(int)(latencies.Count * 0.99)];
        results["predictMs"] = new JsonObject { ["count"] = latencies.Count, ["p50"] = p50, ["p99"] = p99, ["max"] = latencies[^1] };
        Log($"predict: p50 {p50:F3} ms, p99 {p99:F3} ms over {latencies.Count}");

        var dir = Path.Combine(repo, "bench", "results");
        Directory.CreateDirectory(dir);
        void Write()
        {
            File.WriteAllText(Path.Combine(dir, "routing.json"), results.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            File.WriteAllText(Path.Combine(dir, "routing.md"), Markdown(results, quality, majorityQuality, lookupQuality));
        }

        Write();
        if (!quick)
        {
            // 10,000 reports: the Konstanz reports resampled (seeded) with every copy's text shuffled a little
            // (one word dropped, neighbours swapped) so the copies are not identical.
            var big = Augment(examples, 10_000, 7);
            watch.Restart();
            cpu = Environment.CpuUsage.TotalTime;
            var plain = RoutingTrainer.Train(big, options with { CrossValidate = false });
            var plainSeconds = watch.Elapsed.TotalSeconds;
            var plainCpu = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
            double? fullSeconds = null, fullCpu = null;
            if (args.Contains("--cv10k"))
            {
                watch.Restart();
                cpu = Environment.CpuUsage.TotalTime;
                _ = RoutingTrainer.Train(big, options);
                fullSeconds = watch.Elapsed.TotalSeconds;
                fullCpu = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
            }
            results["train10k"] = new JsonObject
            {
                ["reports"] = big.Count,
                ["secondsOneModel"] = plainSeconds,
                ["cpuSecondsOneModel"] = plainCpu,
                ["cpuSecondsWithCrossValidation"] = fullCpu,
                ["iterations"] = plain.Iterations,
                ["secondsWithCrossValidation"] = fullSeconds,
                ["features"] = plain.Model.Featurizer.Count,
                ["modelBytes"] = plain.Model.Serialize().Length,
            };
            Log($"10,000 reports: {plainSeconds:F1} s one model ({plain.Iterations} iterations, {plainCpu:F1} s CPU), with 5-fold calibration: {fullSeconds?.ToString("F1", CultureInfo.InvariantCulture) ?? "not measured (--cv10k)"} s");
        }

        Write();
        Console.WriteLine(Markdown(results, quality, majorityQuality, lookupQuality));
        return 0;
    }

    internal static LabeledExample ToExample(ReportCsvRow row) =>
        new(new RoutingExample(row.Text, row.Category, row.District, row.Lat, row.Lon), row.Department!);

    private static List<LabeledExample> Augment(List<LabeledExample> examples, int count, int seed)
    {
        var random = new Random(seed);
        var result = new List<LabeledExample>(examples);
        while (result.Count < count)
        {
            var e = examples[random.Next(examples.Count)];
            var words = e.Example.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            if (words.Count > 3)
            {
                words.RemoveAt(random.Next(words.Count));
                var i = random.Next(words.Count - 1);
                (words[i], words[i + 1]) = (words[i + 1], words[i]);
            }

            result.Add(e with { Example = e.Example with { Text = string.Join(' ', words) } });
        }

        return result;
    }

    private static JsonObject Quality(RoutingQuality q) => new()
    {
        ["count"] = q.Count,
        ["accuracy"] = q.Accuracy,
        ["macroF1"] = q.MacroF1,
        ["threshold"] = q.Threshold,
        ["precisionAtThreshold"] = q.PrecisionAtThreshold,
        ["coverageAtThreshold"] = q.CoverageAtThreshold,
        ["f1ByDepartment"] = JsonSerializer.SerializeToNode(q.F1ByDepartment),
    };

    private static string Markdown(JsonObject r, RoutingQuality router, RoutingQuality majority, RoutingQuality lookup)
    {
        string P(double v) => v.ToString("P1", CultureInfo.InvariantCulture);
        string F(double v, string format = "F3") => v.ToString(format, CultureInfo.InvariantCulture);
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"# Routing benchmark ({r["startedUtc"]})");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"Data: {r["data"]!["file"]}, {r["data"]!["reports"]} reports, {r["data"]!["departments"]} departments. 5-fold stratified cross-validation (seed {r["settings"]!["seed"]}), all three on the same folds. Machine: {r["machine"]!["processors"]} cores, load before {r["machine"]!["loadavgBefore"]}.");
        s.AppendLine();
        s.AppendLine("| | accuracy | macro-F1 | precision at threshold | coverage at threshold |");
        s.AppendLine("|---|---:|---:|---:|---:|");
        s.AppendLine(CultureInfo.InvariantCulture, $"| majority department | {P(majority.Accuracy)} | {F(majority.MacroF1)} | – | – |");
        s.AppendLine(CultureInfo.InvariantCulture, $"| category → department lookup | {P(lookup.Accuracy)} | {F(lookup.MacroF1)} | – | – |");
        s.AppendLine(CultureInfo.InvariantCulture, $"| router (threshold {F(router.Threshold, "F2")}) | **{P(router.Accuracy)}** | **{F(router.MacroF1)}** | **{P(router.PrecisionAtThreshold)}** | **{P(router.CoverageAtThreshold)}** |");
        s.AppendLine();
        var t90 = r["thresholdForPrecision90"]!;
        s.AppendLine(CultureInfo.InvariantCulture, $"Lowest threshold with out-of-fold precision ≥ 90 %: {F((double)t90["threshold"]!, "F2")} (coverage {P((double)t90["coverage"]!)}). Calibration: temperature {F((double)r["calibration"]!["temperature"]!)}, expected calibration error {F((double)r["calibration"]!["expectedCalibrationError"]!)}.");
        s.AppendLine();
        s.AppendLine("| threshold | precision (auto-assigned) | coverage (share auto-assigned) |");
        s.AppendLine("|---:|---:|---:|");
        foreach (var point in r["curve"]!.AsArray())
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"| {F((double)point!["threshold"]!, "F2")} | {P((double)point["precision"]!)} | {P((double)point["coverage"]!)} |");
        }

        s.AppendLine();
        s.AppendLine("| confidence bin | reports | mean confidence | accuracy |");
        s.AppendLine("|---|---:|---:|---:|");
        foreach (var bin in r["calibration"]!["bins"]!.AsArray())
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"| {F((double)bin!["from"]!, "F1")}–{F((double)bin["to"]!, "F1")} | {bin["count"]} | {P((double)bin["meanConfidence"]!)} | {P((double)bin["accuracy"]!)} |");
        }

        s.AppendLine();
        s.AppendLine("| department | F1 (router) |");
        s.AppendLine("|---|---:|");
        foreach (var (department, f1) in router.F1ByDepartment.OrderByDescending(p => p.Value))
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"| {department} | {F(f1)} |");
        }

        s.AppendLine();
        var predict = r["predictMs"]!;
        s.AppendLine(CultureInfo.InvariantCulture, $"Training with calibration (5 folds + final model) on the {r["data"]!["reports"]} reports: {F((double)r["trainWithCrossValidationSeconds"]!, "F1")} s wall, {F((double)r["trainWithCrossValidationCpuSeconds"]!, "F1")} s CPU; model {r["features"]} features, {r["modelBytes"]} bytes stored. Predict (one report, features + scores): p50 {F((double)predict["p50"]!)} ms, p99 {F((double)predict["p99"]!)} ms.");
        if (r["train10k"] is { } big)
        {
            s.AppendLine();
            s.AppendLine(CultureInfo.InvariantCulture, $"10,000 reports (the file resampled, texts perturbed): one model {F((double)big["secondsOneModel"]!, "F1")} s wall / {F((double)big["cpuSecondsOneModel"]!, "F1")} s CPU ({big["iterations"]} L-BFGS iterations); with the 5-fold calibration that `routing train` does (6 models): {(big["secondsWithCrossValidation"] is null ? "not measured (--cv10k)" : $"{F((double)big["secondsWithCrossValidation"]!, "F1")} s wall / {F((double)big["cpuSecondsWithCrossValidation"]!, "F1")} s CPU")}; {big["features"]} features, {big["modelBytes"]} bytes.");
        }

        return s.ToString();
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static double? Number(string[] args, string name) =>
        Arg(args, name) is { } value ? double.Parse(value, CultureInfo.InvariantCulture) : null;
}
