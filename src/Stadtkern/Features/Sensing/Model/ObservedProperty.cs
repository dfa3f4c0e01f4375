using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Model;

/// <summary>A SensorThings ObservedProperty: the phenomenon observed (air temperature, soil tension).</summary>
internal sealed class ObservedProperty : ITenantOwned
{
    public long Id { get; set; }

    public Guid TenantId { get; set; }

    public string Name { get; set; } = "";

    public string Definition { get; set; } = "";

    public string Description { get; set; } = "";

    public string? Properties { get; set; }
}

internal sealed class ObservedPropertyConfiguration : IEntityTypeConfiguration<ObservedProperty>
{
    public void Configure(EntityTypeBuilder<ObservedProperty> builder)
    {
        builder.ToTable("sensing_observed_properties");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Name).HasMaxLength(500);
        builder.Property(p => p.Definition).HasMaxLength(2000);
        builder.Property(p => p.Properties).IsJson();
        builder.HasIndex(p => p.TenantId);
    }
}
