using System.Globalization;

namespace Stadtkern.Bench;

/// <summary>The command-line options every benchmark mode shares: <c>--name value</c>, <c>--provider</c>, <c>--set Key=Value</c>.</summary>
internal sealed class BenchArgs(string[] args)
{
    public string Value(string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    public int Int(string name, int fallback) => int.Parse(Value(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    /// <summary>"Sqlite" or "Postgres" from <c>--provider sqlite|postgres</c> (default sqlite).</summary>
    public string Provider() => Value("--provider", "sqlite").ToLowerInvariant() switch
    {
        "sqlite" => "Sqlite",
        "postgres" or "postgresql" => "Postgres",
        var other => throw new ArgumentException($"--provider is sqlite or postgres, not {other}"),
    };

    /// <summary>The repository root from <c>--repo</c> (default: the current directory).</summary>
    public string Repo() => Path.GetFullPath(Value("--repo", Directory.GetCurrentDirectory()));

    /// <summary>Service settings from every <c>--set Key=Value</c> (e.g. <c>--set Sensing__Ingest__MaxBatch=10000</c>).</summary>
    public Dictionary<string, string> Settings()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--set" && args[i + 1].Split('=', 2) is [var key, var value])
            {
                settings[key] = value;
            }
        }

        return settings;
    }
}
