using System.Globalization;
using System.Text.Json;
using Stadtkern.Features.Catalog.Rdf;
using Stadtkern.Features.Catalog.Vocabularies;

namespace Stadtkern.Features.Catalog.Dcat;

/// <summary>One page of the catalog: which page, its size, how many datasets match, and the URL of any page.</summary>
internal sealed record DcatPaging(int Page, int PageSize, long TotalItems, Func<int, string> PageUrl)
{
    public int LastPage => TotalItems == 0 ? 1 : (int)((TotalItems + PageSize - 1) / PageSize);
}

/// <summary>
/// Maps the catalog's plain records to a DCAT-AP.de 3.0 graph: catalog, datasets, distributions, agents,
/// contact points, periods, locations and checksums, plus a Hydra PartialCollectionView for paging.
/// Pure: no I/O, no clock.
/// </summary>
internal static class MapToDcat
{
    private static readonly Iri A = RdfNs.RdfType;

    private static Iri Dcat(string local) => new(RdfNs.Dcat + local);
    private static Iri Dct(string local) => new(RdfNs.Dct + local);
    private static Iri Dcatde(string local) => new(RdfNs.Dcatde + local);
    private static Iri Foaf(string local) => new(RdfNs.Foaf + local);
    private static Iri Vcard(string local) => new(RdfNs.Vcard + local);
    private static Iri Spdx(string local) => new(RdfNs.Spdx + local);
    private static Iri Hydra(string local) => new(RdfNs.Hydra + local);
    private static Iri Locn(string local) => new(RdfNs.Locn + local);
    private static Iri Geo(string local) => new(RdfNs.Geo + local);

    /// <summary>The catalog with the given datasets (one page of them when <paramref name="paging"/> is set).</summary>
    public static RdfGraph Catalog(DcatCatalogInfo catalog, IEnumerable<DcatDatasetInfo> datasets, DcatPaging? paging = null)
    {
        var g = NewGraph();
        var c = new Iri(catalog.CatalogUri);
        g.Add(c, A, Dcat("Catalog"));
        g.Add(c, Dct("title"), Text(catalog, catalog.Title));
        g.Add(c, Dct("description"), Text(catalog, catalog.Description));
        g.Add(c, Dct("publisher"), Agent(g, catalog.Publisher));
        if (Absolute(catalog.Homepage) is { } homepage)
        {
            g.Add(c, Foaf("homepage"), new Iri(homepage));
        }
        if (Languages.UriFor(catalog.Language) is { } language)
        {
            g.Add(c, Dct("language"), new Iri(language));
        }
        g.Add(c, Dcat("themeTaxonomy"), new Iri(DataTheme.Scheme));
        if (catalog.PoliticalGeocodingUri is { } area)
        {
            g.Add(c, Dct("spatial"), Location(g, area));
        }
        if (catalog.Issued is { } issued)
        {
            g.Add(c, Dct("issued"), DateTime(issued));
        }
        if (catalog.Modified is { } modified)
        {
            g.Add(c, Dct("modified"), DateTime(modified));
        }
        foreach (var d in datasets)
        {
            g.Add(c, Dcat("dataset"), AddDataset(g, catalog, d));
        }
        if (paging is not null)
        {
            AddPaging(g, paging);
        }
        return g;
    }

    /// <summary>A single dataset document (with a link back to its catalog).</summary>
    public static RdfGraph Dataset(DcatCatalogInfo catalog, DcatDatasetInfo dataset)
    {
        var g = NewGraph();
        AddDataset(g, catalog, dataset);
        return g;
    }

    private static RdfGraph NewGraph() => new RdfGraph().AddPrefixes(RdfNs.CatalogPrefixes);

    private static Iri AddDataset(RdfGraph g, DcatCatalogInfo catalog, DcatDatasetInfo d)
    {
        var ds = new Iri(catalog.DatasetUri(d.Name));
        g.Add(ds, A, Dcat("Dataset"));
        g.Add(ds, Dct("title"), Text(catalog, d.Title));
        // dct:description is mandatory; a dataset without notes is described by its title
        g.Add(ds, Dct("description"), Text(catalog, string.IsNullOrWhiteSpace(d.Notes) ? d.Title : d.Notes));
        g.Add(ds, Dct("identifier"), new Literal(d.Identifier ?? ds.Value));
        var publisher = Agent(g, d.Publisher);
        g.Add(ds, Dct("publisher"), publisher);
        foreach (var tag in (d.Tags ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal))
        {
            g.Add(ds, Dcat("keyword"), Text(catalog, tag.Trim()));
        }
        foreach (var theme in (d.Themes ?? []).Select(DataThemes.Find).OfType<DataTheme>().Distinct())
        {
            g.Add(ds, Dcat("theme"), new Iri(theme.Uri));
        }
        g.Add(ds, Dcat("landingPage"), new Iri(Absolute(d.LandingPage) ?? catalog.PortalPage(d.Name)));
        if (AccessRights.UriFor(d.AccessLevel) is { } access)
        {
            g.Add(ds, Dct("accessRights"), new Iri(access));
        }
        if (Absolute(catalog.ContributorId) is { } contributor)
        {
            g.Add(ds, Dcatde("contributorID"), new Iri(contributor));
        }
        if (Languages.UriFor(catalog.Language) is { } language)
        {
            g.Add(ds, Dct("language"), new Iri(language));
        }
        if (Frequencies.Find(d.Frequency) is { } frequency)
        {
            g.Add(ds, Dct("accrualPeriodicity"), new Iri(frequency.Uri));
        }
        if (d.ContactPoint is { } contact && ContactPoint(g, contact) is { } cp)
        {
            g.Add(ds, Dcat("contactPoint"), cp);
        }
        if (d.Issued is { } issued)
        {
            g.Add(ds, Dct("issued"), DateTime(issued));
        }
        if (d.Modified is { } modified)
        {
            g.Add(ds, Dct("modified"), DateTime(modified));
        }
        if (d.TemporalStart is not null || d.TemporalEnd is not null)
        {
            var period = g.NewBlankNode();
            g.Add(ds, Dct("temporal"), period);
            g.Add(period, A, Dct("PeriodOfTime"));
            if (d.TemporalStart is { } start)
            {
                g.Add(period, Dcat("startDate"), Date(start));
            }
            if (d.TemporalEnd is { } end)
            {
                g.Add(period, Dcat("endDate"), Date(end));
            }
        }
        var area = Absolute(d.PoliticalGeocodingUri) ?? catalog.PoliticalGeocodingUri;
        if (area is not null)
        {
            g.Add(ds, Dct("spatial"), Location(g, area));
            var level = Absolute(d.PoliticalGeocodingLevelUri) ?? catalog.PoliticalGeocodingLevelUri ?? PoliticalGeocoding.MunicipalityLevelUri;
            g.Add(ds, Dcatde("politicalGeocodingLevelURI"), new Iri(level));
        }
        if (GeometryLocation(g, d.SpatialGeoJson) is { } geometry)
        {
            g.Add(ds, Dct("spatial"), geometry);
        }
        var license = Licenses.Find(d.LicenseId);
        foreach (var dist in d.Distributions ?? [])
        {
            g.Add(ds, Dcat("distribution"), AddDistribution(g, catalog, d, dist, license));
        }
        return ds;
    }

    private static Iri AddDistribution(RdfGraph g, DcatCatalogInfo catalog, DcatDatasetInfo d, DcatDistributionInfo r, License? datasetLicense)
    {
        var dist = new Iri(catalog.DistributionUri(d.Name, r.Id));
        g.Add(dist, A, Dcat("Distribution"));
        var accessUrl = Absolute(r.AccessUrl) ?? Absolute(r.DownloadUrl) ?? catalog.PortalPage(d.Name);
        g.Add(dist, Dcat("accessURL"), new Iri(accessUrl));
        if (Absolute(r.DownloadUrl) is { } download)
        {
            g.Add(dist, Dcat("downloadURL"), new Iri(download));
        }
        if (IsSensorThings(r.Format))
        {
            g.Add(dist, Dcat("accessService"), AddSensorThingsService(g, catalog, d, r, dist, accessUrl));
        }
        if (!string.IsNullOrWhiteSpace(r.Title))
        {
            g.Add(dist, Dct("title"), Text(catalog, r.Title));
        }
        if (!string.IsNullOrWhiteSpace(r.Description))
        {
            g.Add(dist, Dct("description"), Text(catalog, r.Description));
        }
        var fileType = FileTypes.Find(r.Format) ?? FileTypes.FindByMediaType(r.MediaType) ?? FileTypes.FindByExtension(PathOf(r.DownloadUrl ?? r.AccessUrl));
        if (fileType is not null)
        {
            g.Add(dist, Dct("format"), new Iri(fileType.Uri));
        }
        var mediaType = MediaTypeUri(r.MediaType) ?? fileType?.MediaTypeUri;
        if (mediaType is not null)
        {
            g.Add(dist, Dcat("mediaType"), new Iri(mediaType));
        }
        if (r.ByteSize is { } size and >= 0)
        {
            g.Add(dist, Dcat("byteSize"), Literal.Typed(size.ToString(CultureInfo.InvariantCulture), RdfNs.Xsd + "nonNegativeInteger"));
        }
        if (IsSha256(r.Sha256))
        {
            var checksum = g.NewBlankNode();
            g.Add(dist, Spdx("checksum"), checksum);
            g.Add(checksum, A, Spdx("Checksum"));
            g.Add(checksum, Spdx("algorithm"), Spdx("checksumAlgorithm_sha256"));
            g.Add(checksum, Spdx("checksumValue"), Literal.Typed(r.Sha256!.ToLowerInvariant(), RdfNs.Xsd + "hexBinary"));
            // the SPDX ontology's own statement, so the algorithm is known as one without loading the ontology
            g.Add(Spdx("checksumAlgorithm_sha256"), A, Spdx("ChecksumAlgorithm"));
        }
        var license = Licenses.Find(r.LicenseId) ?? datasetLicense;
        if (license is not null)
        {
            g.Add(dist, Dct("license"), new Iri(license.Uri));
            if (license.RequiresAttribution)
            {
                var text = FirstText(r.AttributionText, d.AttributionText) ?? d.Publisher.Name;
                g.Add(dist, Dcatde("licenseAttributionByText"), Text(catalog, text));
            }
        }
        if (r.Issued is { } issued)
        {
            g.Add(dist, Dct("issued"), DateTime(issued));
        }
        if (r.Modified is { } modified)
        {
            g.Add(dist, Dct("modified"), DateTime(modified));
        }
        return dist;
    }

    /// <summary>Format of a distribution that is a SensorThings API resource (written by the sensor hub's catalog link).</summary>
    public const string SensorThingsFormat = "SensorThings";

    private static bool IsSensorThings(string? format) => string.Equals(format, SensorThingsFormat, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A SensorThings distribution is served by a dcat:DataService: its endpoint is the resource's URL, its description the
    /// service root (the part up to <c>/v1.1</c>, whose document lists the entity sets), conforming to OGC SensorThings 1.1.
    /// </summary>
    private static Iri AddSensorThingsService(RdfGraph g, DcatCatalogInfo catalog, DcatDatasetInfo d, DcatDistributionInfo r, Iri dist, string accessUrl)
    {
        var service = new Iri(dist.Value + "/service");
        g.Add(service, A, Dcat("DataService"));
        g.Add(service, Dct("title"), Text(catalog, FirstText(r.Title) ?? "SensorThings API"));
        g.Add(service, Dcat("endpointURL"), new Iri(accessUrl));
        var root = accessUrl.IndexOf("/v1.1", StringComparison.Ordinal) is var at and >= 0 ? accessUrl[..(at + "/v1.1".Length)] : accessUrl;
        g.Add(service, Dcat("endpointDescription"), new Iri(root));
        g.Add(service, Dct("conformsTo"), new Iri("http://www.opengis.net/doc/is/sensorthings/1.1"));
        g.Add(service, Dcat("servesDataset"), new Iri(catalog.DatasetUri(d.Name)));
        g.Add(service, Dct("publisher"), Agent(g, d.Publisher));
        return service;
    }

    private static void AddPaging(RdfGraph g, DcatPaging p)
    {
        var view = new Iri(p.PageUrl(p.Page));
        g.Add(view, A, Hydra("PartialCollectionView"));
        g.Add(view, Hydra("totalItems"), Literal.Typed(p.TotalItems.ToString(CultureInfo.InvariantCulture), RdfNs.Xsd + "integer"));
        g.Add(view, Hydra("itemsPerPage"), Literal.Typed(p.PageSize.ToString(CultureInfo.InvariantCulture), RdfNs.Xsd + "integer"));
        g.Add(view, Hydra("first"), new Iri(p.PageUrl(1)));
        g.Add(view, Hydra("last"), new Iri(p.PageUrl(p.LastPage)));
        if (p.Page > 1)
        {
            g.Add(view, Hydra("previous"), new Iri(p.PageUrl(Math.Min(p.Page - 1, p.LastPage))));
        }
        if (p.Page < p.LastPage)
        {
            g.Add(view, Hydra("next"), new Iri(p.PageUrl(p.Page + 1)));
        }
    }

    private static RdfTerm Agent(RdfGraph g, DcatAgent agent)
    {
        RdfTerm node = Absolute(agent.Uri) is { } uri ? new Iri(uri) : g.NewBlankNode();
        g.Add(node, A, Foaf("Organization"));
        g.Add(node, A, Foaf("Agent"));
        g.Add(node, Foaf("name"), new Literal(agent.Name));
        if (!string.IsNullOrWhiteSpace(agent.Email))
        {
            g.Add(node, Foaf("mbox"), new Iri("mailto:" + agent.Email.Trim()));
        }
        if (Absolute(agent.Homepage) is { } homepage)
        {
            g.Add(node, Foaf("homepage"), new Iri(homepage));
        }
        return node;
    }

    private static BlankNode? ContactPoint(RdfGraph g, DcatContact contact)
    {
        var email = string.IsNullOrWhiteSpace(contact.Email) ? null : "mailto:" + contact.Email.Trim();
        var url = Absolute(contact.Url);
        var phone = string.IsNullOrWhiteSpace(contact.Phone) ? null : "tel:" + new string(contact.Phone.Where(c => char.IsAsciiDigit(c) || c == '+').ToArray());
        if (email is null && url is null && phone is null)
        {
            // DCAT-AP.de: a contact point needs a way to reach it; a bare name is not one
            return null;
        }
        var node = g.NewBlankNode();
        g.Add(node, A, Vcard("Organization"));
        g.Add(node, Vcard("fn"), new Literal(contact.Name));
        if (email is not null)
        {
            g.Add(node, Vcard("hasEmail"), new Iri(email));
        }
        if (url is not null)
        {
            g.Add(node, Vcard("hasURL"), new Iri(url));
        }
        if (phone is { Length: > 4 })
        {
            g.Add(node, Vcard("hasTelephone"), new Iri(phone));
        }
        return node;
    }

    private static Iri Location(RdfGraph g, string uri)
    {
        var node = new Iri(uri);
        g.Add(node, A, Dct("Location"));
        return node;
    }

    /// <summary>A dct:Location with the GeoJSON geometry and its bounding box; null when the text is no geometry.</summary>
    private static BlankNode? GeometryLocation(RdfGraph g, string? geoJson)
    {
        if (string.IsNullOrWhiteSpace(geoJson) || GeoJsonBounds.Of(geoJson) is not { } bbox)
        {
            return null;
        }
        var location = g.NewBlankNode();
        g.Add(location, A, Dct("Location"));
        var geometry = g.NewBlankNode();
        g.Add(location, Locn("geometry"), geometry);
        g.Add(geometry, A, Locn("Geometry"));
        g.Add(geometry, Geo("asGeoJSON"), Literal.Typed(GeoJsonBounds.Compact(geoJson), RdfNs.Geo + "geoJSONLiteral"));
        g.Add(location, Dcat("bbox"), Literal.Typed(bbox.ToWkt(), RdfNs.Geo + "wktLiteral"));
        return location;
    }

    private static Literal Text(DcatCatalogInfo catalog, string text) =>
        new(text.Trim(), catalog.Language.Length == 2 ? catalog.Language : "de");

    private static Literal DateTime(DateTimeOffset t) =>
        Literal.Typed(t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), RdfNs.Xsd + "dateTime");

    private static Literal Date(DateOnly d) => Literal.Typed(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), RdfNs.Xsd + "date");

    private static string? FirstText(params string?[] texts) => texts.FirstOrDefault(t => !string.IsNullOrWhiteSpace(t))?.Trim();

    /// <summary>The value when it is an absolute http(s) or mailto IRI without spaces; null otherwise.</summary>
    private static string? Absolute(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var v = value.Trim();
        return IriResolver.IsAbsolute(v) && !v.Any(char.IsWhiteSpace) && !v.Any(c => c is '<' or '>' or '"') ? v : null;
    }

    private static string? PathOf(string? url) =>
        url is not null && System.Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.AbsolutePath : url;

    private static string? MediaTypeUri(string? mediaType)
    {
        if (string.IsNullOrWhiteSpace(mediaType))
        {
            return null;
        }
        var mt = mediaType.Split(';', 2)[0].Trim().ToLowerInvariant();
        if (mt.StartsWith(FileType.IanaMediaTypes, StringComparison.Ordinal))
        {
            return mt;
        }
        var slash = mt.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < mt.Length - 1 && mt.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '+' or '-' or '_')
            ? FileType.IanaMediaTypes + mt
            : null;
    }

    private static bool IsSha256(string? hex) => hex is { Length: 64 } && hex.All(char.IsAsciiHexDigit);
}

/// <summary>Bounding box of a GeoJSON geometry (any type, nested collections included).</summary>
internal sealed record GeoJsonBounds(double MinX, double MinY, double MaxX, double MaxY)
{
    public string ToWkt() => string.Create(CultureInfo.InvariantCulture,
        $"POLYGON(({MinX} {MinY}, {MaxX} {MinY}, {MaxX} {MaxY}, {MinX} {MaxY}, {MinX} {MinY}))");

    public static GeoJsonBounds? Of(string geoJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(geoJson, new JsonDocumentOptions { MaxDepth = 64 });
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var type)
                && type.ValueKind == JsonValueKind.String && type.GetString() == "Feature" && root.TryGetProperty("geometry", out var geometry))
            {
                root = geometry;
            }
            double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
            var any = false;
            Visit(root);
            return any ? new GeoJsonBounds(minX, minY, maxX, maxY) : null;

            void Visit(JsonElement e)
            {
                if (e.ValueKind == JsonValueKind.Object)
                {
                    if (e.TryGetProperty("coordinates", out var coordinates))
                    {
                        Visit(coordinates);
                    }
                    if (e.TryGetProperty("geometries", out var geometries))
                    {
                        Visit(geometries);
                    }
                    return;
                }
                if (e.ValueKind != JsonValueKind.Array)
                {
                    return;
                }
                if (e.GetArrayLength() >= 2 && e[0].ValueKind == JsonValueKind.Number && e[1].ValueKind == JsonValueKind.Number)
                {
                    var x = e[0].GetDouble();
                    var y = e[1].GetDouble();
                    if (x is >= -180 and <= 180 && y is >= -90 and <= 90)
                    {
                        minX = Math.Min(minX, x);
                        minY = Math.Min(minY, y);
                        maxX = Math.Max(maxX, x);
                        maxY = Math.Max(maxY, y);
                        any = true;
                    }
                    return;
                }
                foreach (var item in e.EnumerateArray())
                {
                    Visit(item);
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The GeoJSON without insignificant whitespace.</summary>
    public static string Compact(string geoJson)
    {
        using var doc = JsonDocument.Parse(geoJson);
        return JsonSerializer.Serialize(doc.RootElement);
    }
}
