using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Reports.Notifications;

/// <summary>
/// An e-mail to a reporter waiting to be sent (outbox). Written in the same transaction as the change it announces, so a
/// committed change always has its mail queued and a rolled-back change never sends one; the dispatcher sends after commit
/// and retries with back-off.
/// </summary>
internal sealed class ReportNotification : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public long ReportId { get; set; }

    public string Recipient { get; set; } = "";

    public string Subject { get; set; } = "";

    public string Body { get; set; } = "";

    public int Attempts { get; set; }

    /// <summary>When the dispatcher may try (again); also the lease of an instance that is sending it right now.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Set when the last retry failed too; the mail is not tried again.</summary>
    public DateTimeOffset? GaveUpAt { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class ReportNotificationConfiguration : IEntityTypeConfiguration<ReportNotification>
{
    public void Configure(EntityTypeBuilder<ReportNotification> builder)
    {
        builder.ToTable("report_notifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.Recipient).HasMaxLength(254);
        builder.Property(n => n.Subject).HasMaxLength(300);
        builder.Property(n => n.LastError).HasMaxLength(1000);
        builder.HasIndex(n => n.NextAttemptAt);
        builder.HasIndex(n => n.ReportId);
        builder.HasOne<Report>().WithMany().HasForeignKey(n => n.ReportId).OnDelete(DeleteBehavior.Cascade);
    }
}
