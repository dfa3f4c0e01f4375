using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Model;

/// <summary>A collection of datasets across publishers (CKAN group), e.g. "Klima" or "Haushalt".</summary>
internal sealed class CatalogGroup : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public string Name { get; set; } = "";

    public string Title { get; set; } = "";

    public string? Description { get; set; }

    public string? ImageUrl { get; set; }

    public DateTimeOffset Created { get; set; }
}

internal sealed class CatalogGroupConfiguration : IEntityTypeConfiguration<CatalogGroup>
{
    public void Configure(EntityTypeBuilder<CatalogGroup> builder)
    {
        builder.ToTable("catalog_groups");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Id).ValueGeneratedNever();
        builder.HasIndex(g => new { g.TenantId, g.Name }).IsUnique();
        builder.Property(g => g.Name).HasMaxLength(100);
        builder.Property(g => g.Title).HasMaxLength(300);
        builder.Property(g => g.ImageUrl).HasMaxLength(2000);
    }
}
