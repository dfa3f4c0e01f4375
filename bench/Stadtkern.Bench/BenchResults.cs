using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stadtkern.Bench;

/// <summary>Where every benchmark leaves its figures: bench/results/{name}.json and .md, the Markdown also on standard output.</summary>
internal static class BenchResults
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>/proc/loadavg as it reads (empty where there is none): every result records the machine's load around its run.</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "";

    public static async Task WriteAsync(string repo, string name, JsonObject results, string markdown, CancellationToken ct)
    {
        var folder = Path.Combine(repo, "bench", "results");
        Directory.CreateDirectory(folder);
        var stem = Path.Combine(folder, name);
        await File.WriteAllTextAsync(stem + ".json", results.ToJsonString(Indented) + "\n", ct);
        await File.WriteAllTextAsync(stem + ".md", markdown, ct);
        Console.WriteLine(markdown);
    }
}
