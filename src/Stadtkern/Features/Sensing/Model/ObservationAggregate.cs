using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Stadtkern.Features.Sensing.Model;

/// <summary>Hourly or daily count/sum/min/max of a Datastream's numeric results, maintained per batch by the observation writer.</summary>
internal sealed class ObservationAggregate
{
    public long DatastreamId { get; set; }

    /// <summary>1 = hour, 2 = day.</summary>
    public short Resolution { get; set; }

    public DateTimeOffset BucketStart { get; set; }

    public long Count { get; set; }

    public double Sum { get; set; }

    public double Min { get; set; }

    public double Max { get; set; }
}

internal sealed class ObservationAggregateConfiguration : IEntityTypeConfiguration<ObservationAggregate>
{
    public void Configure(EntityTypeBuilder<ObservationAggregate> builder)
    {
        builder.ToTable("sensing_aggregates");
        builder.HasKey(a => new { a.DatastreamId, a.Resolution, a.BucketStart });
    }
}
