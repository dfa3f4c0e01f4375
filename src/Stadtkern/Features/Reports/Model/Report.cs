using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Reports.Model;

/// <summary>
/// A citizen report (Open311 service request). <see cref="Id"/> is the Open311 <c>service_request_id</c>. The personal fields
/// (<see cref="Email"/>, names, <see cref="Phone"/>, <see cref="DeviceId"/>) are for staff only and never appear in public views.
/// </summary>
internal sealed class Report : ITenantOwned
{
    public long Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>Null when the citizen only described the problem.</summary>
    public Guid? ServiceId { get; set; }

    /// <summary>Tracking token: Open311 <c>token</c> and the citizen's tracking link.</summary>
    public string Token { get; set; } = "";

    /// <summary>One of <see cref="ReportStatus"/>.</summary>
    public string Status { get; set; } = ReportStatus.Open;

    /// <summary>The public note on the current status (Open311 <c>status_notes</c>).</summary>
    public string? StatusNotes { get; set; }

    public string Description { get; set; } = "";

    public double? Lat { get; set; }

    public double? Lon { get; set; }

    public string? Address { get; set; }

    public string? Zipcode { get; set; }

    /// <summary>Stadtteil, when known or derived.</summary>
    public string? District { get; set; }

    /// <summary>JSON object of the Open311 attribute answers: code → string or array of strings.</summary>
    public string? Attributes { get; set; }

    public string? Email { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? Phone { get; set; }

    public string? DeviceId { get; set; }

    /// <summary>The department responsible (Open311 <c>agency_responsible</c>); null while in triage.</summary>
    public Guid? DepartmentId { get; set; }

    /// <summary>One of <see cref="RoutingModes"/>, or null before routing.</summary>
    public string? RoutingMode { get; set; }

    public double? RoutingConfidence { get; set; }

    /// <summary>JSON array of the router's top suggestions: <c>[{"department": key, "confidence": p}]</c>.</summary>
    public string? RoutingSuggestions { get; set; }

    public DateTimeOffset? ExpectedAt { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>The report this one was merged into.</summary>
    public long? DuplicateOf { get; set; }

    /// <summary>One of <see cref="ReportSources"/>.</summary>
    public string Source { get; set; } = ReportSources.Open311;

    /// <summary>The id in the source system (import idempotence); unique per tenant and source.</summary>
    public string? ExternalId { get; set; }

    /// <summary>Open311 <c>service_notice</c>: information about the request for the citizen (also why a photo was rejected).</summary>
    public string? ServiceNotice { get; set; }
}

/// <summary>Stored report states. Open311 knows only <c>open</c> and <c>closed</c>: <see cref="InProgress"/> is shown as open.</summary>
internal static class ReportStatus
{
    public const string Open = "open";
    public const string InProgress = "in_progress";
    public const string Closed = "closed";

    public static readonly IReadOnlyList<string> All = [Open, InProgress, Closed];

    public static string ToOpen311(string status) => status == Closed ? Closed : Open;
}

/// <summary>How a report got its department.</summary>
internal static class RoutingModes
{
    public const string Automatic = "automatic";
    public const string Triage = "triage";
    public const string Manual = "manual";
    public const string Service = "service";
    public const string Import = "import";
}

/// <summary>Where a report came from.</summary>
internal static class ReportSources
{
    public const string Open311 = "open311";
    public const string Web = "web";
    public const string Import = "import";
}

internal sealed class ReportConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> builder)
    {
        builder.ToTable("reports");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Token).HasMaxLength(64);
        builder.HasIndex(r => r.Token).IsUnique();
        builder.Property(r => r.Status).HasMaxLength(20);
        builder.Property(r => r.Address).HasMaxLength(500);
        builder.Property(r => r.Zipcode).HasMaxLength(10);
        builder.Property(r => r.District).HasMaxLength(200);
        builder.Property(r => r.Attributes).IsJson();
        builder.Property(r => r.Email).HasMaxLength(254);
        builder.Property(r => r.FirstName).HasMaxLength(100);
        builder.Property(r => r.LastName).HasMaxLength(100);
        builder.Property(r => r.Phone).HasMaxLength(50);
        builder.Property(r => r.DeviceId).HasMaxLength(200);
        builder.Property(r => r.RoutingMode).HasMaxLength(20);
        builder.Property(r => r.RoutingSuggestions).IsJson();
        builder.Property(r => r.Source).HasMaxLength(20);
        builder.Property(r => r.ExternalId).HasMaxLength(100);
        builder.HasIndex(r => new { r.TenantId, r.Status, r.DepartmentId });
        builder.HasIndex(r => new { r.TenantId, r.RequestedAt });
        builder.HasIndex(r => new { r.TenantId, r.ServiceId });
        builder.HasIndex(r => new { r.TenantId, r.Source, r.ExternalId }).IsUnique().HasFilter("external_id IS NOT NULL");
    }
}
