using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Model;

/// <summary>When a Thing was at its Location(s).</summary>
internal sealed class HistoricalLocation : ITenantOwned
{
    public long Id { get; set; }

    public Guid TenantId { get; set; }

    public long ThingId { get; set; }

    public DateTimeOffset Time { get; set; }
}

internal sealed class HistoricalLocationConfiguration : IEntityTypeConfiguration<HistoricalLocation>
{
    public void Configure(EntityTypeBuilder<HistoricalLocation> builder)
    {
        builder.ToTable("sensing_historical_locations");
        builder.HasKey(h => h.Id);
        builder.HasIndex(h => h.ThingId);
        builder.HasIndex(h => h.TenantId);
        builder.HasOne<Thing>().WithMany().HasForeignKey(h => h.ThingId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The Location(s) of one HistoricalLocation.</summary>
internal sealed class HistoricalLocationLocation
{
    public long HistoricalLocationId { get; set; }

    public long LocationId { get; set; }
}

internal sealed class HistoricalLocationLocationConfiguration : IEntityTypeConfiguration<HistoricalLocationLocation>
{
    public void Configure(EntityTypeBuilder<HistoricalLocationLocation> builder)
    {
        builder.ToTable("sensing_historical_location_locations");
        builder.HasKey(l => new { l.HistoricalLocationId, l.LocationId });
        builder.HasIndex(l => l.LocationId);
        builder.HasOne<HistoricalLocation>().WithMany().HasForeignKey(l => l.HistoricalLocationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Location>().WithMany().HasForeignKey(l => l.LocationId).OnDelete(DeleteBehavior.Cascade);
    }
}
