using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Alerts.Model;

/// <summary>One event of an alert on one channel: the outbox row the delivery worker takes, retries and marks.</summary>
internal sealed class AlertDelivery : ITenantOwned
{
    public long Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid AlertId { get; set; }

    public int Version { get; set; }

    public long EventSeq { get; set; }

    /// <summary>One of <see cref="Delivery.AlertChannels"/>.</summary>
    public string Channel { get; set; } = "";

    /// <summary>One of <see cref="Delivery.DeliveryStates"/>.</summary>
    public string State { get; set; } = Delivery.DeliveryStates.Pending;

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    public string? Detail { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }
}

internal sealed class AlertDeliveryConfiguration : IEntityTypeConfiguration<AlertDelivery>
{
    public void Configure(EntityTypeBuilder<AlertDelivery> builder)
    {
        builder.ToTable("alert_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedOnAdd();
        builder.Property(d => d.Channel).HasMaxLength(20);
        builder.Property(d => d.State).HasMaxLength(20);
        builder.Property(d => d.Detail).HasMaxLength(500);
        builder.HasIndex(d => new { d.State, d.NextAttemptAt });
        builder.HasIndex(d => d.AlertId);
        builder.HasOne<Alert>().WithMany().HasForeignKey(d => d.AlertId).OnDelete(DeleteBehavior.Cascade);
    }
}
