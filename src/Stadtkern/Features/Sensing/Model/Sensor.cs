using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Model;

/// <summary>A SensorThings Sensor: the instrument or procedure that observes.</summary>
internal sealed class Sensor : ITenantOwned
{
    public long Id { get; set; }

    public Guid TenantId { get; set; }

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public string EncodingType { get; set; } = "";

    public string Metadata { get; set; } = "";

    public string? Properties { get; set; }
}

internal sealed class SensorConfiguration : IEntityTypeConfiguration<Sensor>
{
    public void Configure(EntityTypeBuilder<Sensor> builder)
    {
        builder.ToTable("sensing_sensors");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(500);
        builder.Property(s => s.EncodingType).HasMaxLength(100);
        builder.Property(s => s.Properties).IsJson();
        builder.HasIndex(s => s.TenantId);
    }
}
