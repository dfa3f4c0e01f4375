using System.Globalization;
using System.Text;
using Stadtkern.Features.Catalog.Search;

namespace Stadtkern.Features.Catalog.Ckan;

/// <summary>The parts of a CKAN <c>q</c>/<c>fq</c> that the catalog search understands.</summary>
internal sealed record CkanQueryParts(string? Text, IReadOnlyList<FacetFilter> Filters, DateTimeOffset? ModifiedSince);

/// <summary>
/// Translates the Solr syntax CKAN clients send into a <see cref="DatasetQuery"/>: <c>field:value</c> and
/// <c>field:"quoted value"</c> terms on the facet fields, free words, <c>+</c>/<c>-</c>/<c>NOT</c> prefixes,
/// <c>AND</c> (all terms must hold anyway), <c>*:*</c>, and <c>metadata_modified:[date TO *]</c>.
/// Everything else (OR, parentheses, unknown fields, broken quotes) is a Search Query Error, never a guess.
/// Pure, no I/O.
/// </summary>
internal static class CkanSearchQuery
{
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["organization"] = "organization",
        ["tags"] = "tags",
        ["tag"] = "tags",
        ["res_format"] = "res_format",
        ["groups"] = "groups",
        ["license_id"] = "license_id",
        ["theme"] = "theme",
        ["dcat_theme"] = "theme",
        ["access_level"] = "access",
    };

    private static readonly HashSet<string> TextFields = new(StringComparer.Ordinal) { "text", "title", "notes" };

    /// <summary>Parses q and fq together (both must hold). Throws <see cref="CkanException"/> (Search Query Error) on what it cannot honour.</summary>
    public static CkanQueryParts Parse(string? q, string? fq)
    {
        var words = new List<string>();
        var filters = new List<FacetFilter>();
        DateTimeOffset? since = null;
        foreach (var (source, text) in new[] { ("q", q), ("fq", fq) })
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            foreach (var term in Tokenize(text, source))
            {
                if (term.Field is null)
                {
                    if (term.Negated)
                    {
                        throw Error(source, $"Wörter lassen sich nicht ausschließen: -{term.Value}");
                    }

                    if (term.Value != "*")
                    {
                        words.Add(term.Value);
                    }

                    continue;
                }

                if (term.Field == "*" && term.Value == "*")
                {
                    continue;
                }

                if (term.Field == "metadata_modified")
                {
                    since = Range(term, source) ?? since;
                }
                else if (TextFields.Contains(term.Field) && !term.Negated)
                {
                    words.Add(term.Value);
                }
                else if (Fields.TryGetValue(term.Field, out var facet))
                {
                    if (term.IsRange)
                    {
                        throw Error(source, $"Bereiche gehen nur für metadata_modified, nicht für {term.Field}.");
                    }

                    if (term.Value != "*")
                    {
                        filters.Add(new FacetFilter(facet, term.Value, term.Negated));
                    }
                }
                else
                {
                    throw Error(source, $"Unbekanntes Suchfeld „{term.Field}“. Möglich: {string.Join(", ", Fields.Keys.Concat(TextFields).Append("metadata_modified"))}.");
                }
            }
        }

        return new CkanQueryParts(words.Count == 0 ? null : string.Join(' ', words), filters, since);
    }

    /// <summary>CKAN sort strings (<c>score desc, metadata_modified desc</c>, <c>title_string asc</c>, ...) to a <see cref="DatasetSort"/>.</summary>
    public static DatasetSort Sort(string? sort)
    {
        if (string.IsNullOrWhiteSpace(sort))
        {
            return DatasetSort.Relevance;
        }

        var first = sort.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        var parts = first.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var field = parts.ElementAtOrDefault(0)?.ToLowerInvariant();
        var direction = parts.ElementAtOrDefault(1)?.ToLowerInvariant() ?? "asc";
        if (parts.Length > 2 || direction is not ("asc" or "desc"))
        {
            throw CkanException.SearchQuery($"Search Query is invalid: sort „{sort}“ (erwartet: Feld asc|desc)");
        }

        return (field, direction) switch
        {
            ("score", _) => DatasetSort.Relevance,
            ("metadata_modified", "desc") => DatasetSort.ModifiedDescending,
            ("metadata_modified", "asc") => DatasetSort.ModifiedAscending,
            ("title_string" or "title", "asc") => DatasetSort.TitleAscending,
            ("title_string" or "title", "desc") => DatasetSort.TitleDescending,
            ("name", "asc") => DatasetSort.NameAscending,
            ("issued", "desc") => DatasetSort.IssuedDescending,
            _ => throw CkanException.SearchQuery(
                $"Search Query is invalid: sort „{sort}“ wird nicht unterstützt (score desc, metadata_modified asc|desc, title_string asc|desc, name asc, issued desc)"),
        };
    }

    private sealed record Term(string? Field, string Value, bool Negated, bool IsRange);

    private static List<Term> Tokenize(string text, string source)
    {
        var terms = new List<Term>();
        var i = 0;
        var negateNext = false;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                break;
            }

            var negated = negateNext;
            negateNext = false;
            if (text[i] is '+' or '-' or '!')
            {
                negated ^= text[i] != '+';
                i++;
                if (i >= text.Length || char.IsWhiteSpace(text[i]))
                {
                    throw Error(source, "Ein + oder - muss direkt vor einem Suchbegriff stehen.");
                }
            }

            if (text[i] is '(' or ')' or '{' or '}')
            {
                throw Error(source, "Klammern werden nicht unterstützt; Bedingungen gelten ohnehin alle zugleich (AND).");
            }

            var (first, quoted) = ReadValue(text, ref i, source, stopAtColon: true);
            if (!quoted && i < text.Length && text[i] == ':')
            {
                i++;
                if (i >= text.Length || char.IsWhiteSpace(text[i]))
                {
                    throw Error(source, $"Nach „{first}:“ fehlt der Wert.");
                }

                if (text[i] is '(' or ')')
                {
                    throw Error(source, "Klammern werden nicht unterstützt; Bedingungen gelten ohnehin alle zugleich (AND).");
                }

                if (text[i] == '[')
                {
                    var close = text.IndexOf(']', i);
                    if (close < 0)
                    {
                        throw Error(source, "Ein Bereich [von TO bis] ist nicht geschlossen.");
                    }

                    terms.Add(new Term(first, text[(i + 1)..close], negated, IsRange: true));
                    i = close + 1;
                    continue;
                }

                var (value, _) = ReadValue(text, ref i, source, stopAtColon: false);
                if (value.Length == 0)
                {
                    throw Error(source, $"Nach „{first}:“ fehlt der Wert.");
                }

                terms.Add(new Term(first, value, negated, IsRange: false));
                continue;
            }

            if (!quoted)
            {
                switch (first)
                {
                    case "AND" or "&&":
                        continue;
                    case "NOT":
                        negateNext = !negated;
                        continue;
                    case "OR" or "||":
                        throw Error(source, "OR wird nicht unterstützt; alle Bedingungen gelten zugleich.");
                }
            }

            if (first.Length > 0)
            {
                terms.Add(new Term(null, first, negated, IsRange: false));
            }
        }

        if (negateNext)
        {
            throw Error(source, "Nach NOT fehlt ein Suchbegriff.");
        }

        return terms;
    }

    /// <summary>A quoted string (with <c>\"</c> escapes) or a bare run up to whitespace (and, for field names, a colon).</summary>
    private static (string Value, bool Quoted) ReadValue(string text, ref int i, string source, bool stopAtColon)
    {
        var value = new StringBuilder();
        if (text[i] == '"')
        {
            i++;
            while (true)
            {
                if (i >= text.Length)
                {
                    throw Error(source, "Ein Anführungszeichen ist nicht geschlossen.");
                }

                var c = text[i++];
                if (c == '"')
                {
                    return (value.ToString(), true);
                }

                if (c == '\\' && i < text.Length)
                {
                    c = text[i++];
                }

                value.Append(c);
            }
        }

        while (i < text.Length && !char.IsWhiteSpace(text[i]) && !(stopAtColon && text[i] == ':'))
        {
            var c = text[i];
            if (c is '(' or ')' or '"')
            {
                throw Error(source, $"Unerwartetes Zeichen „{c}“ in „{text}“.");
            }

            if (c == '\\' && i + 1 < text.Length)
            {
                i++;
                c = text[i];
            }

            value.Append(c);
            i++;
        }

        return (value.ToString(), false);
    }

    private static DateTimeOffset? Range(Term term, string source)
    {
        if (!term.IsRange || term.Negated)
        {
            throw Error(source, "metadata_modified geht nur als Bereich [Zeitpunkt TO *].");
        }

        var bounds = term.Value.Split(" TO ", 2, StringSplitOptions.TrimEntries);
        if (bounds.Length != 2 || (bounds[1] != "*" && !bounds[1].Equals("NOW", StringComparison.Ordinal)))
        {
            throw Error(source, "metadata_modified geht nur als offener Bereich [Zeitpunkt TO *].");
        }

        if (bounds[0] == "*")
        {
            return null;
        }

        return DateTimeOffset.TryParse(bounds[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var since)
            ? since
            : throw Error(source, $"„{bounds[0]}“ ist kein Zeitpunkt (ISO 8601, z. B. 2024-01-31T00:00:00Z).");
    }

    private static CkanException Error(string source, string message) =>
        CkanException.SearchQuery($"Search Query is invalid: {source}: {message}");
}
