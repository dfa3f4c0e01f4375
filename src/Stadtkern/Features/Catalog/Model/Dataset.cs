using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Model;

/// <summary>A dataset (CKAN package, DCAT dataset). Written only through <c>DatasetStore</c>, which keeps its
/// search text, facets and activity in the same transaction.</summary>
internal sealed class Dataset : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>URL name (slug), unique within the tenant: lowercase letters, digits, <c>-</c> and <c>_</c>, 2–100 characters.</summary>
    public string Name { get; set; } = "";

    public string Title { get; set; } = "";

    /// <summary>Description in Markdown.</summary>
    public string? Notes { get; set; }

    public Guid OrganizationId { get; set; }

    public Organization? Organization { get; set; }

    public List<string> Tags { get; set; } = [];

    /// <summary>EU data-theme codes (<c>TRAN</c>, <c>ENVI</c>, ...).</summary>
    public List<string> Themes { get; set; } = [];

    /// <summary>DCAT-AP.de licence id (<c>dl-by-de/2.0</c>, <c>cc-by/4.0</c>, ...).</summary>
    public string? LicenseId { get; set; }

    /// <summary>Attribution text (<c>dcatde:licenseAttributionByText</c>), required by "by" licences.</summary>
    public string? LicenseAttribution { get; set; }

    public string? ContactName { get; set; }

    public string? ContactEmail { get; set; }

    public string? ContactUrl { get; set; }

    public string? LandingPage { get; set; }

    public DateOnly? TemporalStart { get; set; }

    public DateOnly? TemporalEnd { get; set; }

    /// <summary>Spatial coverage as a GeoJSON geometry (WGS 84).</summary>
    public string? SpatialGeoJson { get; set; }

    /// <summary>Bounding box of <see cref="SpatialGeoJson"/>, kept for the bbox filter on both databases.</summary>
    public double? MinLon { get; set; }

    public double? MinLat { get; set; }

    public double? MaxLon { get; set; }

    public double? MaxLat { get; set; }

    /// <summary><c>dcatde:politicalGeocodingURI</c>; defaults to the tenant's regional key (ARS).</summary>
    public string? PoliticalGeocodingUri { get; set; }

    /// <summary>EU frequency code (<c>DAILY</c>, <c>ANNUAL</c>, ...).</summary>
    public string? Frequency { get; set; }

    public DateTimeOffset Issued { get; set; }

    public DateTimeOffset Modified { get; set; }

    public DateTimeOffset Created { get; set; }

    public AccessLevel Access { get; set; }

    public DatasetState State { get; set; }

    /// <summary>Incremented on every edit; the activity stream keeps each version.</summary>
    public int Version { get; set; }

    public string CreatedBy { get; set; } = "";

    public string ModifiedBy { get; set; } = "";

    /// <summary>Free key/value pairs (CKAN extras).</summary>
    public List<DatasetExtra> Extras { get; set; } = [];

    /// <summary>Everything searchable besides the title (notes, tags, themes, publisher, resource names and formats), maintained by the store.</summary>
    public string SearchText { get; set; } = "";

    /// <summary>The tenant's change stamp of the last write of this dataset; the search index reloads datasets above the stamp it has.</summary>
    public long ChangeStamp { get; set; }

    /// <summary>Metadata quality score 0–100, maintained by the store.</summary>
    public int Quality { get; set; }

    /// <summary>The harvest source this dataset came from, if any; harvested datasets are updated by that source.</summary>
    public Guid? HarvestSourceId { get; set; }

    /// <summary>The dataset's identity at the harvest source (CKAN id or DCAT IRI).</summary>
    public string? HarvestIdentifier { get; set; }

    public List<Resource> Resources { get; set; } = [];
}

internal enum DatasetState
{
    Active,
    Deleted,
}

/// <summary>A CKAN extra: one key/value pair.</summary>
internal sealed class DatasetExtra
{
    public string Key { get; set; } = "";

    public string Value { get; set; } = "";
}

internal sealed class DatasetConfiguration : IEntityTypeConfiguration<Dataset>
{
    public void Configure(EntityTypeBuilder<Dataset> builder)
    {
        builder.ToTable("catalog_datasets");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.HasIndex(d => new { d.TenantId, d.Name }).IsUnique();
        builder.HasIndex(d => new { d.TenantId, d.Modified });
        builder.HasIndex(d => new { d.TenantId, d.HarvestSourceId, d.HarvestIdentifier }).HasDatabaseName("ix_catalog_datasets_harvest");
        builder.HasOne(d => d.Organization).WithMany().HasForeignKey(d => d.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(d => d.Name).HasMaxLength(100);
        builder.Property(d => d.Title).HasMaxLength(500);
        builder.Property(d => d.LicenseId).HasMaxLength(100);
        builder.Property(d => d.LicenseAttribution).HasMaxLength(1000);
        builder.Property(d => d.ContactName).HasMaxLength(300);
        builder.Property(d => d.ContactEmail).HasMaxLength(254);
        builder.Property(d => d.ContactUrl).HasMaxLength(2000);
        builder.Property(d => d.LandingPage).HasMaxLength(2000);
        builder.Property(d => d.PoliticalGeocodingUri).HasMaxLength(500);
        builder.Property(d => d.Frequency).HasMaxLength(50);
        builder.Property(d => d.CreatedBy).HasMaxLength(300);
        builder.Property(d => d.ModifiedBy).HasMaxLength(300);
        builder.Property(d => d.HarvestIdentifier).HasMaxLength(2000);
        builder.Property(d => d.Access).HasConversion(a => a.Key(), s => Parse(s)).HasMaxLength(20);
        builder.Property(d => d.State).HasConversion(s => s == DatasetState.Active ? "active" : "deleted", s => s == "deleted" ? DatasetState.Deleted : DatasetState.Active).HasMaxLength(20);
        builder.OwnsMany(d => d.Extras, e => e.ToJson("extras"));
        builder.HasMany(d => d.Resources).WithOne().HasForeignKey(r => r.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }

    private static AccessLevel Parse(string stored) =>
        AccessLevels.TryParse(stored, out var level) ? level : throw new InvalidOperationException($"Unknown access level '{stored}' in the database.");
}
