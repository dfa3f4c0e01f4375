using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Model;

/// <summary>
/// Permission for one person (user id) or one app (API token id) to see a restricted Thing (and its Datastreams) or one restricted
/// Datastream, given by a data steward. Exactly one of <see cref="ThingId"/> and <see cref="DatastreamId"/> is set.
/// </summary>
internal sealed class SensingGrant : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public long? ThingId { get; set; }

    public long? DatastreamId { get; set; }

    /// <summary><see cref="SensingGranteeKinds.User"/> or <see cref="SensingGranteeKinds.Token"/>.</summary>
    public string GranteeKind { get; set; } = SensingGranteeKinds.User;

    public Guid GranteeId { get; set; }

    public string GrantedBy { get; set; } = "";

    public DateTimeOffset Created { get; set; }
}

internal static class SensingGranteeKinds
{
    public const string User = "user";
    public const string Token = "token";
}

internal sealed class SensingGrantConfiguration : IEntityTypeConfiguration<SensingGrant>
{
    public void Configure(EntityTypeBuilder<SensingGrant> builder)
    {
        builder.ToTable("sensing_grants");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Id).ValueGeneratedNever();
        builder.Property(g => g.GranteeKind).HasMaxLength(20);
        builder.Property(g => g.GrantedBy).HasMaxLength(300);
        builder.HasIndex(g => new { g.GranteeKind, g.GranteeId });
        builder.HasIndex(g => g.ThingId);
        builder.HasIndex(g => g.DatastreamId);
        builder.HasOne<Thing>().WithMany().HasForeignKey(g => g.ThingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Datastream>().WithMany().HasForeignKey(g => g.DatastreamId).OnDelete(DeleteBehavior.Cascade);
    }
}
