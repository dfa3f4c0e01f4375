using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Model;

/// <summary>A SensorThings Location. On PostgreSQL the table also has a generated PostGIS column <c>geom</c> (not in the model).</summary>
internal sealed class Location : ITenantOwned
{
    public long Id { get; set; }

    public Guid TenantId { get; set; }

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public string EncodingType { get; set; } = "";

    /// <summary>The location as given (GeoJSON geometry or Feature).</summary>
    public string LocationJson { get; set; } = "{}";

    /// <summary>The normalised GeoJSON geometry object (EPSG:4326).</summary>
    public string? Geometry { get; set; }

    public double? MinX { get; set; }

    public double? MinY { get; set; }

    public double? MaxX { get; set; }

    public double? MaxY { get; set; }

    public string? Properties { get; set; }
}

internal sealed class LocationConfiguration : IEntityTypeConfiguration<Location>
{
    public void Configure(EntityTypeBuilder<Location> builder)
    {
        builder.ToTable("sensing_locations");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Name).HasMaxLength(500);
        builder.Property(l => l.EncodingType).HasMaxLength(100);
        builder.Property(l => l.LocationJson).HasColumnName("location").IsJson();
        builder.Property(l => l.Geometry).IsJson();
        builder.Property(l => l.Properties).IsJson();
        builder.HasIndex(l => l.TenantId);
    }
}
