using System.Globalization;
using System.Text;

namespace Stadtkern.Features.Catalog.Rdf;

/// <summary>
/// Writes a graph as Turtle: the graph's prefixes (those used), one block per subject with <c>;</c> and <c>,</c>,
/// and blank nodes that are referenced once written inline as <c>[ … ]</c>.
/// </summary>
internal static class TurtleWriter
{
    public static string Write(RdfGraph graph)
    {
        var sb = new StringBuilder();
        var prefixes = graph.Prefixes.Where(p => graph.Triples.Any(t => Uses(t, p.Value))).ToList();
        foreach (var p in prefixes)
        {
            sb.Append("@prefix ").Append(p.Key).Append(": <").Append(EscapeIri(p.Value)).Append("> .\n");
        }
        if (prefixes.Count > 0)
        {
            sb.Append('\n');
        }
        var state = new State(graph, prefixes, sb);
        var subjects = graph.Triples.Select(t => t.Subject).Distinct().ToList();
        foreach (var s in subjects.Where(s => !state.IsInlinable(s)))
        {
            state.WriteTopLevel(s);
        }
        // blank nodes that only reference each other in a cycle were not reached from any top-level subject
        foreach (var s in subjects.Where(s => !state.Written.Contains(s)))
        {
            state.WriteTopLevel(s);
        }
        return sb.ToString();
    }

    private static bool Uses(Triple t, string ns) =>
        t.Predicate.Value.StartsWith(ns, StringComparison.Ordinal)
        || t.Subject is Iri s && s.Value.StartsWith(ns, StringComparison.Ordinal)
        || t.Obj is Iri o && o.Value.StartsWith(ns, StringComparison.Ordinal)
        || t.Obj is Literal l && l.Language is null && l.Datatype != RdfNs.Xsd + "string" && l.Datatype.StartsWith(ns, StringComparison.Ordinal);

    private sealed class State(RdfGraph graph, List<KeyValuePair<string, string>> prefixes, StringBuilder sb)
    {
        public HashSet<RdfTerm> Written { get; } = [];

        public bool IsInlinable(RdfTerm s) => s is BlankNode && graph.WithObject(s).Count == 1;

        public void WriteTopLevel(RdfTerm s)
        {
            Written.Add(s);
            sb.Append(s is BlankNode && graph.WithObject(s).Count == 0 ? "[]" : Term(s));
            WriteProperties(s, 1);
            sb.Append(" .\n\n");
        }

        private void WriteProperties(RdfTerm s, int indent)
        {
            var groups = graph.WithSubject(s).GroupBy(t => t.Predicate).ToList();
            // rdf:type first reads best
            groups.Sort((a, b) => (b.Key == RdfNs.RdfType).CompareTo(a.Key == RdfNs.RdfType));
            for (var g = 0; g < groups.Count; g++)
            {
                sb.Append(g == 0 ? " " : " ;\n" + new string(' ', indent * 4));
                sb.Append(groups[g].Key == RdfNs.RdfType ? "a" : Term(groups[g].Key)).Append(' ');
                var first = true;
                foreach (var t in groups[g])
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }
                    first = false;
                    WriteObject(t.Obj, indent);
                }
            }
        }

        private void WriteObject(RdfTerm o, int indent)
        {
            if (IsInlinable(o) && Written.Add(o))
            {
                if (graph.WithSubject(o).Count == 0)
                {
                    sb.Append("[]");
                    return;
                }
                sb.Append('[');
                WriteProperties(o, indent + 1);
                sb.Append('\n').Append(' ', indent * 4).Append(']');
                return;
            }
            sb.Append(Term(o));
        }

        private string Term(RdfTerm t) => t switch
        {
            Iri iri => IriText(iri.Value),
            BlankNode b => "_:" + SafeLabel(b.Id),
            Literal l => LiteralText(l),
            _ => throw new InvalidOperationException("Unknown term"),
        };

        private string IriText(string iri)
        {
            foreach (var p in prefixes)
            {
                if (iri.StartsWith(p.Value, StringComparison.Ordinal) && IsSimpleLocal(iri.AsSpan(p.Value.Length)))
                {
                    return p.Key + ":" + iri[p.Value.Length..];
                }
            }
            return "<" + EscapeIri(iri) + ">";
        }

        private string LiteralText(Literal l)
        {
            var text = "\"" + EscapeString(l.Value) + "\"";
            if (l.Language is not null)
            {
                return text + "@" + l.Language;
            }
            return l.Datatype == RdfNs.Xsd + "string" ? text : text + "^^" + IriText(l.Datatype);
        }
    }

    private static bool IsSimpleLocal(ReadOnlySpan<char> local)
    {
        if (local.Length == 0)
        {
            return true;
        }
        for (var i = 0; i < local.Length; i++)
        {
            var c = local[i];
            var ok = char.IsAsciiLetterOrDigit(c) || c == '_' || (i > 0 && c == '-') || (i > 0 && i < local.Length - 1 && c == '.');
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    private static string SafeLabel(string id)
    {
        var sb = new StringBuilder();
        foreach (var c in id)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }
        // different ids could map to one label only when ids contain other characters; keep them apart
        return sb.ToString() == id ? id : sb.Append('_').Append(((uint)id.GetHashCode(StringComparison.Ordinal)).ToString(CultureInfo.InvariantCulture)).ToString();
    }

    internal static string EscapeIri(string iri)
    {
        var sb = new StringBuilder(iri.Length);
        foreach (var c in iri)
        {
            if (c <= ' ' || c is '<' or '>' or '"' or '{' or '}' or '|' or '^' or '`' or '\\')
            {
                sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    internal static string EscapeString(string value)
    {
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < ' ' || c == '\u007F')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        return sb.ToString();
    }
}
