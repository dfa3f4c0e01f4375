namespace Stadtkern.Features.Catalog.Rdf;

/// <summary>
/// A set of triples in insertion order (writers output what was added first first), with lookups by subject,
/// by subject and predicate, and by object. Also carries the prefixes writers should use.
/// </summary>
internal sealed class RdfGraph
{
    private readonly List<Triple> triples = [];
    private readonly HashSet<Triple> set = [];
    private readonly Dictionary<RdfTerm, List<Triple>> bySubject = [];
    private readonly Dictionary<RdfTerm, List<Triple>> byObject = [];
    private readonly List<KeyValuePair<string, string>> prefixes = [];
    private int blankCounter;

    public int Count => triples.Count;
    public IReadOnlyList<Triple> Triples => triples;
    public IReadOnlyList<KeyValuePair<string, string>> Prefixes => prefixes;

    /// <summary>Declares a prefix for writers; a prefix declared again keeps its first namespace.</summary>
    public RdfGraph Prefix(string prefix, string ns)
    {
        if (!prefixes.Exists(p => string.Equals(p.Key, prefix, StringComparison.Ordinal)))
        {
            prefixes.Add(new(prefix, ns));
        }
        return this;
    }

    public RdfGraph AddPrefixes(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        foreach (var p in pairs)
        {
            Prefix(p.Key, p.Value);
        }
        return this;
    }

    /// <summary>A blank node not used in this graph yet.</summary>
    public BlankNode NewBlankNode()
    {
        BlankNode b;
        do
        {
            b = new BlankNode("b" + (++blankCounter).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        while (bySubject.ContainsKey(b) || byObject.ContainsKey(b));
        return b;
    }

    /// <summary>Adds a triple; returns false when it was already there.</summary>
    public bool Add(Triple t)
    {
        if (!set.Add(t))
        {
            return false;
        }
        triples.Add(t);
        Index(bySubject, t.Subject, t);
        Index(byObject, t.Obj, t);
        return true;
    }

    public bool Add(RdfTerm s, Iri p, RdfTerm o) => Add(new Triple(s, p, o));

    public bool Contains(Triple t) => set.Contains(t);

    public IReadOnlyList<Triple> WithSubject(RdfTerm s) => bySubject.TryGetValue(s, out var l) ? l : [];

    public IReadOnlyList<Triple> WithObject(RdfTerm o) => byObject.TryGetValue(o, out var l) ? l : [];

    public IEnumerable<RdfTerm> Objects(RdfTerm s, Iri p) => WithSubject(s).Where(t => t.Predicate == p).Select(t => t.Obj);

    public RdfTerm? Object(RdfTerm s, Iri p) => Objects(s, p).FirstOrDefault();

    public IEnumerable<RdfTerm> Subjects(Iri p, RdfTerm o) => WithObject(o).Where(t => t.Predicate == p).Select(t => t.Subject);

    /// <summary>Subjects that have rdf:type <paramref name="type"/>.</summary>
    public IEnumerable<RdfTerm> InstancesOf(Iri type) => Subjects(RdfNs.RdfType, type);

    public IEnumerable<RdfTerm> SubjectTerms => bySubject.Keys;

    /// <summary>The members of an RDF collection starting at <paramref name="head"/> (stops on cycles or malformed lists).</summary>
    public IReadOnlyList<RdfTerm> List(RdfTerm head)
    {
        var items = new List<RdfTerm>();
        var seen = new HashSet<RdfTerm>();
        var node = head;
        while (node != RdfNs.RdfNil && seen.Add(node))
        {
            var first = Object(node, RdfNs.RdfFirst);
            var rest = Object(node, RdfNs.RdfRest);
            if (first is null || rest is null)
            {
                break;
            }
            items.Add(first);
            node = rest;
        }
        return items;
    }

    private static void Index(Dictionary<RdfTerm, List<Triple>> index, RdfTerm key, Triple t)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }
        list.Add(t);
    }
}
