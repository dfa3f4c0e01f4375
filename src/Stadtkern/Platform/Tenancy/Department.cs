using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Platform.Tenancy;

/// <summary>An office of the administration (Amt, Fachbereich, municipal company).</summary>
internal sealed class Department : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>Short stable key, unique within the tenant (e.g. <c>tiefbau</c>).</summary>
    public string Key { get; set; } = "";

    public string Name { get; set; } = "";

    public string? Email { get; set; }
}

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> builder)
    {
        builder.HasKey(d => d.Id);
        // Ids are assigned in code (version 7 GUIDs). Without this, EF takes a new department added to a
        // tracked tenant's list for an existing row (its key is set) and UPDATEs instead of INSERTing it.
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.HasIndex(d => new { d.TenantId, d.Key }).IsUnique();
        builder.Property(d => d.Key).HasMaxLength(63);
        builder.Property(d => d.Name).HasMaxLength(200);
        builder.Property(d => d.Email).HasMaxLength(254);
    }
}
