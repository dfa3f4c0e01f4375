using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Harvest;

/// <summary>
/// What a source's record became here: its dataset, the source's modification date and a fingerprint of what
/// was mapped (so unchanged records are not rewritten), and the last run that saw it at the source
/// (records the latest complete run did not see were deleted at the source).
/// </summary>
internal sealed class HarvestRecord : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid SourceId { get; set; }

    /// <summary>CKAN package id or DCAT dataset IRI.</summary>
    public string Identifier { get; set; } = "";

    public Guid DatasetId { get; set; }

    public DateTimeOffset? SourceModified { get; set; }

    /// <summary>SHA-256 (hex) of the mapped dataset.</summary>
    public string Fingerprint { get; set; } = "";

    public Guid? LastSeenRunId { get; set; }

    public DateTimeOffset Harvested { get; set; }
}

internal sealed class HarvestRecordConfiguration : IEntityTypeConfiguration<HarvestRecord>
{
    public void Configure(EntityTypeBuilder<HarvestRecord> builder)
    {
        builder.ToTable("catalog_harvest_records");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasIndex(r => new { r.SourceId, r.Identifier }).IsUnique();
        builder.HasIndex(r => r.DatasetId);
        builder.HasOne<HarvestSource>().WithMany().HasForeignKey(r => r.SourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Dataset>().WithMany().HasForeignKey(r => r.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.Identifier).HasMaxLength(2000);
        builder.Property(r => r.Fingerprint).HasMaxLength(64);
    }
}
