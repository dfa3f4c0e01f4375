using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Stadtkern.Platform.Tenancy;

/// <summary>A municipality (or a shared service of several) served by this instance.</summary>
internal sealed class Tenant
{
    public Guid Id { get; set; }

    /// <summary>URL segment: the tenant lives at <c>/t/{slug}/</c>.</summary>
    public string Slug { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Amtlicher Regionalschlüssel, 12 digits.</summary>
    public string Ars { get; set; } = "";

    /// <summary>Amtlicher Gemeindeschlüssel, 8 digits.</summary>
    public string Ags { get; set; } = "";

    public TenantContact Contact { get; set; } = new();

    public TenantBranding Branding { get; set; } = new();

    /// <summary>Enabled modules, stored as a comma-separated list of <see cref="Module"/> keys.</summary>
    public List<Module> Modules { get; set; } = [];

    public List<Department> Departments { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class TenantContact
{
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Website { get; set; }
}

internal sealed class TenantBranding
{
    public string? LogoUrl { get; set; }

    /// <summary>Hex colour <c>#rrggbb</c>; white text on it must reach WCAG AA contrast.</summary>
    public string PrimaryColor { get; set; } = BrandColor.Default;

    public string? Description { get; set; }
}

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> builder)
    {
        builder.HasKey(t => t.Id);
        builder.HasIndex(t => t.Slug).IsUnique();
        builder.Property(t => t.Slug).HasMaxLength(63);
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.Property(t => t.Ars).HasMaxLength(12);
        builder.Property(t => t.Ags).HasMaxLength(8);
        builder.OwnsOne(t => t.Contact);
        builder.OwnsOne(t => t.Branding, b => b.Property(x => x.PrimaryColor).HasMaxLength(7));
        builder.Property(t => t.Modules)
            .HasConversion(ModuleList.Converter, ModuleList.Comparer)
            .HasMaxLength(200);
        builder.HasMany(t => t.Departments).WithOne().HasForeignKey(d => d.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
