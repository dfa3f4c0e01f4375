using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Model;

/// <summary>A SensorThings FeatureOfInterest. On PostgreSQL the table also has a generated PostGIS column <c>geom</c> (not in the model).</summary>
internal sealed class FeatureOfInterest : ITenantOwned
{
    public long Id { get; set; }

    public Guid TenantId { get; set; }

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public string EncodingType { get; set; } = "";

    /// <summary>The feature as given (GeoJSON geometry or Feature).</summary>
    public string Feature { get; set; } = "{}";

    /// <summary>The normalised GeoJSON geometry object (EPSG:4326).</summary>
    public string? Geometry { get; set; }

    public double? MinX { get; set; }

    public double? MinY { get; set; }

    public double? MaxX { get; set; }

    public double? MaxY { get; set; }

    public string? Properties { get; set; }

    /// <summary>Hash of the Location a generated FoI was made from, to reuse it; null for FoIs created by clients.</summary>
    public string? FeatureKey { get; set; }
}

internal sealed class FeatureOfInterestConfiguration : IEntityTypeConfiguration<FeatureOfInterest>
{
    public void Configure(EntityTypeBuilder<FeatureOfInterest> builder)
    {
        builder.ToTable("sensing_features_of_interest");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Name).HasMaxLength(500);
        builder.Property(f => f.EncodingType).HasMaxLength(100);
        builder.Property(f => f.Feature).IsJson();
        builder.Property(f => f.Geometry).IsJson();
        builder.Property(f => f.Properties).IsJson();
        builder.Property(f => f.FeatureKey).HasMaxLength(64);
        builder.HasIndex(f => new { f.TenantId, f.FeatureKey });
    }
}
