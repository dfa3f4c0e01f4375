using System.Globalization;
using System.Text;
using System.Xml;

namespace Stadtkern.Features.Catalog.Rdf;

/// <summary>
/// Writes a graph as RDF/XML: one <c>rdf:Description</c> per subject (rdf:about or rdf:nodeID), properties as
/// elements with rdf:resource, rdf:nodeID, xml:lang or rdf:datatype. Flat and regular, so every RDF/XML reader
/// gets the same triples.
/// </summary>
internal static class RdfXmlWriter
{
    public static string Write(RdfGraph graph)
    {
        var namespaces = new List<KeyValuePair<string, string>> { new("rdf", RdfNs.Rdf) };
        var split = new Dictionary<Iri, (string Prefix, string Local)>();
        foreach (var p in graph.Triples.Select(t => t.Predicate).Distinct())
        {
            split[p] = Split(p, graph, namespaces);
        }

        var sb = new StringBuilder();
        var settings = new XmlWriterSettings
        {
            Indent = true,
            IndentChars = "  ",
            Encoding = new UTF8Encoding(false),
            OmitXmlDeclaration = false,
            NewLineChars = "\n",
        };
        using (var w = XmlWriter.Create(new StringWriter(sb, CultureInfo.InvariantCulture), settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("rdf", "RDF", RdfNs.Rdf);
            foreach (var ns in namespaces.Where(n => n.Key != "rdf"))
            {
                w.WriteAttributeString("xmlns", ns.Key, null, ns.Value);
            }
            foreach (var subject in graph.Triples.Select(t => t.Subject).Distinct())
            {
                w.WriteStartElement("rdf", "Description", RdfNs.Rdf);
                WriteNodeAttribute(w, subject, "about");
                foreach (var t in graph.WithSubject(subject))
                {
                    var (prefix, local) = split[t.Predicate];
                    w.WriteStartElement(prefix, local, namespaces.First(n => n.Key == prefix).Value);
                    switch (t.Obj)
                    {
                        case Iri or BlankNode:
                            WriteNodeAttribute(w, t.Obj, "resource");
                            break;
                        case Literal l:
                            if (l.Language is not null)
                            {
                                w.WriteAttributeString("xml", "lang", null, l.Language);
                            }
                            else if (l.Datatype != RdfNs.Xsd + "string")
                            {
                                w.WriteAttributeString("rdf", "datatype", RdfNs.Rdf, l.Datatype);
                            }
                            w.WriteString(XmlSafe(l.Value));
                            break;
                    }
                    w.WriteEndElement();
                }
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return sb.Append('\n').ToString();
    }

    private static void WriteNodeAttribute(XmlWriter w, RdfTerm node, string iriAttribute)
    {
        if (node is BlankNode b)
        {
            w.WriteAttributeString("rdf", "nodeID", RdfNs.Rdf, NodeId(b.Id));
        }
        else
        {
            w.WriteAttributeString("rdf", iriAttribute, RdfNs.Rdf, XmlSafe(((Iri)node).Value));
        }
    }

    private static string NodeId(string id)
    {
        // rdf:nodeID must be an XML NCName
        var sb = new StringBuilder("n");
        foreach (var c in id)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) ? c : '_' + ((int)c).ToString("X", CultureInfo.InvariantCulture) + '_');
        }
        return sb.ToString();
    }

    /// <summary>Characters XML 1.0 cannot carry become U+FFFD (Turtle and JSON-LD keep them).</summary>
    private static string XmlSafe(string s)
    {
        foreach (var c in s)
        {
            if (!XmlConvert.IsXmlChar(c) && !char.IsSurrogate(c))
            {
                return new string(s.Select(ch => XmlConvert.IsXmlChar(ch) || char.IsSurrogate(ch) ? ch : '\uFFFD').ToArray());
            }
        }
        return s;
    }

    /// <summary>Splits a predicate into a namespace (declared once) and an NCName local part.</summary>
    private static (string, string) Split(Iri predicate, RdfGraph graph, List<KeyValuePair<string, string>> namespaces)
    {
        var iri = predicate.Value;
        foreach (var p in graph.Prefixes.Prepend(new("rdf", RdfNs.Rdf)))
        {
            if (iri.StartsWith(p.Value, StringComparison.Ordinal) && IsNcName(iri[p.Value.Length..]))
            {
                if (!namespaces.Exists(n => n.Key == p.Key))
                {
                    namespaces.Add(p);
                }
                return (p.Key, iri[p.Value.Length..]);
            }
        }
        // the longest NCName at the end of the IRI is the local part
        var start = iri.Length;
        while (start > 0 && (char.IsAsciiLetterOrDigit(iri[start - 1]) || iri[start - 1] is '_' or '-' or '.'))
        {
            start--;
        }
        while (start < iri.Length && !(char.IsAsciiLetter(iri[start]) || iri[start] == '_'))
        {
            start++;
        }
        if (start >= iri.Length)
        {
            throw new InvalidOperationException($"The predicate <{iri}> cannot be written in RDF/XML (no NCName at its end).");
        }
        var ns = iri[..start];
        var existing = namespaces.FirstOrDefault(n => n.Value == ns);
        if (existing.Key is null)
        {
            existing = new("ns" + namespaces.Count.ToString(CultureInfo.InvariantCulture), ns);
            namespaces.Add(existing);
        }
        return (existing.Key, iri[start..]);
    }

    private static bool IsNcName(string s)
    {
        if (s.Length == 0 || !(char.IsAsciiLetter(s[0]) || s[0] == '_'))
        {
            return false;
        }
        return s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
    }
}
