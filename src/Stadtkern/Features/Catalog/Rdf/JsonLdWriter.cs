using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Stadtkern.Features.Catalog.Rdf;

/// <summary>
/// Writes a graph as JSON-LD 1.1 in flattened form: an <c>@context</c> of the graph's prefixes and an
/// <c>@graph</c> with one node object per subject. Every value is explicit (<c>@id</c>, or <c>@value</c> with
/// <c>@language</c>/<c>@type</c>), so a JSON-LD processor's toRdf gives back exactly the graph's triples.
/// </summary>
internal static class JsonLdWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(RdfGraph graph)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            var prefixes = graph.Prefixes.Where(p => p.Value.Length > 0 && p.Value[^1] is '/' or '#').ToList();
            w.WriteStartObject();
            w.WriteStartObject("@context");
            foreach (var p in prefixes)
            {
                w.WriteString(p.Key, p.Value);
            }
            w.WriteEndObject();
            w.WriteStartArray("@graph");
            foreach (var subject in graph.Triples.Select(t => t.Subject).Distinct())
            {
                w.WriteStartObject();
                w.WriteString("@id", NodeId(subject));
                var triples = graph.WithSubject(subject);
                var types = triples.Where(t => t.Predicate == RdfNs.RdfType && t.Obj is Iri).Select(t => ((Iri)t.Obj).Value).ToList();
                if (types.Count > 0)
                {
                    w.WriteStartArray("@type");
                    foreach (var type in types)
                    {
                        w.WriteStringValue(Compact(type, prefixes));
                    }
                    w.WriteEndArray();
                }
                foreach (var group in triples.Where(t => !(t.Predicate == RdfNs.RdfType && t.Obj is Iri)).GroupBy(t => t.Predicate))
                {
                    w.WriteStartArray(Compact(group.Key.Value, prefixes));
                    foreach (var t in group)
                    {
                        w.WriteStartObject();
                        if (t.Obj is Literal l)
                        {
                            w.WriteString("@value", l.Value);
                            if (l.Language is not null)
                            {
                                w.WriteString("@language", l.Language);
                            }
                            else if (l.Datatype != RdfNs.Xsd + "string")
                            {
                                w.WriteString("@type", Compact(l.Datatype, prefixes));
                            }
                        }
                        else
                        {
                            w.WriteString("@id", NodeId(t.Obj));
                        }
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static string NodeId(RdfTerm t) => t switch
    {
        BlankNode b => "_:" + b.Id,
        Iri i => i.Value,
        _ => throw new InvalidOperationException("A literal cannot be a node"),
    };

    private static string Compact(string iri, List<KeyValuePair<string, string>> prefixes)
    {
        foreach (var p in prefixes)
        {
            // "prefix:" followed by "//" would read as an absolute IRI; a local part must not start that way
            if (iri.Length > p.Value.Length && iri.StartsWith(p.Value, StringComparison.Ordinal)
                && !iri.AsSpan(p.Value.Length).StartsWith("//", StringComparison.Ordinal))
            {
                return p.Key + ":" + iri[p.Value.Length..];
            }
        }
        return iri;
    }
}
