using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Stadtkern.Features.Sensing.Model;

/// <summary>The current Location(s) of a Thing.</summary>
internal sealed class ThingLocation
{
    public long ThingId { get; set; }

    public long LocationId { get; set; }
}

internal sealed class ThingLocationConfiguration : IEntityTypeConfiguration<ThingLocation>
{
    public void Configure(EntityTypeBuilder<ThingLocation> builder)
    {
        builder.ToTable("sensing_thing_locations");
        builder.HasKey(l => new { l.ThingId, l.LocationId });
        builder.HasIndex(l => l.LocationId);
        builder.HasOne<Thing>().WithMany().HasForeignKey(l => l.ThingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Location>().WithMany().HasForeignKey(l => l.LocationId).OnDelete(DeleteBehavior.Cascade);
    }
}
