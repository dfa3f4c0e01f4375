using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Stadtkern.BrowserTests.Infrastructure;

/// <summary>axe-core (from npm, copied next to the test assembly) run in the page against WCAG 2.1 A and AA.</summary>
internal static class Axe
{
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private static readonly Lazy<string> Source = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "axe.min.js");
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new FileNotFoundException("axe.min.js is not next to the test assembly (npm ci in tests/Stadtkern.BrowserTests, then build).", path);
    });

    private const string RunScript = """
        async tags => {
          const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
          return result.violations.map(v => ({
            id: v.id,
            impact: v.impact ?? '',
            help: v.help,
            helpUrl: v.helpUrl,
            nodes: v.nodes.map(n => ({
              target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(', '),
              html: n.html,
              summary: n.failureSummary ?? '',
            })),
          }));
        }
        """;

    /// <summary>Fails with every serious or critical violation on the page (rule, impact, element, why);
    /// minor and moderate ones go to the test output.</summary>
    public static async Task ShouldHaveNoSeriousViolationsAsync(IPage page)
    {
        var violations = await RunAsync(page);
        var blocking = violations.Where(v => v.Impact is "serious" or "critical").ToList();
        var other = violations.Except(blocking).ToList();
        if (other.Count > 0)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(Describe($"axe: {other.Count} minor/moderate violation(s) on {page.Url} (not failing)", other));
        }

        if (blocking.Count > 0)
        {
            Assert.Fail(Describe($"axe: {blocking.Count} serious/critical WCAG 2.1 A/AA violation(s) on {page.Url}", blocking));
        }
    }

    public static async Task<IReadOnlyList<AxeViolation>> RunAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = Source.Value });
        }

        var result = await page.EvaluateAsync<JsonElement>(RunScript, WcagTags);
        return result.Deserialize<AxeViolation[]>(JsonSerializerOptions.Web) ?? [];
    }

    private static string Describe(string title, IEnumerable<AxeViolation> violations)
    {
        var text = new StringBuilder(title).AppendLine(":");
        foreach (var v in violations)
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"- {v.Id} ({v.Impact}): {v.Help} [{v.HelpUrl}]");
            foreach (var node in v.Nodes)
            {
                text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"    at {node.Target}: {node.Html}");
                foreach (var line in node.Summary.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"      {line}");
                }
            }
        }

        return text.ToString();
    }
}

internal sealed record AxeViolation(string Id, string Impact, string Help, string HelpUrl, IReadOnlyList<AxeNode> Nodes);

internal sealed record AxeNode(string Target, string Html, string Summary);
