using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Model;

/// <summary>Membership of a dataset in a group.</summary>
internal sealed class DatasetGroup : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid DatasetId { get; set; }

    public Guid GroupId { get; set; }
}

/// <summary>
/// One facet value of a dataset (<c>organization=tiefbau</c>, <c>tags=Radverkehr</c>, <c>res_format=CSV</c>, ...):
/// the store rewrites a dataset's rows in the same transaction as the dataset, so filters and facet counts
/// are plain indexed lookups on both databases and never drift.
/// </summary>
internal sealed class DatasetFacet : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid DatasetId { get; set; }

    public string Facet { get; set; } = "";

    public string Value { get; set; } = "";
}

/// <summary>An entry of the activity stream: who changed which dataset when, with the state after the change.</summary>
internal sealed class DatasetActivity : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid DatasetId { get; set; }

    public int Version { get; set; }

    /// <summary><c>new package</c>, <c>changed package</c> or <c>deleted package</c> (CKAN's activity types).</summary>
    public string Action { get; set; } = "";

    public string Actor { get; set; } = "";

    public DateTimeOffset Timestamp { get; set; }

    /// <summary>The dataset as CKAN JSON after the change.</summary>
    public string Snapshot { get; set; } = "";
}

internal sealed class DatasetGroupConfiguration : IEntityTypeConfiguration<DatasetGroup>
{
    public void Configure(EntityTypeBuilder<DatasetGroup> builder)
    {
        builder.ToTable("catalog_dataset_groups");
        builder.HasKey(g => new { g.DatasetId, g.GroupId });
        builder.HasIndex(g => g.GroupId);
        builder.HasOne<Dataset>().WithMany().HasForeignKey(g => g.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<CatalogGroup>().WithMany().HasForeignKey(g => g.GroupId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DatasetFacetConfiguration : IEntityTypeConfiguration<DatasetFacet>
{
    public void Configure(EntityTypeBuilder<DatasetFacet> builder)
    {
        builder.ToTable("catalog_dataset_facets");
        builder.HasKey(f => new { f.DatasetId, f.Facet, f.Value });
        // dataset_id in the index: filters and facet counts read it without touching the table.
        builder.HasIndex(f => new { f.TenantId, f.Facet, f.Value, f.DatasetId });
        builder.Property(f => f.Facet).HasMaxLength(30);
        builder.Property(f => f.Value).HasMaxLength(300);
        builder.HasOne<Dataset>().WithMany().HasForeignKey(f => f.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DatasetActivityConfiguration : IEntityTypeConfiguration<DatasetActivity>
{
    public void Configure(EntityTypeBuilder<DatasetActivity> builder)
    {
        builder.ToTable("catalog_activities");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.HasIndex(a => new { a.DatasetId, a.Version });
        builder.Property(a => a.Timestamp).HasColumnName("occurred_at");
        builder.HasIndex(a => new { a.TenantId, a.Timestamp });
        builder.Property(a => a.Action).HasMaxLength(50);
        builder.Property(a => a.Actor).HasMaxLength(300);
    }
}
