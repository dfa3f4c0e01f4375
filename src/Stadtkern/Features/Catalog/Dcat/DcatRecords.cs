namespace Stadtkern.Features.Catalog.Dcat;

/// <summary>An organisation or person that publishes (foaf:Agent).</summary>
/// <para><c>Name</c>: foaf:name (required by DCAT-AP).</para>
/// <para><c>Uri</c>: The agent's IRI; a blank node when none is known.</para>
internal sealed record DcatAgent(string Name, string? Uri = null, string? Email = null, string? Homepage = null);

/// <summary>A contact point (vcard:Organization); DCAT-AP.de needs at least one of e-mail, URL or phone.</summary>
internal sealed record DcatContact(string Name, string? Email = null, string? Url = null, string? Phone = null);

/// <summary>What the catalog says about itself, per tenant.</summary>
/// <para><c>BaseUrl</c>: Absolute URL of the tenant's root, without trailing slash (e.g. https://daten.example/t/demo).
/// Catalog, dataset and distribution IRIs are built from it.</para>
/// <para><c>Language</c>: ISO 639-1 or EU language code of the metadata; default German.</para>
/// <para><c>ContributorId</c>: dcatde:contributorID IRI (from the contributor list), added to every dataset when set.</para>
/// <para><c>PoliticalGeocodingUri</c>: The tenant's area (regional-key IRI), the default of every dataset.</para>
/// <para><c>PoliticalGeocodingLevelUri</c>: Level of <paramref name="PoliticalGeocodingUri"/>; municipality by default.</para>
internal sealed record DcatCatalogInfo(
    string BaseUrl,
    string Title,
    string Description,
    DcatAgent Publisher,
    string? Homepage = null,
    string Language = "de",
    string? ContributorId = null,
    string? PoliticalGeocodingUri = null,
    string? PoliticalGeocodingLevelUri = null,
    DateTimeOffset? Issued = null,
    DateTimeOffset? Modified = null)
{
    public string CatalogUri => BaseUrl + "/catalog";

    public string DatasetUri(string name) => BaseUrl + "/dataset/" + Uri.EscapeDataString(name);

    public string DistributionUri(string datasetName, string id) => DatasetUri(datasetName) + "/resource/" + Uri.EscapeDataString(id);

    /// <summary>The HTML portal page of a dataset (the default landing page).</summary>
    public string PortalPage(string name) => BaseUrl + "/daten/" + Uri.EscapeDataString(name);
}

/// <summary>One dataset as the export sees it. Only public, active datasets should be handed to the mapper.</summary>
/// <para><c>Name</c>: The URL name (slug), unique per tenant.</para>
/// <para><c>Themes</c>: EU data-theme codes (ENVI …) or IRIs; unknown ones are left out.</para>
/// <para><c>LicenseId</c>: DCAT-AP.de licence id (dl-by-de/2.0 …) or IRI; the default of its distributions.</para>
/// <para><c>AttributionText</c>: Text for dcatde:licenseAttributionByText; the publisher's name when empty and the licence needs it.</para>
/// <para><c>SpatialGeoJson</c>: A GeoJSON geometry (not a Feature) of the covered area.</para>
/// <para><c>PoliticalGeocodingUri</c>: Area IRI; the catalog's when empty.</para>
/// <para><c>Frequency</c>: EU frequency code (MONTHLY …) or IRI.</para>
/// <para><c>AccessLevel</c>: public, internal or restricted (dct:accessRights).</para>
internal sealed record DcatDatasetInfo(
    string Name,
    string Title,
    string? Notes,
    DcatAgent Publisher,
    IReadOnlyList<string>? Tags = null,
    IReadOnlyList<string>? Themes = null,
    string? LicenseId = null,
    string? AttributionText = null,
    DcatContact? ContactPoint = null,
    DateOnly? TemporalStart = null,
    DateOnly? TemporalEnd = null,
    string? SpatialGeoJson = null,
    string? PoliticalGeocodingUri = null,
    string? PoliticalGeocodingLevelUri = null,
    string? Frequency = null,
    DateTimeOffset? Issued = null,
    DateTimeOffset? Modified = null,
    string AccessLevel = "public",
    string? LandingPage = null,
    IReadOnlyList<DcatDistributionInfo>? Distributions = null,
    string? Identifier = null)
{
    /// <summary>When the dataset last changed, for modified_since.</summary>
    public DateTimeOffset? LastChanged => Modified ?? Issued;
}

/// <summary>One distribution (CKAN resource).</summary>
/// <para><c>Format</c>: EU file-type code, media type, extension or free-text format; guessed from the URL when empty.</para>
/// <para><c>MediaType</c>: IANA media type (text/csv); taken from the file type when empty.</para>
/// <para><c>Sha256</c>: Hex SHA-256 of the file (spdx:checksum).</para>
/// <para><c>LicenseId</c>: Licence of this distribution; the dataset's when empty.</para>
internal sealed record DcatDistributionInfo(
    string Id,
    string AccessUrl,
    string? Title = null,
    string? Description = null,
    string? DownloadUrl = null,
    string? Format = null,
    string? MediaType = null,
    long? ByteSize = null,
    string? Sha256 = null,
    string? LicenseId = null,
    string? AttributionText = null,
    DateTimeOffset? Issued = null,
    DateTimeOffset? Modified = null);
