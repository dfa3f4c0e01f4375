using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Reports.Model;

/// <summary>A report category (Open311 service): what citizens can report, and where it normally goes.</summary>
internal sealed class ReportService : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>Open311 <c>service_code</c>, unique per tenant.</summary>
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    /// <summary>Open311 <c>group</c> (the first part of a Konstanz category "Group &gt; Name").</summary>
    public string? GroupName { get; set; }

    /// <summary>Comma-separated search keywords (Open311 <c>keywords</c>).</summary>
    public string? Keywords { get; set; }

    /// <summary>JSON array of <see cref="ServiceAttribute"/> (Open311 service definition), or null when the service has none.</summary>
    public string? Attributes { get; set; }

    /// <summary>The department this category normally goes to (the "category lookup").</summary>
    public Guid? DepartmentId { get; set; }

    /// <summary>Days within which a report should be closed; null = no service level.</summary>
    public int? SlaDays { get; set; }

    public bool Active { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The category text as the router and the Konstanz history know it: "{group} &gt; {name}", or the name alone.</summary>
    public string CategoryText => string.IsNullOrEmpty(GroupName) ? Name : GroupName + " > " + Name;
}

internal sealed class ReportServiceConfiguration : IEntityTypeConfiguration<ReportService>
{
    public void Configure(EntityTypeBuilder<ReportService> builder)
    {
        builder.ToTable("report_services");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Code).HasMaxLength(63);
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.GroupName).HasMaxLength(200);
        builder.Property(s => s.Keywords).HasMaxLength(500);
        builder.Property(s => s.Attributes).IsJson();
        builder.Ignore(s => s.CategoryText);
        builder.HasIndex(s => new { s.TenantId, s.Code }).IsUnique();
    }
}
