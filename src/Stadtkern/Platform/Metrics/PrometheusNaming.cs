using System.Text;

namespace Stadtkern.Platform.Metrics;

/// <summary>Translates OpenTelemetry-style instrument names, units and tag keys into Prometheus names.</summary>
internal static class PrometheusNaming
{
    private static readonly Dictionary<string, string> UnitWords = new(StringComparer.Ordinal)
    {
        ["d"] = "days",
        ["h"] = "hours",
        ["min"] = "minutes",
        ["s"] = "seconds",
        ["ms"] = "milliseconds",
        ["us"] = "microseconds",
        ["ns"] = "nanoseconds",
        ["By"] = "bytes",
        ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes",
        ["GiBy"] = "gibibytes",
        ["KBy"] = "kilobytes",
        ["MBy"] = "megabytes",
        ["GBy"] = "gigabytes",
        ["bit"] = "bits",
        ["m"] = "meters",
        ["V"] = "volts",
        ["A"] = "amperes",
        ["J"] = "joules",
        ["W"] = "watts",
        ["Hz"] = "hertz",
        ["Cel"] = "celsius",
        ["%"] = "percent",
    };

    public static string MetricName(string instrumentName, string? unit, MetricType type)
    {
        var name = Sanitize(instrumentName, allowColon: true);

        // "_total" belongs at the very end, after the unit, so strip one the instrument name already carries.
        if (type == MetricType.Counter && name.EndsWith("_total", StringComparison.Ordinal) && name.Length > "_total".Length)
        {
            name = name[..^"_total".Length];
        }

        var suffix = UnitSuffix(unit);
        if (suffix is not null && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name = name + "_" + suffix;
        }

        return type == MetricType.Counter ? name + "_total" : name;
    }

    public static string LabelName(string tagKey) => Sanitize(tagKey, allowColon: false);

    /// <summary>Returns null when the unit adds nothing to the name, e.g. "1" or an annotation like "{request}".</summary>
    public static string? UnitSuffix(string? unit)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return null;
        }

        var stripped = StripAnnotations(unit).Trim();
        if (stripped.Length == 0 || stripped == "1")
        {
            return null;
        }

        var slash = stripped.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            var numerator = UnitWord(stripped[..slash]);
            var denominator = UnitWord(stripped[(slash + 1)..]);
            if (denominator is null)
            {
                return numerator;
            }

            return numerator is null ? "per_" + Singular(denominator) : numerator + "_per_" + Singular(denominator);
        }

        return UnitWord(stripped);
    }

    private static string? UnitWord(string unit)
    {
        unit = unit.Trim();
        if (unit.Length == 0 || unit == "1")
        {
            return null;
        }

        if (UnitWords.TryGetValue(unit, out var word))
        {
            return word;
        }

        var sanitized = Sanitize(unit, allowColon: false).Trim('_');
        return sanitized.Length == 0 ? null : sanitized;
    }

    // "bytes per second" reads better than "bytes per seconds".
    private static string Singular(string word) =>
        word.Length > 1 && word.EndsWith('s') && word != "celsius" ? word[..^1] : word;

    private static string StripAnnotations(string unit)
    {
        var builder = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Replaces every character outside [a-zA-Z0-9_] (plus ':' for metric names) with '_', collapses runs of '_'
    /// (so a label can never start with the reserved "__") and prefixes a leading digit.
    /// </summary>
    private static string Sanitize(string value, bool allowColon)
    {
        var builder = new StringBuilder(value.Length + 1);
        foreach (var c in value)
        {
            var valid = char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
            var next = valid ? c : '_';
            if (next == '_' && builder.Length > 0 && builder[^1] == '_')
            {
                continue;
            }

            builder.Append(next);
        }

        if (builder.Length == 0)
        {
            return "_";
        }

        if (char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }
}
