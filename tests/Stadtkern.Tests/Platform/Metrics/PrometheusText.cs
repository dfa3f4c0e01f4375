using System.Globalization;
using System.Text.RegularExpressions;
using Stadtkern.Platform.Metrics;

namespace Stadtkern.Tests.Platform.Metrics;

/// <summary>Reads scrapes back in tests and checks them against the text exposition grammar.</summary>
internal static partial class PrometheusText
{
    public static async Task<string> ScrapeAsync(PrometheusCollector collector)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        await collector.WriteAsync(writer, TestContext.Current.CancellationToken);
        var text = writer.ToString();
        AssertWellFormed(text);
        return text;
    }

    /// <summary>The value of the sample whose name and label block equal <paramref name="series"/> exactly.</summary>
    public static double Value(string text, string series)
    {
        var line = Lines(text).SingleOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        line.ShouldNotBeNull($"no sample '{series}' in:\n{text}");
        return ParseNumber(line[(series.Length + 1)..]);
    }

    public static bool HasSeries(string text, string series) =>
        Lines(text).Any(l => l.StartsWith(series + " ", StringComparison.Ordinal));

    public static IEnumerable<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static void AssertWellFormed(string text)
    {
        if (text.Length > 0)
        {
            text.ShouldEndWith("\n");
        }

        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in Lines(text))
        {
            if (line.StartsWith('#'))
            {
                var comment = CommentLine().Match(line);
                comment.Success.ShouldBeTrue($"bad comment line: {line}");
                if (comment.Groups["kind"].Value == "TYPE")
                {
                    var name = comment.Groups["name"].Value;
                    types.ContainsKey(name).ShouldBeFalse($"TYPE repeated for {name}");
                    comment.Groups["rest"].Value.ShouldBeOneOf("counter", "gauge", "histogram", "summary", "untyped");
                    types[name] = comment.Groups["rest"].Value;
                }

                continue;
            }

            SampleLine().IsMatch(line).ShouldBeTrue($"bad sample line: {line}");
            var sampleName = line[..line.IndexOfAny(['{', ' '])];
            FamilyOf(sampleName, types).ShouldNotBeNull($"sample {sampleName} has no preceding # TYPE");
            _ = ParseNumber(line[(line.LastIndexOf(' ') + 1)..]);
        }
    }

    private static string? FamilyOf(string sampleName, Dictionary<string, string> types)
    {
        if (types.ContainsKey(sampleName))
        {
            return sampleName;
        }

        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal)
                && types.TryGetValue(sampleName[..^suffix.Length], out var type)
                && type == "histogram")
            {
                return sampleName[..^suffix.Length];
            }
        }

        return null;
    }

    private static double ParseNumber(string value) => value switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*\\})? [^ ]+$")]
    private static partial Regex SampleLine();

    [GeneratedRegex("^# (?<kind>HELP|TYPE) (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (?<rest>.*)$")]
    private static partial Regex CommentLine();
}
