using System.Globalization;
using System.Text;

namespace Stadtkern.Features.Catalog.Rdf;

/// <summary>
/// Reads Turtle 1.1 (and therefore N-Triples): @prefix/@base and SPARQL-style PREFIX/BASE, prefixed names,
/// <c>a</c>, <c>;</c> and <c>,</c>, blank nodes (<c>_:x</c>, <c>[]</c>, <c>[ p o ]</c>), collections, short and
/// long strings with escapes, language tags, datatypes, numbers and booleans. One pass over the text, no
/// backtracking, bounded nesting: it cannot hang. Errors carry line and column.
/// </summary>
internal sealed class TurtleParser
{
    private readonly string text;
    private readonly RdfParserOptions options;
    private readonly RdfGraph graph;
    private readonly Dictionary<string, string> prefixes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BlankNode> labels = new(StringComparer.Ordinal);
    private string? baseIri;
    private int pos;
    private int depth;

    private TurtleParser(string text, RdfParserOptions options, RdfGraph graph)
    {
        this.text = text;
        this.options = options;
        this.graph = graph;
        baseIri = options.BaseIri;
    }

    /// <summary>Parses a Turtle document into a new graph (its prefixes are kept for writing).</summary>
    public static RdfGraph Parse(string text, RdfParserOptions? options = null)
    {
        var graph = new RdfGraph();
        ParseInto(text, graph, options);
        return graph;
    }

    public static void ParseInto(string text, RdfGraph graph, RdfParserOptions? options = null)
    {
        options ??= RdfParserOptions.Default;
        if (text.Length > options.MaxCharacters)
        {
            throw new RdfParseException($"Turtle input is larger than the limit of {options.MaxCharacters} characters.");
        }
        var parser = new TurtleParser(text, options, graph);
        parser.Document();
        foreach (var p in parser.prefixes)
        {
            graph.Prefix(p.Key, p.Value);
        }
    }

    private void Document()
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            pos = 1;
        }
        while (true)
        {
            SkipWs();
            if (pos >= text.Length)
            {
                return;
            }
            Statement();
        }
    }

    private void Statement()
    {
        if (Peek() == '@')
        {
            var word = ReadWhile(1, c => char.IsAsciiLetter(c));
            pos += 1 + word.Length;
            switch (word)
            {
                case "prefix":
                    PrefixDirective();
                    break;
                case "base":
                    BaseDirective();
                    break;
                default:
                    throw Error($"Unknown directive '@{word}'");
            }
            SkipWs();
            Expect('.');
            return;
        }
        if (IsKeyword("PREFIX"))
        {
            pos += 6;
            PrefixDirective();
            return;
        }
        if (IsKeyword("BASE"))
        {
            pos += 4;
            BaseDirective();
            return;
        }
        Triples();
        SkipWs();
        Expect('.');
    }

    private bool IsKeyword(string keyword) =>
        pos + keyword.Length < text.Length
        && string.Compare(text, pos, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) == 0
        && (char.IsWhiteSpace(text[pos + keyword.Length]) || text[pos + keyword.Length] == '<');

    private void PrefixDirective()
    {
        SkipWs();
        var start = pos;
        while (pos < text.Length && text[pos] != ':' && IsPnChar(text[pos]))
        {
            pos++;
        }
        var prefix = text[start..pos];
        Expect(':');
        SkipWs();
        prefixes[prefix] = IriRef();
    }

    private void BaseDirective()
    {
        SkipWs();
        baseIri = IriRef();
    }

    private void Triples()
    {
        if (Peek() == '[')
        {
            var subject = BlankNodePropertyList();
            SkipWs();
            if (Peek() != '.')
            {
                PredicateObjectList(subject);
            }
            return;
        }
        var s = Subject();
        SkipWs();
        PredicateObjectList(s);
    }

    private RdfTerm Subject()
    {
        var c = Peek();
        return c switch
        {
            '<' => new Iri(IriRef()),
            '_' => BlankNodeLabel(),
            '(' => Collection(),
            _ when c == '"' || c == '\'' || char.IsAsciiDigit(c) || c is '+' or '-' => throw Error("A literal cannot be a subject"),
            _ => new Iri(PrefixedName()),
        };
    }

    private void PredicateObjectList(RdfTerm subject)
    {
        while (true)
        {
            SkipWs();
            var predicate = Verb();
            ObjectList(subject, predicate);
            SkipWs();
            if (Peek() != ';')
            {
                return;
            }
            while (Peek() == ';')
            {
                pos++;
                SkipWs();
            }
            // a trailing ';' before '.' or ']' is allowed
            if (Peek() is '.' or ']' || pos >= text.Length)
            {
                return;
            }
        }
    }

    private Iri Verb()
    {
        if (Peek() == 'a' && pos + 1 < text.Length && (char.IsWhiteSpace(text[pos + 1]) || text[pos + 1] is '<' or '[' or '"' or '(' or '_'))
        {
            pos++;
            return RdfNs.RdfType;
        }
        if (Peek() == '<')
        {
            return new Iri(IriRef());
        }
        if (pos >= text.Length)
        {
            throw Error("Unexpected end of input: a predicate is missing");
        }
        return new Iri(PrefixedName());
    }

    private void ObjectList(RdfTerm subject, Iri predicate)
    {
        while (true)
        {
            SkipWs();
            var o = Object();
            Emit(subject, predicate, o);
            SkipWs();
            if (Peek() != ',')
            {
                return;
            }
            pos++;
        }
    }

    private RdfTerm Object()
    {
        if (pos >= text.Length)
        {
            throw Error("Unexpected end of input: an object is missing");
        }
        var c = text[pos];
        switch (c)
        {
            case '<':
                return new Iri(IriRef());
            case '_':
                return BlankNodeLabel();
            case '[':
                return BlankNodePropertyList();
            case '(':
                return Collection();
            case '"' or '\'':
                return LiteralValue();
        }
        if (char.IsAsciiDigit(c) || c is '+' or '-' || (c == '.' && pos + 1 < text.Length && char.IsAsciiDigit(text[pos + 1])))
        {
            return Number();
        }
        if (MatchWord("true") || MatchWord("false"))
        {
            var value = text[pos] == 't' ? "true" : "false";
            pos += value.Length;
            return Literal.Typed(value, RdfNs.Xsd + "boolean");
        }
        return new Iri(PrefixedName());
    }

    private bool MatchWord(string word) =>
        string.CompareOrdinal(text, pos, word, 0, word.Length) == 0
        && (pos + word.Length >= text.Length || !IsPnChar(text[pos + word.Length]) && text[pos + word.Length] != ':');

    private BlankNode BlankNodePropertyList()
    {
        Expect('[');
        Enter();
        var node = graph.NewBlankNode();
        SkipWs();
        if (Peek() != ']')
        {
            PredicateObjectList(node);
            SkipWs();
        }
        Expect(']');
        depth--;
        return node;
    }

    private RdfTerm Collection()
    {
        Expect('(');
        Enter();
        var items = new List<RdfTerm>();
        while (true)
        {
            SkipWs();
            if (pos >= text.Length)
            {
                throw Error("Unexpected end of input in a collection");
            }
            if (Peek() == ')')
            {
                pos++;
                break;
            }
            items.Add(Object());
        }
        depth--;
        if (items.Count == 0)
        {
            return RdfNs.RdfNil;
        }
        var nodes = items.Select(_ => graph.NewBlankNode()).ToList();
        for (var i = 0; i < items.Count; i++)
        {
            Emit(nodes[i], RdfNs.RdfFirst, items[i]);
            Emit(nodes[i], RdfNs.RdfRest, i + 1 < items.Count ? nodes[i + 1] : RdfNs.RdfNil);
        }
        return nodes[0];
    }

    private void Enter()
    {
        if (++depth > options.MaxDepth)
        {
            throw Error($"Nesting deeper than {options.MaxDepth} levels");
        }
    }

    private BlankNode BlankNodeLabel()
    {
        if (pos + 1 >= text.Length || text[pos + 1] != ':')
        {
            throw Error("Expected a blank node label '_:'");
        }
        pos += 2;
        var start = pos;
        while (pos < text.Length && (IsPnChar(text[pos]) || text[pos] == '.'))
        {
            pos++;
        }
        while (pos > start && text[pos - 1] == '.')
        {
            pos--;
        }
        if (pos == start)
        {
            throw Error("Empty blank node label");
        }
        var label = text[start..pos];
        if (!labels.TryGetValue(label, out var node))
        {
            labels[label] = node = graph.NewBlankNode();
        }
        return node;
    }

    private string IriRef()
    {
        var startPos = pos;
        Expect('<');
        var sb = new StringBuilder();
        while (true)
        {
            if (pos >= text.Length)
            {
                pos = startPos;
                throw Error("Unterminated IRI");
            }
            var c = text[pos++];
            if (c == '>')
            {
                break;
            }
            if (c == '\\')
            {
                if (pos < text.Length && text[pos] is 'u' or 'U')
                {
                    sb.Append(Uchar());
                    continue;
                }
                pos--;
                throw Error("Invalid escape in IRI");
            }
            if (c <= ' ' || c is '<' or '"' or '{' or '}' or '|' or '^' or '`')
            {
                pos--;
                throw Error($"Character U+{(int)c:X4} is not allowed in an IRI");
            }
            sb.Append(c);
        }
        var raw = sb.ToString();
        var resolved = IriResolver.Resolve(baseIri, raw);
        if (resolved is null)
        {
            pos = startPos;
            throw Error($"Relative IRI <{raw}> without a base IRI");
        }
        return resolved;
    }

    private string PrefixedName()
    {
        var start = pos;
        while (pos < text.Length && text[pos] != ':' && IsPnChar(text[pos]))
        {
            pos++;
        }
        if (pos >= text.Length || text[pos] != ':')
        {
            pos = start;
            var token = ReadWhile(0, c => !char.IsWhiteSpace(c));
            throw Error(token.Length == 0 ? "Unexpected end of input" : $"Unexpected '{(token.Length > 20 ? token[..20] + "…" : token)}'");
        }
        var prefix = text[start..pos];
        pos++;
        if (!prefixes.TryGetValue(prefix, out var ns))
        {
            pos = start;
            throw Error($"Undeclared prefix '{prefix}:'");
        }
        var local = new StringBuilder();
        while (pos < text.Length)
        {
            var c = text[pos];
            if (c == '\\' && pos + 1 < text.Length && "_~.-!$&'()*+,;=/?#@%".Contains(text[pos + 1], StringComparison.Ordinal))
            {
                local.Append(text[pos + 1]);
                pos += 2;
            }
            else if (IsPnChar(c) || c is ':' or '%' || (c == '.' && pos + 1 < text.Length && (IsPnChar(text[pos + 1]) || text[pos + 1] is ':' or '%')))
            {
                local.Append(c);
                pos++;
            }
            else
            {
                break;
            }
        }
        return ns + local;
    }

    private static bool IsPnChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' || c > 0x7F && c != '\uFEFF';

    private Literal LiteralValue()
    {
        var value = StringValue();
        if (Peek() == '@')
        {
            pos++;
            var lang = ReadWhile(0, c => char.IsAsciiLetterOrDigit(c) || c == '-');
            if (lang.Length == 0 || !char.IsAsciiLetter(lang[0]))
            {
                throw Error("Invalid language tag");
            }
            pos += lang.Length;
            return new Literal(value, lang);
        }
        if (Peek() == '^' && pos + 1 < text.Length && text[pos + 1] == '^')
        {
            pos += 2;
            var datatype = Peek() == '<' ? IriRef() : PrefixedName();
            return Literal.Typed(value, datatype);
        }
        return new Literal(value);
    }

    private string StringValue()
    {
        var startPos = pos;
        var quote = text[pos];
        var isLong = pos + 2 < text.Length && text[pos + 1] == quote && text[pos + 2] == quote;
        pos += isLong ? 3 : 1;
        var sb = new StringBuilder();
        while (true)
        {
            if (pos >= text.Length)
            {
                pos = startPos;
                throw Error("Unterminated string");
            }
            var c = text[pos];
            if (c == quote)
            {
                if (!isLong)
                {
                    pos++;
                    return sb.ToString();
                }
                if (pos + 2 < text.Length && text[pos + 1] == quote && text[pos + 2] == quote)
                {
                    // a long string may end with one or two quotes: """a"""" is 'a"'
                    var run = 3;
                    while (run < 5 && pos + run < text.Length && text[pos + run] == quote)
                    {
                        run++;
                    }
                    sb.Append(quote, run - 3);
                    pos += run;
                    return sb.ToString();
                }
                sb.Append(c);
                pos++;
                continue;
            }
            if (!isLong && c is '\n' or '\r')
            {
                throw Error("Line break in a short string (use \"\"\" for multi-line text)");
            }
            if (c == '\\')
            {
                pos++;
                var e = Peek();
                switch (e)
                {
                    case 't': sb.Append('\t'); pos++; break;
                    case 'b': sb.Append('\b'); pos++; break;
                    case 'n': sb.Append('\n'); pos++; break;
                    case 'r': sb.Append('\r'); pos++; break;
                    case 'f': sb.Append('\f'); pos++; break;
                    case '"': sb.Append('"'); pos++; break;
                    case '\'': sb.Append('\''); pos++; break;
                    case '\\': sb.Append('\\'); pos++; break;
                    case 'u' or 'U': sb.Append(Uchar()); break;
                    default: pos--; throw Error("Invalid escape sequence in string");
                }
                continue;
            }
            sb.Append(c);
            pos++;
        }
    }

    private string Uchar()
    {
        var len = text[pos] == 'u' ? 4 : 8;
        pos++;
        if (pos + len > text.Length
            || !int.TryParse(text.AsSpan(pos, len), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var cp)
            || cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        {
            throw Error("Invalid \\u escape");
        }
        pos += len;
        return char.ConvertFromUtf32(cp);
    }

    private Literal Number()
    {
        var start = pos;
        if (text[pos] is '+' or '-')
        {
            pos++;
        }
        var digits = SkipDigits();
        var type = "integer";
        if (Peek() == '.' && pos + 1 < text.Length && char.IsAsciiDigit(text[pos + 1]))
        {
            pos++;
            digits += SkipDigits();
            type = "decimal";
        }
        if (Peek() is 'e' or 'E')
        {
            pos++;
            if (Peek() is '+' or '-')
            {
                pos++;
            }
            if (SkipDigits() == 0)
            {
                throw Error("Invalid number exponent");
            }
            type = "double";
        }
        if (digits == 0)
        {
            pos = start;
            throw Error("Invalid number");
        }
        return Literal.Typed(text[start..pos], RdfNs.Xsd + type);
    }

    private int SkipDigits()
    {
        var n = 0;
        while (pos < text.Length && char.IsAsciiDigit(text[pos]))
        {
            pos++;
            n++;
        }
        return n;
    }

    private void Emit(RdfTerm s, Iri p, RdfTerm o)
    {
        graph.Add(s, p, o);
        if (graph.Count > options.MaxTriples)
        {
            throw Error($"More than {options.MaxTriples} triples");
        }
    }

    private char Peek() => pos < text.Length ? text[pos] : '\0';

    private string ReadWhile(int offset, Func<char, bool> accept)
    {
        var i = pos + offset;
        while (i < text.Length && accept(text[i]))
        {
            i++;
        }
        return text[Math.Min(pos + offset, text.Length)..i];
    }

    private void Expect(char c)
    {
        if (pos >= text.Length)
        {
            throw Error($"Unexpected end of input, expected '{c}'");
        }
        if (text[pos] != c)
        {
            throw Error($"Expected '{c}' but found '{text[pos]}'");
        }
        pos++;
    }

    private void SkipWs()
    {
        while (pos < text.Length)
        {
            var c = text[pos];
            if (c == '#')
            {
                while (pos < text.Length && text[pos] != '\n')
                {
                    pos++;
                }
            }
            else if (c is ' ' or '\t' or '\n' or '\r')
            {
                pos++;
            }
            else
            {
                return;
            }
        }
    }

    private RdfParseException Error(string message)
    {
        int line = 1, col = 1;
        var end = Math.Min(pos, text.Length);
        for (var i = 0; i < end; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                col = 1;
            }
            else
            {
                col++;
            }
        }
        return new RdfParseException("Turtle: " + message, line, col);
    }
}
