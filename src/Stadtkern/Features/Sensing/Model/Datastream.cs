using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Model;

/// <summary>
/// A SensorThings Datastream: the Observations of one ObservedProperty by one Sensor on one Thing. The extents, the latest value and
/// the count are maintained per batch by the observation writer, never by a per-row trigger.
/// </summary>
internal sealed class Datastream : ITenantOwned
{
    public long Id { get; set; }

    public Guid TenantId { get; set; }

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public string ObservationType { get; set; } = "";

    /// <summary>JSON object (<c>name</c>, <c>symbol</c>, <c>definition</c>).</summary>
    public string UnitOfMeasurement { get; set; } = "{}";

    /// <summary>GeoJSON geometry, or null.</summary>
    public string? ObservedArea { get; set; }

    public DateTimeOffset? PhenomenonTimeStart { get; set; }

    public DateTimeOffset? PhenomenonTimeEnd { get; set; }

    public DateTimeOffset? ResultTimeStart { get; set; }

    public DateTimeOffset? ResultTimeEnd { get; set; }

    public string? Properties { get; set; }

    public long ThingId { get; set; }

    public long SensorId { get; set; }

    public long ObservedPropertyId { get; set; }

    /// <summary>One of <see cref="SensingAccessLevels"/>; null: the Thing's level.</summary>
    public string? AccessLevel { get; set; }

    public long? LatestObservationId { get; set; }

    public DateTimeOffset? LatestPhenomenonTime { get; set; }

    /// <summary>The latest result as JSON text.</summary>
    public string? LatestResult { get; set; }

    public long ObservationCount { get; set; }

    /// <summary>Days raw Observations are kept; null: forever.</summary>
    public int? RawRetentionDays { get; set; }

    public DateTimeOffset Created { get; set; }

    public DateTimeOffset Modified { get; set; }
}

internal sealed class DatastreamConfiguration : IEntityTypeConfiguration<Datastream>
{
    public void Configure(EntityTypeBuilder<Datastream> builder)
    {
        builder.ToTable("sensing_datastreams");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Name).HasMaxLength(500);
        builder.Property(d => d.ObservationType).HasMaxLength(300);
        builder.Property(d => d.UnitOfMeasurement).IsJson();
        builder.Property(d => d.ObservedArea).IsJson();
        builder.Property(d => d.Properties).IsJson();
        builder.Property(d => d.LatestResult).IsJson();
        builder.Property(d => d.AccessLevel).HasMaxLength(20);
        builder.Property(d => d.ObservationCount).HasDefaultValue(0L);
        builder.HasIndex(d => d.ThingId);
        builder.HasIndex(d => d.SensorId);
        builder.HasIndex(d => d.ObservedPropertyId);
        builder.HasIndex(d => d.TenantId);
        builder.HasOne<Thing>().WithMany().HasForeignKey(d => d.ThingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Sensor>().WithMany().HasForeignKey(d => d.SensorId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ObservedProperty>().WithMany().HasForeignKey(d => d.ObservedPropertyId).OnDelete(DeleteBehavior.Cascade);
    }
}
