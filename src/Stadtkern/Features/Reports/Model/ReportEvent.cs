using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Reports.Model;

/// <summary>One entry of a report's history. Public entries are shown on the citizen's tracking page.</summary>
internal sealed class ReportEvent : ITenantOwned
{
    public long Id { get; set; }

    public Guid TenantId { get; set; }

    public long ReportId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>User name, or <c>citizen</c>, <c>router</c>, <c>import</c>.</summary>
    public string Actor { get; set; } = "";

    /// <summary>One of <see cref="ReportEventKinds"/>.</summary>
    public string Kind { get; set; } = "";

    public string? FromValue { get; set; }

    public string? ToValue { get; set; }

    public string? Text { get; set; }

    public bool IsPublic { get; set; }
}

internal static class ReportEventKinds
{
    public const string Created = "created";
    public const string Routed = "routed";
    public const string Assigned = "assigned";
    public const string Reassigned = "reassigned";
    public const string Status = "status";
    public const string Note = "note";
    public const string Comment = "comment";
    public const string Expected = "expected";
    public const string Merged = "merged";
    public const string MediaReleased = "media_released";
    public const string Notified = "notified";
}

internal static class ReportActors
{
    public const string Citizen = "citizen";
    public const string Router = "router";
    public const string Import = "import";
}

internal sealed class ReportEventConfiguration : IEntityTypeConfiguration<ReportEvent>
{
    public void Configure(EntityTypeBuilder<ReportEvent> builder)
    {
        builder.ToTable("report_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Actor).HasMaxLength(200);
        builder.Property(e => e.Kind).HasMaxLength(30);
        builder.Property(e => e.FromValue).HasMaxLength(200);
        builder.Property(e => e.ToValue).HasMaxLength(200);
        builder.HasOne<Report>().WithMany().HasForeignKey(e => e.ReportId).OnDelete(DeleteBehavior.Cascade);
    }
}
