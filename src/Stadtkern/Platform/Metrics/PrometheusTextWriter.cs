using System.Globalization;
using System.Text;

namespace Stadtkern.Platform.Metrics;

/// <summary>Renders metric families in the Prometheus text exposition format, version 0.0.4.</summary>
internal static class PrometheusTextWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>
    /// Families are sorted by name and points by their rendered labels, so two scrapes of the same state are
    /// byte-identical and diffs show only real changes. Families without points are left out.
    /// </summary>
    public static void Write(TextWriter writer, IEnumerable<MetricFamily> families)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(families);

        foreach (var family in families.Where(f => f.Points.Count > 0).OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            WriteFamily(writer, family);
        }
    }

    public static string Render(IEnumerable<MetricFamily> families)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer, families);
        return writer.ToString();
    }

    public static string FormatNumber(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    public static string EscapeHelp(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public static string EscapeLabelValue(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>
    /// Renders the labels without braces. Tag keys that sanitise to the same label name are merged into one label
    /// whose values are joined with ';' in the order of the original keys, as Prometheus rejects repeated names.
    /// </summary>
    public static string RenderLabels(IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        if (labels.Count == 0)
        {
            return string.Empty;
        }

        var merged = labels
            .Select(l => (Name: PrometheusNaming.LabelName(l.Key), l.Key, l.Value))
            .OrderBy(l => l.Name, StringComparer.Ordinal)
            .ThenBy(l => l.Key, StringComparer.Ordinal)
            .GroupBy(l => l.Name, StringComparer.Ordinal);

        var builder = new StringBuilder();
        foreach (var group in merged)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            var value = string.Join(';', group.Select(l => l.Value));
            builder.Append(group.Key).Append("=\"").Append(EscapeLabelValue(value)).Append('"');
        }

        return builder.ToString();
    }

    private static void WriteFamily(TextWriter writer, MetricFamily family)
    {
        if (!string.IsNullOrEmpty(family.Help))
        {
            writer.Write("# HELP ");
            writer.Write(family.Name);
            writer.Write(' ');
            writer.Write(EscapeHelp(family.Help));
            writer.Write('\n');
        }

        writer.Write("# TYPE ");
        writer.Write(family.Name);
        writer.Write(' ');
        writer.Write(TypeName(family.Type));
        writer.Write('\n');

        var points = family.Points
            .Select(p => (Labels: RenderLabels(p.Labels), Point: p))
            .OrderBy(p => p.Labels, StringComparer.Ordinal);

        foreach (var (labels, point) in points)
        {
            if (family.Type == MetricType.Histogram && point.Histogram is { } histogram)
            {
                WriteHistogram(writer, family.Name, labels, histogram);
            }
            else
            {
                WriteSample(writer, family.Name, labels, FormatNumber(point.Value));
            }
        }
    }

    private static void WriteHistogram(TextWriter writer, string name, string labels, HistogramPoint histogram)
    {
        var bucket = name + "_bucket";
        var prefix = labels.Length == 0 ? string.Empty : labels + ",";
        for (var i = 0; i < histogram.Bounds.Count; i++)
        {
            var le = prefix + "le=\"" + FormatNumber(histogram.Bounds[i]) + "\"";
            WriteSample(writer, bucket, le, histogram.CumulativeCounts[i].ToString(CultureInfo.InvariantCulture));
        }

        var count = histogram.Count.ToString(CultureInfo.InvariantCulture);
        WriteSample(writer, bucket, prefix + "le=\"+Inf\"", count);
        WriteSample(writer, name + "_sum", labels, FormatNumber(histogram.Sum));
        WriteSample(writer, name + "_count", labels, count);
    }

    private static void WriteSample(TextWriter writer, string name, string labels, string value)
    {
        writer.Write(name);
        if (labels.Length > 0)
        {
            writer.Write('{');
            writer.Write(labels);
            writer.Write('}');
        }

        writer.Write(' ');
        writer.Write(value);
        writer.Write('\n');
    }

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Histogram => "histogram",
        _ => "gauge",
    };
}
