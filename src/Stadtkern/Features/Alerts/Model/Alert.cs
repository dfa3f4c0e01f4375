using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Alerts.Model;

/// <summary>
/// The current state of one alert (CAP message chain): the columns pages and lists need, plus the current CAP 1.2 document.
/// Updates and cancels of the same alert change this row and add an <see cref="AlertVersion"/>.
/// </summary>
internal sealed class Alert : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>CAP identifier of the current message (unique per tenant).</summary>
    public string Identifier { get; set; } = "";

    public string Sender { get; set; } = "";

    public DateTimeOffset Sent { get; set; }

    /// <summary>CAP status: Actual, Exercise, System, Test, Draft.</summary>
    public string Status { get; set; } = "Actual";

    /// <summary>CAP msgType of the current message: Alert, Update, Cancel.</summary>
    public string MsgType { get; set; } = "Alert";

    public string Scope { get; set; } = "Public";

    /// <summary>One of <see cref="AlertSources"/>.</summary>
    public string Source { get; set; } = AlertSources.Staff;

    /// <summary>Upstream system of an imported warning: mowas, katwarn, biwapp, dwd, lhp, police.</summary>
    public string? SourceProvider { get; set; }

    /// <summary>Upstream warning id (unique per tenant when set).</summary>
    public string? SourceId { get; set; }

    /// <summary>Upstream version, to skip unchanged re-imports.</summary>
    public string? SourceVersion { get; set; }

    /// <summary>One of <see cref="AlertStates"/>; expiry is computed from <see cref="Expires"/>.</summary>
    public string State { get; set; } = AlertStates.Active;

    public string Event { get; set; } = "";

    public string Severity { get; set; } = "Unknown";

    public string Urgency { get; set; } = "Unknown";

    public string Certainty { get; set; } = "Unknown";

    public string Headline { get; set; } = "";

    public DateTimeOffset? Effective { get; set; }

    public DateTimeOffset? Onset { get; set; }

    public DateTimeOffset? Expires { get; set; }

    public string AreaDesc { get; set; } = "";

    /// <summary>GeoJSON (a GeometryCollection) of all areas; circles as polygons.</summary>
    public string? Geometry { get; set; }

    /// <summary>The current CAP 1.2 document.</summary>
    public string CapXml { get; set; } = "";

    public int Version { get; set; }

    public string? CreatedBy { get; set; }

    public string? ApprovedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>Active: published, not cancelled, not expired.</summary>
    public bool IsActiveAt(DateTimeOffset now) =>
        State == AlertStates.Active && MsgType != "Cancel" && (Expires is null || Expires > now);
}

/// <summary>Values of alerts.state.</summary>
internal static class AlertStates
{
    public const string Pending = "pending";
    public const string Active = "active";
    public const string Cancelled = "cancelled";
    public const string Rejected = "rejected";
}

/// <summary>Values of alerts.source.</summary>
internal static class AlertSources
{
    public const string Staff = "staff";
    public const string Api = "api";
    public const string Nina = "nina";
}

internal sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> builder)
    {
        builder.ToTable("alerts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Identifier).HasMaxLength(200);
        builder.Property(a => a.Sender).HasMaxLength(200);
        builder.Property(a => a.Status).HasMaxLength(20);
        builder.Property(a => a.MsgType).HasMaxLength(20);
        builder.Property(a => a.Scope).HasMaxLength(20);
        builder.Property(a => a.Source).HasMaxLength(20);
        builder.Property(a => a.SourceProvider).HasMaxLength(20);
        builder.Property(a => a.SourceId).HasMaxLength(200);
        builder.Property(a => a.SourceVersion).HasMaxLength(100);
        builder.Property(a => a.State).HasMaxLength(20);
        builder.Property(a => a.Event).HasMaxLength(200);
        builder.Property(a => a.Severity).HasMaxLength(20);
        builder.Property(a => a.Urgency).HasMaxLength(20);
        builder.Property(a => a.Certainty).HasMaxLength(20);
        builder.Property(a => a.Headline).HasMaxLength(500);
        builder.Property(a => a.AreaDesc).HasMaxLength(1000);
        builder.Property(a => a.Geometry).IsJson();
        builder.Property(a => a.CreatedBy).HasMaxLength(200);
        builder.Property(a => a.ApprovedBy).HasMaxLength(200);
        builder.HasIndex(a => new { a.TenantId, a.Identifier }).IsUnique();
        builder.HasIndex(a => new { a.TenantId, a.SourceId }).IsUnique().HasFilter("source_id IS NOT NULL");
        builder.HasIndex(a => new { a.TenantId, a.State, a.Expires });
    }
}
