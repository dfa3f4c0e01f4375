using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Model;

/// <summary>A tenant's catalog-wide settings (one row per tenant; defaults apply while none exists).</summary>
internal sealed class CatalogSettings : ITenantOwned
{
    public Guid TenantId { get; set; }

    /// <summary>GovData's <c>dcatde:contributorID</c> for this portal (a URI from GovData's contributor list).</summary>
    public string? ContributorId { get; set; }

    /// <summary>Catalog title in DCAT; the tenant's name plus "Offene Daten" when empty.</summary>
    public string? Title { get; set; }

    public string? Description { get; set; }

    /// <summary>Minimum metadata quality score (0–100) a public dataset needs to be published; 0 disables the check.</summary>
    public int MinimumQuality { get; set; }
}

internal sealed class CatalogSettingsConfiguration : IEntityTypeConfiguration<CatalogSettings>
{
    public void Configure(EntityTypeBuilder<CatalogSettings> builder)
    {
        builder.ToTable("catalog_settings");
        builder.HasKey(s => s.TenantId);
        builder.Property(s => s.TenantId).ValueGeneratedNever();
        builder.Property(s => s.ContributorId).HasMaxLength(500);
        builder.Property(s => s.Title).HasMaxLength(300);
    }
}
