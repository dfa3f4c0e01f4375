using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Stadtkern.Features.Catalog.Rdf;

/// <summary>
/// Reads RDF/XML from untrusted sources: no DTD (so no external entities and no entity expansion), no resolver,
/// a size limit and a depth limit. Supports rdf:RDF, rdf:Description and typed node elements, rdf:about, rdf:ID,
/// rdf:nodeID, rdf:resource, rdf:datatype, xml:lang, xml:base, property attributes, rdf:li and
/// rdf:parseType="Resource" | "Literal" | "Collection". Reification (rdf:ID on properties) is not expanded.
/// </summary>
internal sealed class RdfXmlParser
{
    private const string XmlNs = "http://www.w3.org/XML/1998/namespace";
    private static readonly XName About = XName.Get("about", RdfNs.Rdf);
    private static readonly XName Id = XName.Get("ID", RdfNs.Rdf);
    private static readonly XName NodeIdName = XName.Get("nodeID", RdfNs.Rdf);
    private static readonly XName Resource = XName.Get("resource", RdfNs.Rdf);
    private static readonly XName Datatype = XName.Get("datatype", RdfNs.Rdf);
    private static readonly XName ParseType = XName.Get("parseType", RdfNs.Rdf);
    private static readonly XName TypeAttr = XName.Get("type", RdfNs.Rdf);
    private static readonly XName BaseAttr = XName.Get("base", XmlNs);
    private static readonly XName LangAttr = XName.Get("lang", XmlNs);

    private readonly RdfGraph graph = new();
    private readonly RdfParserOptions options;
    private readonly Dictionary<string, BlankNode> nodeIds = new(StringComparer.Ordinal);

    private RdfXmlParser(RdfParserOptions options) => this.options = options;

    public static RdfGraph Parse(string xml, RdfParserOptions? options = null)
    {
        options ??= RdfParserOptions.Default;
        if (xml.Length > options.MaxCharacters)
        {
            throw new RdfParseException($"RDF/XML input is larger than the limit of {options.MaxCharacters} characters.");
        }
        using var reader = new StringReader(xml);
        return Parse(reader, options);
    }

    public static RdfGraph Parse(Stream stream, RdfParserOptions? options = null)
    {
        using var reader = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
        return Parse(reader, options ?? RdfParserOptions.Default);
    }

    private static RdfGraph Parse(TextReader text, RdfParserOptions options)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = options.MaxCharacters,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = false,
        };
        XDocument doc;
        try
        {
            using var reader = XmlReader.Create(text, settings);
            doc = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e) when (e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            throw new RdfParseException("RDF/XML: a DOCTYPE/DTD is not allowed (entities are refused to prevent XXE and entity expansion)", e.LineNumber, e.LinePosition, e);
        }
        catch (XmlException e) when (e.Message.Contains("MaxCharactersInDocument", StringComparison.Ordinal))
        {
            throw new RdfParseException($"RDF/XML input is larger than the limit of {options.MaxCharacters} characters.", e.LineNumber, e.LinePosition, e);
        }
        catch (XmlException e)
        {
            throw new RdfParseException("RDF/XML: " + e.Message, e.LineNumber, e.LinePosition, e);
        }
        var parser = new RdfXmlParser(options);
        var root = doc.Root ?? throw new RdfParseException("RDF/XML: empty document");
        var baseIri = Base(options.BaseIri, root);
        var lang = Lang(null, root);
        if (root.Name == XName.Get("RDF", RdfNs.Rdf))
        {
            foreach (var child in root.Elements())
            {
                parser.NodeElement(child, baseIri, lang, 1);
            }
        }
        else
        {
            parser.NodeElement(root, options.BaseIri, null, 1);
        }
        return parser.graph;
    }

    private static string? Base(string? inherited, XElement e)
    {
        var attr = e.Attribute(BaseAttr);
        if (attr is null)
        {
            return inherited;
        }
        var value = attr.Value;
        var hash = value.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            value = value[..hash];
        }
        return IriResolver.Resolve(inherited, value) ?? throw Error(e, $"xml:base '{attr.Value}' cannot be resolved");
    }

    private static string? Lang(string? inherited, XElement e) => e.Attribute(LangAttr)?.Value ?? inherited;

    private RdfTerm NodeElement(XElement e, string? baseIri, string? lang, int depth)
    {
        if (depth > options.MaxDepth)
        {
            throw Error(e, $"Nesting deeper than {options.MaxDepth} levels");
        }
        baseIri = Base(baseIri, e);
        lang = Lang(lang, e);
        RdfTerm subject;
        if (e.Attribute(About) is { } about)
        {
            subject = new Iri(Resolve(e, baseIri, about.Value));
        }
        else if (e.Attribute(Id) is { } id)
        {
            subject = new Iri(Resolve(e, baseIri, "#" + id.Value));
        }
        else if (e.Attribute(NodeIdName) is { } nodeId)
        {
            subject = Blank(nodeId.Value);
        }
        else
        {
            subject = graph.NewBlankNode();
        }
        if (e.Name != XName.Get("Description", RdfNs.Rdf))
        {
            Emit(e, subject, RdfNs.RdfType, new Iri(ElementIri(e)));
        }
        PropertyAttributes(e, subject, baseIri, lang, [About, Id, NodeIdName]);
        if (e.Nodes().OfType<XText>().Any(t => !string.IsNullOrWhiteSpace(t.Value)))
        {
            throw Error(e, "Text is not allowed directly inside a node element");
        }
        var li = 0;
        foreach (var child in e.Elements())
        {
            PropertyElement(subject, child, baseIri, lang, depth + 1, ref li);
        }
        return subject;
    }

    private void PropertyElement(RdfTerm subject, XElement e, string? baseIri, string? lang, int depth, ref int li)
    {
        if (depth > options.MaxDepth)
        {
            throw Error(e, $"Nesting deeper than {options.MaxDepth} levels");
        }
        baseIri = Base(baseIri, e);
        lang = Lang(lang, e);
        var predicate = e.Name == XName.Get("li", RdfNs.Rdf)
            ? new Iri(RdfNs.Rdf + "_" + (++li).ToString(CultureInfo.InvariantCulture))
            : new Iri(ElementIri(e));
        var parseType = e.Attribute(ParseType)?.Value;
        if (parseType is not null)
        {
            switch (parseType)
            {
                case "Resource":
                    var node = graph.NewBlankNode();
                    Emit(e, subject, predicate, node);
                    var inner = 0;
                    foreach (var child in e.Elements())
                    {
                        PropertyElement(node, child, baseIri, lang, depth + 1, ref inner);
                    }
                    return;
                case "Collection":
                    var items = e.Elements().Select(c => NodeElement(c, baseIri, lang, depth + 1)).ToList();
                    Emit(e, subject, predicate, ListOf(e, items));
                    return;
                default:
                    var xml = string.Concat(e.Nodes().Select(n => n.ToString(SaveOptions.DisableFormatting)));
                    Emit(e, subject, predicate, Literal.Typed(xml, RdfNs.Rdf + "XMLLiteral"));
                    return;
            }
        }
        var elements = e.Elements().ToList();
        if (elements.Count > 1)
        {
            throw Error(e, $"The property element {e.Name.LocalName} holds more than one node element");
        }
        if (elements.Count == 1)
        {
            Emit(e, subject, predicate, NodeElement(elements[0], baseIri, lang, depth + 1));
            return;
        }
        var resource = e.Attribute(Resource);
        var nodeId = e.Attribute(NodeIdName);
        var hasPropertyAttributes = e.Attributes().Any(a => IsPropertyAttribute(a, [Resource, NodeIdName, Id]));
        if (resource is not null || nodeId is not null || hasPropertyAttributes)
        {
            if (e.Attribute(Datatype) is not null)
            {
                throw Error(e, "rdf:datatype is not allowed on a property element that refers to a resource");
            }
            RdfTerm obj = resource is not null ? new Iri(Resolve(e, baseIri, resource.Value))
                : nodeId is not null ? Blank(nodeId.Value)
                : graph.NewBlankNode();
            Emit(e, subject, predicate, obj);
            PropertyAttributes(e, obj, baseIri, lang, [Resource, NodeIdName, Id]);
            return;
        }
        var datatype = e.Attribute(Datatype);
        Emit(e, subject, predicate, datatype is not null
            ? Literal.Typed(e.Value, Resolve(e, baseIri, datatype.Value))
            : new Literal(e.Value, lang));
    }

    private RdfTerm ListOf(XElement e, List<RdfTerm> items)
    {
        if (items.Count == 0)
        {
            return RdfNs.RdfNil;
        }
        var nodes = items.Select(_ => graph.NewBlankNode()).ToList();
        for (var i = 0; i < items.Count; i++)
        {
            Emit(e, nodes[i], RdfNs.RdfFirst, items[i]);
            Emit(e, nodes[i], RdfNs.RdfRest, i + 1 < items.Count ? nodes[i + 1] : RdfNs.RdfNil);
        }
        return nodes[0];
    }

    private void PropertyAttributes(XElement e, RdfTerm subject, string? baseIri, string? lang, XName[] syntax)
    {
        foreach (var a in e.Attributes())
        {
            if (!IsPropertyAttribute(a, syntax))
            {
                continue;
            }
            if (a.Name == TypeAttr)
            {
                Emit(e, subject, RdfNs.RdfType, new Iri(Resolve(e, baseIri, a.Value)));
            }
            else
            {
                Emit(e, subject, new Iri(a.Name.NamespaceName + a.Name.LocalName), new Literal(a.Value, lang));
            }
        }
    }

    private static bool IsPropertyAttribute(XAttribute a, XName[] syntax)
    {
        if (a.IsNamespaceDeclaration || a.Name.NamespaceName.Length == 0 || a.Name.NamespaceName == XmlNs
            || a.Name == Datatype || a.Name == ParseType || syntax.Contains(a.Name))
        {
            return false;
        }
        // other rdf: syntax names (bagID, aboutEach …) are not properties
        return a.Name.NamespaceName != RdfNs.Rdf || a.Name == TypeAttr
            || a.Name.LocalName is not ("about" or "ID" or "nodeID" or "resource" or "bagID" or "aboutEach" or "aboutEachPrefix" or "li");
    }

    private static string ElementIri(XElement e)
    {
        if (e.Name.NamespaceName.Length == 0)
        {
            throw Error(e, $"Element <{e.Name.LocalName}> has no namespace, so it names no RDF property or class");
        }
        return e.Name.NamespaceName + e.Name.LocalName;
    }

    private static string Resolve(XElement e, string? baseIri, string reference) =>
        IriResolver.Resolve(baseIri, reference) ?? throw Error(e, $"Relative IRI '{reference}' without a base IRI");

    private BlankNode Blank(string id)
    {
        if (!nodeIds.TryGetValue(id, out var node))
        {
            nodeIds[id] = node = graph.NewBlankNode();
        }
        return node;
    }

    private void Emit(XElement e, RdfTerm s, Iri p, RdfTerm o)
    {
        graph.Add(s, p, o);
        if (graph.Count > options.MaxTriples)
        {
            throw Error(e, $"More than {options.MaxTriples} triples");
        }
    }

    private static RdfParseException Error(XElement e, string message)
    {
        var info = (IXmlLineInfo)e;
        return new RdfParseException("RDF/XML: " + message, info.LineNumber, info.LinePosition);
    }
}
