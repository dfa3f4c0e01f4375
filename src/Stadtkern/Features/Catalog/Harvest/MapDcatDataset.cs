using System.Globalization;
using Stadtkern.Features.Catalog.Rdf;
using Stadtkern.Features.Catalog.Store;

namespace Stadtkern.Features.Catalog.Harvest;

/// <summary>Maps a <c>dcat:Dataset</c> of a parsed DCAT-AP(.de) catalogue page to the catalog's input.</summary>
internal static class MapDcatDataset
{
    private static Iri Dct(string local) => new(RdfNs.Dct + local);

    private static Iri Dcat(string local) => new(RdfNs.Dcat + local);

    private static readonly Iri Title = Dct("title");
    private static readonly Iri Description = Dct("description");
    private static readonly Iri Identifier = Dct("identifier");
    private static readonly Iri Keyword = Dcat("keyword");
    private static readonly Iri Theme = Dcat("theme");
    private static readonly Iri License = Dct("license");
    private static readonly Iri Publisher = Dct("publisher");
    private static readonly Iri ContactPoint = Dcat("contactPoint");
    private static readonly Iri Temporal = Dct("temporal");
    private static readonly Iri Spatial = Dct("spatial");
    private static readonly Iri Periodicity = Dct("accrualPeriodicity");
    private static readonly Iri Issued = Dct("issued");
    private static readonly Iri Modified = Dct("modified");
    private static readonly Iri LandingPage = Dcat("landingPage");
    private static readonly Iri Distribution = Dcat("distribution");
    private static readonly Iri AccessUrl = Dcat("accessURL");
    private static readonly Iri DownloadUrl = Dcat("downloadURL");
    private static readonly Iri Format = Dct("format");
    private static readonly Iri MediaType = Dcat("mediaType");
    private static readonly Iri ByteSize = Dcat("byteSize");
    private static readonly Iri StartDate = Dcat("startDate");
    private static readonly Iri EndDate = Dcat("endDate");
    private static readonly Iri SchemaStartDate = new("http://schema.org/startDate");
    private static readonly Iri SchemaEndDate = new("http://schema.org/endDate");
    private static readonly Iri Geometry = new(RdfNs.Locn + "geometry");
    private static readonly Iri FoafName = new(RdfNs.Foaf + "name");
    private static readonly Iri VcardFn = new(RdfNs.Vcard + "fn");
    private static readonly Iri VcardEmail = new(RdfNs.Vcard + "hasEmail");
    private static readonly Iri VcardUrl = new(RdfNs.Vcard + "hasURL");
    private static readonly Iri Attribution = new(RdfNs.Dcatde + "licenseAttributionByText");
    private static readonly Iri PoliticalGeocoding = new(RdfNs.Dcatde + "politicalGeocodingURI");
    private static readonly Iri Checksum = new(RdfNs.Spdx + "checksum");
    private static readonly Iri ChecksumValue = new(RdfNs.Spdx + "checksumValue");
    private static readonly Iri ChecksumAlgorithm = new(RdfNs.Spdx + "algorithm");

    public static readonly Iri DatasetType = Dcat("Dataset");

    public static HarvestedRecord Map(RdfGraph graph, RdfTerm dataset)
    {
        var identifier = dataset is Iri iri ? iri.Value : Literal(graph, dataset, Identifier);
        if (identifier is null)
        {
            return HarvestedRecord.Broken("(leerer Knoten)", "Der Datensatz hat weder eine IRI noch dct:identifier.");
        }

        var modified = Instant(graph, dataset, Modified);
        var publisher = graph.Object(dataset, Publisher);
        var publisherTitle = publisher is null ? null : Literal(graph, publisher, FoafName) ?? (publisher as Iri)?.Value;
        var publisherName = publisherTitle is null ? null : HarvestText.Slugify(publisherTitle);
        var contact = graph.Object(dataset, ContactPoint);
        var temporal = graph.Object(dataset, Temporal);
        var distributions = graph.Objects(dataset, Distribution).ToList();
        var license = (graph.Object(dataset, License) ?? distributions.Select(d => graph.Object(d, License)).FirstOrDefault(l => l is not null)) as Iri;
        var spatialTerms = graph.Objects(dataset, Spatial).ToList();
        var title = Literal(graph, dataset, Title) ?? "";
        var localName = dataset is Iri named ? LastSegment(named.Value) : Literal(graph, dataset, Identifier);

        var input = new DatasetInput
        {
            Name = HarvestText.Slugify(localName ?? title, HarvestText.Slugify(title)),
            Title = title,
            Notes = Literal(graph, dataset, Description),
            Tags = [.. Literals(graph, dataset, Keyword).Select(HarvestText.CleanTag).OfType<string>().Distinct(StringComparer.Ordinal)],
            Themes = [.. graph.Objects(dataset, Theme).OfType<Iri>().Select(t => HarvestText.VocabularyCode(t.Value)).OfType<string>().Distinct(StringComparer.Ordinal)],
            LicenseId = HarvestText.LicenseId(license?.Value),
            LicenseAttribution = Literal(graph, dataset, Attribution) ?? distributions.Select(d => Literal(graph, d, Attribution)).FirstOrDefault(a => a is not null),
            ContactName = contact is null ? null : Literal(graph, contact, VcardFn),
            ContactEmail = contact is null ? null : Value(graph.Object(contact, VcardEmail))?.Replace("mailto:", "", StringComparison.OrdinalIgnoreCase),
            ContactUrl = HttpUrl(contact is null ? null : Value(graph.Object(contact, VcardUrl))),
            LandingPage = HttpUrl(Value(graph.Object(dataset, LandingPage))),
            TemporalStart = temporal is null ? null : HarvestText.ParseDate(Value(graph.Object(temporal, StartDate) ?? graph.Object(temporal, SchemaStartDate))),
            TemporalEnd = temporal is null ? null : HarvestText.ParseDate(Value(graph.Object(temporal, EndDate) ?? graph.Object(temporal, SchemaEndDate))),
            SpatialGeoJson = spatialTerms.Select(s => Literal(graph, s, Geometry)).FirstOrDefault(g => g is not null && g.TrimStart().StartsWith('{') && GeoJsonBounds.TryParse(g, out _) is not null),
            PoliticalGeocodingUri = HttpUrl(Value(graph.Object(dataset, PoliticalGeocoding))
                ?? spatialTerms.OfType<Iri>().Select(s => s.Value).FirstOrDefault(s => s.Contains("/politicalGeocoding/", StringComparison.Ordinal))),
            Frequency = HarvestText.VocabularyCode(Value(graph.Object(dataset, Periodicity))),
            Issued = Instant(graph, dataset, Issued),
            Modified = modified,
            Resources = [.. distributions.Select(d => MapDistribution(graph, d))],
            HarvestIdentifier = identifier,
        };
        return new HarvestedRecord(identifier, modified, input, publisherName, publisherTitle);
    }

    private static ResourceInput MapDistribution(RdfGraph graph, RdfTerm distribution)
    {
        var checksum = graph.Object(distribution, Checksum);
        var algorithm = checksum is null ? null : Value(graph.Object(checksum, ChecksumAlgorithm));
        var checksumValue = checksum is not null && (algorithm is null || algorithm.EndsWith("sha256", StringComparison.OrdinalIgnoreCase))
            ? Literal(graph, checksum, ChecksumValue)
            : null;
        var mediaType = Value(graph.Object(distribution, MediaType));
        const string IanaPrefix = "/media-types/";
        if (mediaType is not null && mediaType.IndexOf(IanaPrefix, StringComparison.Ordinal) is var at and >= 0)
        {
            mediaType = mediaType[(at + IanaPrefix.Length)..];
        }

        return new ResourceInput
        {
            Name = Literal(graph, distribution, Title) ?? "",
            Description = Literal(graph, distribution, Description),
            Url = Value(graph.Object(distribution, DownloadUrl)) ?? Value(graph.Object(distribution, AccessUrl)) ?? "",
            Format = graph.Object(distribution, Format) switch
            {
                Iri format => HarvestText.VocabularyCode(format.Value),
                Literal format => format.Value.Trim().ToUpperInvariant() is { Length: > 0 and <= 50 } code ? code : null,
                _ => null,
            },
            MediaType = mediaType is { Length: <= 200 } ? mediaType : null,
            Size = Literal(graph, distribution, ByteSize) is { } size && long.TryParse(size, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes) ? bytes : null,
            Checksum = checksumValue is { Length: 64 } && checksumValue.All(char.IsAsciiHexDigit) ? checksumValue : null,
        };
    }

    private static string? LastSegment(string iri)
    {
        var trimmed = iri.TrimEnd('/', '#');
        var at = trimmed.LastIndexOfAny(['/', '#', ':']);
        var segment = at >= 0 ? trimmed[(at + 1)..] : trimmed;
        return segment.Length > 0 ? Uri.UnescapeDataString(segment) : null;
    }

    private static string? HttpUrl(string? value) => value is not null && ValidateDataset.IsHttpUrl(value) ? value : null;

    private static DateTimeOffset? Instant(RdfGraph graph, RdfTerm subject, Iri predicate) =>
        HarvestText.ParseInstant(Literal(graph, subject, predicate));

    private static string? Value(RdfTerm? term) => term switch
    {
        Iri iri => iri.Value,
        Literal literal => string.IsNullOrWhiteSpace(literal.Value) ? null : literal.Value.Trim(),
        _ => null,
    };

    /// <summary>The German value when there is one, else one without language, else any.</summary>
    private static string? Literal(RdfGraph graph, RdfTerm subject, Iri predicate)
    {
        var literals = graph.Objects(subject, predicate).OfType<Literal>().Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
        var best = literals.FirstOrDefault(l => l.Language is "de" || l.Language?.StartsWith("de-", StringComparison.Ordinal) == true)
            ?? literals.FirstOrDefault(l => l.Language is null)
            ?? literals.FirstOrDefault();
        return best?.Value.Trim();
    }

    /// <summary>Keywords: the German ones when any are German, else all.</summary>
    private static IEnumerable<string> Literals(RdfGraph graph, RdfTerm subject, Iri predicate)
    {
        var literals = graph.Objects(subject, predicate).OfType<Literal>().ToList();
        var german = literals.Where(l => l.Language is "de").ToList();
        return (german.Count > 0 ? german : literals).Select(l => l.Value);
    }
}
