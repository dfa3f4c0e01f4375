using System.Text;

namespace Stadtkern.Features.Catalog.Datastore;

/// <summary>Makes column ids from file headers: lowercase ASCII letters, digits and <c>_</c>, unique, at most 63 characters.</summary>
internal static class ColumnNames
{
    public const int MaxLength = 63;

    public static string Sanitize(string? header)
    {
        var builder = new StringBuilder();
        foreach (var c in (header ?? "").Trim().ToLowerInvariant())
        {
            var mapped = c switch
            {
                'ä' => "ae",
                'ö' => "oe",
                'ü' => "ue",
                'ß' => "ss",
                _ when char.IsAsciiLetterOrDigit(c) => c.ToString(),
                _ => "_",
            };
            if (mapped == "_" && (builder.Length == 0 || builder[^1] == '_'))
            {
                continue;
            }

            builder.Append(mapped);
        }

        var name = builder.ToString().Trim('_');
        if (name.Length == 0)
        {
            name = "spalte";
        }
        else if (char.IsAsciiDigit(name[0]))
        {
            name = "c_" + name;
        }

        return name.Length > MaxLength ? name[..MaxLength].TrimEnd('_') : name;
    }

    /// <summary>Sanitised, unique (case-insensitively) ids for a header row.</summary>
    public static IReadOnlyList<string> ForHeaders(IEnumerable<string?> headers)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<string>();
        foreach (var header in headers)
        {
            var name = Sanitize(header);
            var candidate = name;
            for (var n = 2; !used.Add(candidate); n++)
            {
                var suffix = "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                candidate = (name.Length + suffix.Length > MaxLength ? name[..(MaxLength - suffix.Length)] : name) + suffix;
            }

            result.Add(candidate);
        }

        return result;
    }

    /// <summary>Ids given by clients or editors: any text without quotes or control characters, not starting with <c>_</c> (reserved).</summary>
    public static string? Problem(string? id) => id switch
    {
        null or "" => "Der Spaltenname fehlt.",
        { Length: > MaxLength } => $"Der Spaltenname „{id}“ ist länger als {MaxLength} Zeichen.",
        _ when id.StartsWith('_') => $"Spaltennamen dürfen nicht mit _ beginnen („{id}“).",
        _ when id.Any(c => c == '"' || char.IsControl(c)) => $"Der Spaltenname „{id}“ enthält unzulässige Zeichen.",
        _ when id != id.Trim() => $"Der Spaltenname „{id}“ beginnt oder endet mit Leerzeichen.",
        _ => null,
    };
}
