using Microsoft.Net.Http.Headers;
using Stadtkern.Features.Catalog.Rdf;

namespace Stadtkern.Features.Catalog.Dcat;

/// <summary>The RDF serialisations the DCAT export speaks, and choosing one from a file extension or an Accept header.</summary>
internal sealed record RdfFormat(string Extension, string MediaType, Func<RdfGraph, string> Write)
{
    public static readonly RdfFormat Turtle = new("ttl", "text/turtle", TurtleWriter.Write);
    public static readonly RdfFormat RdfXml = new("rdf", "application/rdf+xml", RdfXmlWriter.Write);
    public static readonly RdfFormat JsonLd = new("jsonld", "application/ld+json", JsonLdWriter.Write);

    public static IReadOnlyList<RdfFormat> All { get; } = [Turtle, RdfXml, JsonLd];

    public string ContentType => MediaType + "; charset=utf-8";

    public static RdfFormat? ByExtension(string extension) =>
        All.FirstOrDefault(f => string.Equals(f.Extension, extension, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The RDF format the Accept header prefers, or null when it prefers none of them over HTML (a browser)
    /// or names none at all. <c>*/*</c> alone counts as Turtle.
    /// </summary>
    public static RdfFormat? Negotiate(string? accept)
    {
        if (string.IsNullOrWhiteSpace(accept) || !MediaTypeHeaderValue.TryParseList([accept], out var types))
        {
            return null;
        }
        RdfFormat? best = null;
        double bestQuality = 0, htmlQuality = 0;
        var any = 0.0;
        foreach (var t in types)
        {
            var q = t.Quality ?? 1.0;
            var name = t.MediaType.Value ?? "";
            if (name is "text/html" or "application/xhtml+xml")
            {
                htmlQuality = Math.Max(htmlQuality, q);
            }
            else if (name == "*/*")
            {
                any = Math.Max(any, q);
            }
            else if (All.FirstOrDefault(f => string.Equals(f.MediaType, name, StringComparison.OrdinalIgnoreCase)) is { } format && q > bestQuality)
            {
                best = format;
                bestQuality = q;
            }
        }
        if (best is not null && bestQuality >= htmlQuality)
        {
            return best;
        }
        return htmlQuality == 0 && any > 0 ? Turtle : null;
    }
}
