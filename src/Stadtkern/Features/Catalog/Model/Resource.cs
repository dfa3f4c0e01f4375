using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Model;

/// <summary>A resource (CKAN) or distribution (DCAT): a link or an uploaded file, possibly loaded into the datastore.</summary>
internal sealed class Resource : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid DatasetId { get; set; }

    /// <summary>Order within the dataset, from 0.</summary>
    public int Position { get; set; }

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    /// <summary>Where the data is: an external URL, or this instance's download URL for an upload.</summary>
    public string Url { get; set; } = "";

    /// <summary>EU file-type code (<c>CSV</c>, <c>GEOJSON</c>, ...).</summary>
    public string? Format { get; set; }

    public string? MediaType { get; set; }

    /// <summary>Size in bytes, when known.</summary>
    public long? Size { get; set; }

    /// <summary>SHA-256 of the content, lowercase hex, when known.</summary>
    public string? Checksum { get; set; }

    /// <summary>Key of the uploaded file in the file store; null for links.</summary>
    public string? StorageKey { get; set; }

    /// <summary>True when the data is loaded into a datastore table.</summary>
    public bool DatastoreActive { get; set; }

    public DateTimeOffset Created { get; set; }

    public DateTimeOffset Modified { get; set; }
}

internal sealed class ResourceConfiguration : IEntityTypeConfiguration<Resource>
{
    public void Configure(EntityTypeBuilder<Resource> builder)
    {
        builder.ToTable("catalog_resources");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasIndex(r => new { r.DatasetId, r.Position });
        builder.Property(r => r.Name).HasMaxLength(500);
        builder.Property(r => r.Url).HasMaxLength(2000);
        builder.Property(r => r.Format).HasMaxLength(50);
        builder.Property(r => r.MediaType).HasMaxLength(200);
        builder.Property(r => r.Checksum).HasMaxLength(64);
        builder.Property(r => r.StorageKey).HasMaxLength(200);
    }
}
