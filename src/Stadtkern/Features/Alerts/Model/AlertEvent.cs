using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Alerts.Model;

/// <summary>
/// A published change of an alert (published, updated, cancelled), written in the publishing transaction. <see cref="Seq"/> orders
/// them per database; it is the SSE event id, and deliveries point to it.
/// </summary>
internal sealed class AlertEvent : ITenantOwned
{
    public long Seq { get; set; }

    public Guid TenantId { get; set; }

    public Guid AlertId { get; set; }

    public int Version { get; set; }

    /// <summary>One of <see cref="Delivery.AlertEventKinds"/>.</summary>
    public string Kind { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class AlertEventConfiguration : IEntityTypeConfiguration<AlertEvent>
{
    public void Configure(EntityTypeBuilder<AlertEvent> builder)
    {
        builder.ToTable("alert_events");
        builder.HasKey(e => e.Seq);
        builder.Property(e => e.Seq).ValueGeneratedOnAdd();
        builder.Property(e => e.Kind).HasMaxLength(20);
        builder.HasIndex(e => new { e.TenantId, e.Seq });
        builder.HasOne<Alert>().WithMany().HasForeignKey(e => e.AlertId).OnDelete(DeleteBehavior.Cascade);
    }
}
