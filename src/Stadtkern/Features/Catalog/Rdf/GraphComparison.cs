namespace Stadtkern.Features.Catalog.Rdf;

/// <summary>
/// Graph isomorphism: the same triples up to the naming of blank nodes. Blank nodes are coloured by their
/// neighbourhood (iterative refinement), then matched within equal colours, backtracking only between nodes
/// that are indistinguishable; the search is bounded.
/// </summary>
internal static class GraphComparison
{
    private const int MaxSteps = 200_000;

    public static bool AreIsomorphic(RdfGraph a, RdfGraph b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }
        var groundA = a.Triples.Where(IsGround).ToHashSet();
        if (!b.Triples.Where(IsGround).All(groundA.Contains) || groundA.Count != b.Triples.Count(IsGround))
        {
            return false;
        }
        var colorsA = Colors(a);
        var colorsB = Colors(b);
        var classesA = colorsA.GroupBy(kv => kv.Value).ToDictionary(g => g.Key, g => g.Select(kv => kv.Key).ToList());
        var classesB = colorsB.GroupBy(kv => kv.Value).ToDictionary(g => g.Key, g => g.Select(kv => kv.Key).ToList());
        if (classesA.Count != classesB.Count
            || classesA.Any(c => !classesB.TryGetValue(c.Key, out var other) || other.Count != c.Value.Count))
        {
            return false;
        }
        var order = colorsA.Keys.OrderBy(n => classesA[colorsA[n]].Count).ToList();
        var mapping = new Dictionary<BlankNode, BlankNode>();
        var used = new HashSet<BlankNode>();
        var setB = b.Triples.ToHashSet();
        var steps = 0;
        return Search(0);

        bool Search(int index)
        {
            if (++steps > MaxSteps)
            {
                return false;
            }
            if (index == order.Count)
            {
                return a.Triples.All(t => setB.Contains(Map(t)));
            }
            var node = order[index];
            foreach (var candidate in classesB[colorsA[node]])
            {
                if (used.Contains(candidate))
                {
                    continue;
                }
                mapping[node] = candidate;
                used.Add(candidate);
                if (Consistent(node) && Search(index + 1))
                {
                    return true;
                }
                used.Remove(candidate);
                mapping.Remove(node);
            }
            return false;
        }

        bool Consistent(BlankNode node)
        {
            // every triple of this node whose blank nodes are all mapped must exist in b
            foreach (var t in a.WithSubject(node).Concat(a.WithObject(node)))
            {
                if ((t.Subject is not BlankNode s || mapping.ContainsKey(s)) && (t.Obj is not BlankNode o || mapping.ContainsKey(o))
                    && !setB.Contains(Map(t)))
                {
                    return false;
                }
            }
            return true;
        }

        Triple Map(Triple t) => new(
            t.Subject is BlankNode s ? mapping[s] : t.Subject,
            t.Predicate,
            t.Obj is BlankNode o ? mapping[o] : t.Obj);
    }

    private static bool IsGround(Triple t) => t.Subject is not BlankNode && t.Obj is not BlankNode;

    private static Dictionary<BlankNode, int> Colors(RdfGraph g)
    {
        var nodes = g.Triples.SelectMany(t => new[] { t.Subject, t.Obj }).OfType<BlankNode>().Distinct().ToList();
        var colors = nodes.ToDictionary(n => n, _ => 0);
        for (var round = 0; round < 4; round++)
        {
            var next = new Dictionary<BlankNode, int>(colors.Count);
            foreach (var n in nodes)
            {
                var parts = new List<int>();
                foreach (var t in g.WithSubject(n))
                {
                    parts.Add(HashCode.Combine(1, t.Predicate, t.Obj is BlankNode o ? colors[o] : t.Obj.GetHashCode()));
                }
                foreach (var t in g.WithObject(n))
                {
                    parts.Add(HashCode.Combine(2, t.Predicate, t.Subject is BlankNode s ? colors[s] : t.Subject.GetHashCode()));
                }
                parts.Sort();
                var h = new HashCode();
                h.Add(colors[n]);
                foreach (var p in parts)
                {
                    h.Add(p);
                }
                next[n] = h.ToHashCode();
            }
            colors = next;
        }
        return colors;
    }
}
