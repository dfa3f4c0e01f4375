using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Model;

/// <summary>A SensorThings Thing: a device or station that carries sensors.</summary>
internal sealed class Thing : ITenantOwned
{
    public long Id { get; set; }

    public Guid TenantId { get; set; }

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>JSON object text, or null.</summary>
    public string? Properties { get; set; }

    /// <summary>One of <see cref="SensingAccessLevels"/>.</summary>
    public string AccessLevel { get; set; } = SensingAccessLevels.Public;

    public DateTimeOffset Created { get; set; }

    public DateTimeOffset Modified { get; set; }
}

internal sealed class ThingConfiguration : IEntityTypeConfiguration<Thing>
{
    public void Configure(EntityTypeBuilder<Thing> builder)
    {
        builder.ToTable("sensing_things");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Name).HasMaxLength(500);
        builder.Property(t => t.Properties).IsJson();
        builder.Property(t => t.AccessLevel).HasMaxLength(20);
        builder.HasIndex(t => t.TenantId);
    }
}
