using System.Globalization;
using System.Text;
using Stadtkern.Features.Catalog.Rdf;

namespace Stadtkern.Features.Catalog.Harvest;

/// <summary>
/// Reads a DCAT-AP catalogue in Turtle or RDF/XML page by page, following Hydra paging (<c>hydra:next</c>, or the
/// older <c>hydra:nextPage</c>). Parsing uses the catalog's hardened RDF parsers: no DTD, no external entities,
/// size and depth limits. A page that cannot be parsed fails the run (and nothing is deleted).
/// </summary>
internal sealed class ReadDcatSource(HarvestHttp http) : IHarvestReader
{
    private const string Accept = "text/turtle, application/rdf+xml;q=0.9, application/xml;q=0.5";
    private static readonly Iri HydraNext = new(RdfNs.Hydra + "next");
    private static readonly Iri HydraNextPage = new(RdfNs.Hydra + "nextPage");
    private static readonly Iri HydraTotalItems = new(RdfNs.Hydra + "totalItems");
    private static readonly Iri HydraItemsPerPage = new(RdfNs.Hydra + "itemsPerPage");

    public async Task<HarvestPage> ReadAsync(HarvestSource source, HarvestCursor cursor, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var url = new Uri(cursor.Url ?? source.Url);
        var document = await http.GetAsync(url, Accept, source.AllowPrivateNetwork, cancellationToken);
        var graph = Parse(document);

        var records = graph.InstancesOf(MapDcatDataset.DatasetType).Select(d => MapDcatDataset.Map(graph, d)).ToList();
        var next = graph.Triples.Where(t => t.Predicate == HydraNext || t.Predicate == HydraNextPage).Select(t => t.Obj).OfType<Iri>()
            .Select(i => Uri.TryCreate(document.Url, i.Value, out var u) ? u : null).FirstOrDefault(u => u is not null);
        var total = Number(graph, HydraTotalItems);
        var perPage = Number(graph, HydraItemsPerPage) ?? (records.Count > 0 && next is not null ? records.Count : null);
        int? pages = total is { } t && perPage is > 0 ? (int)Math.Ceiling(t / (double)perPage.Value) : null;

        // A page pointing at itself (or at the page just read) would loop forever.
        var nextCursor = next is not null && next != url && next != document.Url ? new HarvestCursor(HarvestCursor.Records, cursor.Offset + 1, next.AbsoluteUri) : null;
        return new HarvestPage(records, [], nextCursor, total, pages ?? (nextCursor is null ? cursor.Offset + 1 : null));
    }

    private static RdfGraph Parse(FetchedDocument document)
    {
        var options = new RdfParserOptions { BaseIri = document.Url.AbsoluteUri, MaxCharacters = document.Body.LongLength + 1 };
        var media = document.MediaType?.ToLowerInvariant() ?? "";
        var path = document.Url.AbsolutePath.ToLowerInvariant();
        var isXml = media.Contains("xml", StringComparison.Ordinal)
            || (!media.Contains("turtle", StringComparison.Ordinal) && (path.EndsWith(".rdf", StringComparison.Ordinal) || path.EndsWith(".xml", StringComparison.Ordinal)
                || Encoding.UTF8.GetString(document.Body, 0, Math.Min(document.Body.Length, 200)).TrimStart('\uFEFF', ' ', '\r', '\n', '\t').StartsWith('<')));
        try
        {
            if (isXml)
            {
                using var stream = new MemoryStream(document.Body, writable: false);
                return RdfXmlParser.Parse(stream, options);
            }

            return TurtleParser.Parse(Encoding.UTF8.GetString(document.Body), options);
        }
        catch (RdfParseException e)
        {
            throw new HarvestFetchException($"{document.Url} ist kein gültiges {(isXml ? "RDF/XML" : "Turtle")}: {e.Message}", e);
        }
    }

    private static int? Number(RdfGraph graph, Iri predicate) =>
        graph.Triples.Where(t => t.Predicate == predicate).Select(t => t.Obj).OfType<Literal>()
            .Select(l => int.TryParse(l.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : (int?)null)
            .FirstOrDefault(n => n is not null);
}
