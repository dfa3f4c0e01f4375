using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Alerts.Displays;

/// <summary>
/// An information display (stele) in the city. It authenticates with its own display token, of which only the SHA-256 is stored
/// (as API tokens are); until it has one, a short one-time registration code (also stored only as a hash) lets it fetch one.
/// </summary>
internal sealed class Display : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Where it stands, in words ("Marktplatz, vor dem Rathaus").</summary>
    public string? LocationText { get; set; }

    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    /// <summary>District (Stadtteil) for area matching and for staff.</summary>
    public string? District { get; set; }

    /// <summary><c>landscape</c> or <c>portrait</c>.</summary>
    public string Orientation { get; set; } = DisplayOrientations.Landscape;

    /// <summary>The <see cref="DisplayLayout"/> as JSON.</summary>
    public string Layout { get; set; } = "{}";

    /// <summary>Lower-case hex SHA-256 of the display token; null when none is issued (new or revoked).</summary>
    public string? TokenHash { get; set; }

    public DateTimeOffset? TokenIssuedAt { get; set; }

    /// <summary>Lower-case hex SHA-256 of the normalised registration code; null once used or revoked.</summary>
    public string? RegistrationCodeHash { get; set; }

    public DateTimeOffset? RegistrationExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? LastHeartbeatAt { get; set; }

    public string? LastIp { get; set; }

    public string? AppVersion { get; set; }

    public long? UptimeSeconds { get; set; }

    /// <summary>The free-form status object of the last heartbeat, as JSON.</summary>
    public string? Status { get; set; }
}

internal static class DisplayOrientations
{
    public const string Landscape = "landscape";
    public const string Portrait = "portrait";

    public static bool IsKnown(string? value) => value is Landscape or Portrait;
}

internal sealed class DisplayConfiguration : IEntityTypeConfiguration<Display>
{
    public void Configure(EntityTypeBuilder<Display> builder)
    {
        builder.ToTable("displays");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Name).HasMaxLength(200);
        builder.Property(d => d.LocationText).HasMaxLength(500);
        builder.Property(d => d.District).HasMaxLength(200);
        builder.Property(d => d.Orientation).HasMaxLength(20);
        builder.Property(d => d.Layout).IsJson();
        builder.Property(d => d.TokenHash).HasMaxLength(64);
        builder.Property(d => d.RegistrationCodeHash).HasMaxLength(64);
        builder.Property(d => d.LastIp).HasMaxLength(64);
        builder.Property(d => d.AppVersion).HasMaxLength(100);
        builder.Property(d => d.Status).IsJson();
        builder.HasIndex(d => d.TenantId);
        builder.HasIndex(d => d.TokenHash).IsUnique();
        builder.HasIndex(d => d.RegistrationCodeHash).IsUnique();
        builder.HasOne<Platform.Tenancy.Tenant>().WithMany().HasForeignKey(d => d.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
