using System.Text;

namespace Stadtkern.Features.Catalog.Rdf;

/// <summary>
/// Resolves relative IRI references against a base (RFC 3986 section 5.2), on the text itself: System.Uri would
/// percent-encode umlauts and normalise hosts, and RDF compares IRIs character by character.
/// </summary>
internal static class IriResolver
{
    public static bool IsAbsolute(string iri)
    {
        var colon = iri.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !char.IsAsciiLetter(iri[0]))
        {
            return false;
        }
        for (var i = 1; i < colon; i++)
        {
            var c = iri[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The reference resolved against the base; null when the reference is relative and there is no usable base.</summary>
    public static string? Resolve(string? baseIri, string reference)
    {
        if (IsAbsolute(reference))
        {
            var (s, a, p, q, f) = Split(reference);
            return Join(s, a, RemoveDotSegments(p), q, f);
        }
        if (baseIri is null || !IsAbsolute(baseIri))
        {
            return null;
        }
        var (bs, ba, bp, bq, _) = Split(baseIri);
        var (_, ra, rp, rq, rf) = Split(reference);
        string? ta, tp, tq;
        if (ra is not null)
        {
            ta = ra;
            tp = RemoveDotSegments(rp);
            tq = rq;
        }
        else
        {
            if (rp.Length == 0)
            {
                tp = bp;
                tq = rq ?? bq;
            }
            else
            {
                tp = rp.StartsWith('/') ? RemoveDotSegments(rp) : RemoveDotSegments(Merge(ba, bp, rp));
                tq = rq;
            }
            ta = ba;
        }
        return Join(bs, ta, tp, tq, rf);
    }

    private static (string? Scheme, string? Authority, string Path, string? Query, string? Fragment) Split(string iri)
    {
        string? scheme = null, authority = null, query = null, fragment = null;
        var rest = iri;
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            fragment = rest[(hash + 1)..];
            rest = rest[..hash];
        }
        var qm = rest.IndexOf('?', StringComparison.Ordinal);
        if (qm >= 0)
        {
            query = rest[(qm + 1)..];
            rest = rest[..qm];
        }
        if (IsAbsolute(rest))
        {
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            scheme = rest[..colon];
            rest = rest[(colon + 1)..];
        }
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var end = rest.IndexOf('/', 2);
            authority = end < 0 ? rest[2..] : rest[2..end];
            rest = end < 0 ? "" : rest[end..];
        }
        return (scheme, authority, rest, query, fragment);
    }

    private static string Merge(string? baseAuthority, string basePath, string relPath)
    {
        if (baseAuthority is not null && basePath.Length == 0)
        {
            return "/" + relPath;
        }
        var slash = basePath.LastIndexOf('/');
        return slash < 0 ? relPath : basePath[..(slash + 1)] + relPath;
    }

    private static string RemoveDotSegments(string path)
    {
        if (!path.Contains('.', StringComparison.Ordinal))
        {
            return path;
        }
        var input = path;
        var output = new List<string>();
        while (input.Length > 0)
        {
            if (input.StartsWith("../", StringComparison.Ordinal))
            {
                input = input[3..];
            }
            else if (input.StartsWith("./", StringComparison.Ordinal))
            {
                input = input[2..];
            }
            else if (input.StartsWith("/./", StringComparison.Ordinal))
            {
                input = input[2..];
            }
            else if (input == "/.")
            {
                input = "/";
            }
            else if (input.StartsWith("/../", StringComparison.Ordinal) || input == "/..")
            {
                input = input.Length == 3 ? "/" : input[3..];
                if (output.Count > 0)
                {
                    output.RemoveAt(output.Count - 1);
                }
            }
            else if (input is "." or "..")
            {
                input = "";
            }
            else
            {
                var start = input.StartsWith('/') ? 1 : 0;
                var next = input.IndexOf('/', start);
                var segment = next < 0 ? input : input[..next];
                output.Add(segment);
                input = next < 0 ? "" : input[next..];
            }
        }
        return string.Concat(output);
    }

    private static string Join(string? scheme, string? authority, string path, string? query, string? fragment)
    {
        var sb = new StringBuilder();
        if (scheme is not null)
        {
            sb.Append(scheme).Append(':');
        }
        if (authority is not null)
        {
            sb.Append("//").Append(authority);
        }
        sb.Append(path);
        if (query is not null)
        {
            sb.Append('?').Append(query);
        }
        if (fragment is not null)
        {
            sb.Append('#').Append(fragment);
        }
        return sb.ToString();
    }
}
