using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Vocabularies;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Catalog.Dcat;

/// <summary>A validated catalog page request: page from 1, page size 1–1000, optional modified-since instant.</summary>
internal sealed record DcatPageRequest(int Page, int PageSize, DateTimeOffset? ModifiedSince)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    /// <summary>Parses the query values; returns the errors by parameter name when any is invalid.</summary>
    public static (DcatPageRequest? Request, Dictionary<string, string[]> Errors) Parse(string? page, string? pageSize, string? modifiedSince)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var p = 1;
        var size = DefaultPageSize;
        DateTimeOffset? since = null;
        if (page is not null && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out p) || p < 1))
        {
            errors["page"] = ["page muss eine ganze Zahl ab 1 sein."];
        }
        if (pageSize is not null && (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > MaxPageSize))
        {
            errors["page_size"] = [$"page_size muss zwischen 1 und {MaxPageSize} liegen."];
        }
        if (modifiedSince is not null)
        {
            if (DateTimeOffset.TryParse(modifiedSince, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                since = parsed;
            }
            else
            {
                errors["modified_since"] = ["modified_since muss ein ISO-8601-Datum sein, z. B. 2024-01-31 oder 2024-01-31T12:00:00Z."];
            }
        }
        return errors.Count > 0 ? (null, errors) : (new DcatPageRequest(p, size, since), errors);
    }
}

/// <summary>
/// Reads the current tenant's public, active datasets and maps them to DCAT. Internal and restricted datasets
/// are never read here, whoever asks: the export is public by definition.
/// </summary>
internal sealed class ExportDcat(StadtkernDb db, TenantContext tenant)
{
    private IQueryable<Dataset> Exported =>
        db.Set<Dataset>().AsNoTracking().Where(d => d.Access == AccessLevel.Public && d.State == DatasetState.Active);

    public async Task<DcatCatalogInfo> CatalogInfoAsync(string baseUrl, CancellationToken cancellationToken)
    {
        var t = tenant.Required;
        var settings = await db.Set<CatalogSettings>().AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        var latest = await Exported.OrderByDescending(d => d.Modified).Select(d => (DateTimeOffset?)d.Modified).FirstOrDefaultAsync(cancellationToken);
        return new DcatCatalogInfo(
            BaseUrl: baseUrl,
            Title: string.IsNullOrWhiteSpace(settings?.Title) ? $"Offene Daten {t.Name}" : settings.Title,
            Description: !string.IsNullOrWhiteSpace(settings?.Description) ? settings.Description
                : !string.IsNullOrWhiteSpace(t.Description) ? t.Description : $"Datenkatalog von {t.Name}",
            Publisher: new DcatAgent(t.Name, Email: t.ContactEmail, Homepage: t.Website),
            Homepage: t.Website,
            ContributorId: string.IsNullOrWhiteSpace(settings?.ContributorId) ? null : settings.ContributorId,
            PoliticalGeocodingUri: PoliticalGeocoding.RegionalKeyUri(t.Ars),
            PoliticalGeocodingLevelUri: PoliticalGeocoding.MunicipalityLevelUri,
            Modified: latest);
    }

    /// <summary>One page of datasets (ordered by name) and the number of all that match.</summary>
    /// <remarks><c>origin</c> (scheme://host) makes upload URLs absolute.</remarks>
    public async Task<(IReadOnlyList<DcatDatasetInfo> Datasets, long Total)> PageAsync(DcatPageRequest request, string origin, CancellationToken cancellationToken)
    {
        var query = Exported;
        if (request.ModifiedSince is { } since)
        {
            query = query.Where(d => d.Modified >= since);
        }
        var total = await query.LongCountAsync(cancellationToken);
        var page = await query.OrderBy(d => d.Name)
            .Skip((request.Page - 1) * request.PageSize).Take(request.PageSize)
            .Include(d => d.Organization).Include(d => d.Resources)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        return (page.Select(d => ToInfo(d, origin)).ToList(), total);
    }

    public async Task<DcatDatasetInfo?> DatasetAsync(string name, string origin, CancellationToken cancellationToken)
    {
        var dataset = await Exported.Where(d => d.Name == name)
            .Include(d => d.Organization).Include(d => d.Resources)
            .AsSplitQuery()
            .FirstOrDefaultAsync(cancellationToken);
        return dataset is null ? null : ToInfo(dataset, origin);
    }

    private static DcatDatasetInfo ToInfo(Dataset d, string origin)
    {
        var org = d.Organization;
        var publisher = new DcatAgent(org?.Title ?? "Unbekannt", Uri: null, Email: org?.Email, Homepage: org?.Homepage);
        var contactEmail = d.ContactEmail ?? org?.Email;
        var contact = contactEmail is not null || d.ContactUrl is not null
            ? new DcatContact(d.ContactName ?? org?.Title ?? "Kontakt", contactEmail, d.ContactUrl)
            : null;
        return new DcatDatasetInfo(
            Name: d.Name,
            Title: d.Title,
            Notes: d.Notes,
            Publisher: publisher,
            Tags: d.Tags,
            Themes: d.Themes,
            LicenseId: d.LicenseId,
            AttributionText: d.LicenseAttribution,
            ContactPoint: contact,
            TemporalStart: d.TemporalStart,
            TemporalEnd: d.TemporalEnd,
            SpatialGeoJson: d.SpatialGeoJson,
            PoliticalGeocodingUri: d.PoliticalGeocodingUri,
            Frequency: d.Frequency,
            Issued: d.Issued,
            Modified: d.Modified,
            AccessLevel: d.Access.Key(),
            LandingPage: d.LandingPage,
            Distributions: d.Resources.OrderBy(r => r.Position).Select(r => new DcatDistributionInfo(
                Id: r.Id.ToString("D", CultureInfo.InvariantCulture),
                AccessUrl: Absolute(r.Url, origin),
                Title: string.IsNullOrWhiteSpace(r.Name) ? null : r.Name,
                Description: r.Description,
                DownloadUrl: r.StorageKey is not null ? Absolute(r.Url, origin) : null,
                Format: r.Format,
                MediaType: r.MediaType,
                ByteSize: r.Size,
                Sha256: r.Checksum,
                Issued: r.Created,
                Modified: r.Modified)).ToList());
    }

    private static string Absolute(string url, string origin) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) ? origin + url : url;
}
