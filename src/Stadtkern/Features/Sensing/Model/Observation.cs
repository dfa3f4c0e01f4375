using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Model;

/// <summary>
/// One Observation. No tenant column: tenant and visibility come from the Datastream. No foreign keys either (the ingest hot path
/// does not pay for them); deleting a Datastream or FeatureOfInterest deletes its Observations explicitly. On PostgreSQL the table is
/// partitioned by <see cref="PhenomenonTimeStart"/> and its primary key is (id, phenomenon_time_start).
/// </summary>
internal sealed class Observation
{
    public long Id { get; set; }

    public long DatastreamId { get; set; }

    public DateTimeOffset PhenomenonTimeStart { get; set; }

    public DateTimeOffset? PhenomenonTimeEnd { get; set; }

    public DateTimeOffset? ResultTime { get; set; }

    public ResultKind ResultKind { get; set; }

    public double? ResultNumber { get; set; }

    public string? ResultString { get; set; }

    public string? ResultJson { get; set; }

    public string? ResultQuality { get; set; }

    public DateTimeOffset? ValidTimeStart { get; set; }

    public DateTimeOffset? ValidTimeEnd { get; set; }

    public string? Parameters { get; set; }

    public long? FeatureOfInterestId { get; set; }

    /// <summary>64-bit hash of the canonical result, for duplicate suppression.</summary>
    public long ResultHash { get; set; }
}

/// <summary>How an Observation's result is stored (<c>result_kind</c>).</summary>
internal enum ResultKind : short
{
    Null = 0,
    Number = 1,
    String = 2,

    /// <summary>Stored in <c>result_number</c> as 1 or 0.</summary>
    Boolean = 3,

    /// <summary>An object or array in <c>result_json</c>.</summary>
    Json = 4,
}

internal sealed class ObservationConfiguration : IEntityTypeConfiguration<Observation>
{
    public void Configure(EntityTypeBuilder<Observation> builder)
    {
        builder.ToTable("sensing_observations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.ResultKind).HasConversion<short>();
        builder.Property(o => o.ResultJson).IsJson();
        builder.Property(o => o.ResultQuality).IsJson();
        builder.Property(o => o.Parameters).IsJson();
        builder.HasIndex(o => new { o.DatastreamId, o.PhenomenonTimeStart, o.ResultHash }).IsUnique().HasDatabaseName("ux_sensing_observations_stream_time_hash");
        builder.HasIndex(o => o.FeatureOfInterestId);
        builder.HasIndex(o => new { o.DatastreamId, o.Id }).HasDatabaseName("ix_sensing_observations_datastream_id_id");
    }
}
