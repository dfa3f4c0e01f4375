using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Stadtkern.Features.Alerts.Model;

/// <summary>One message of an alert's history (the first Alert, each Update, the Cancel), with who sent or approved it.</summary>
internal sealed class AlertVersion
{
    public Guid AlertId { get; set; }

    public int Version { get; set; }

    /// <summary>CAP identifier of this message (references of later messages may name any version).</summary>
    public string Identifier { get; set; } = "";

    public string MsgType { get; set; } = "Alert";

    public string CapXml { get; set; } = "";

    public string Actor { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class AlertVersionConfiguration : IEntityTypeConfiguration<AlertVersion>
{
    public void Configure(EntityTypeBuilder<AlertVersion> builder)
    {
        builder.ToTable("alert_versions");
        builder.HasKey(v => new { v.AlertId, v.Version });
        builder.Property(v => v.Identifier).HasMaxLength(200);
        builder.Property(v => v.MsgType).HasMaxLength(20);
        builder.HasIndex(v => v.Identifier);
        builder.Property(v => v.Actor).HasMaxLength(200);
        builder.HasOne<Alert>().WithMany().HasForeignKey(v => v.AlertId).OnDelete(DeleteBehavior.Cascade);
    }
}
