using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Model;

/// <summary>A publisher: usually a department (Fachamt) or a municipal company.</summary>
internal sealed class Organization : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>URL name, unique within the tenant (CKAN's <c>name</c>).</summary>
    public string Name { get; set; } = "";

    public string Title { get; set; } = "";

    public string? Description { get; set; }

    public string? Email { get; set; }

    public string? Homepage { get; set; }

    public string? ImageUrl { get; set; }

    /// <summary>The tenant department this organisation stands for, if any (its stewards manage it).</summary>
    public string? DepartmentKey { get; set; }

    public DateTimeOffset Created { get; set; }
}

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.ToTable("catalog_organizations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.HasIndex(o => new { o.TenantId, o.Name }).IsUnique();
        builder.Property(o => o.Name).HasMaxLength(100);
        builder.Property(o => o.Title).HasMaxLength(300);
        builder.Property(o => o.Email).HasMaxLength(254);
        builder.Property(o => o.Homepage).HasMaxLength(2000);
        builder.Property(o => o.ImageUrl).HasMaxLength(2000);
        builder.Property(o => o.DepartmentKey).HasMaxLength(63);
    }
}
