using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Reports.Model;

/// <summary>A photo of a report, metadata already stripped. Staff-only until a staff member releases it.</summary>
internal sealed class ReportMedia : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public long ReportId { get; set; }

    public string ContentType { get; set; } = "";

    public byte[] Content { get; set; } = [];

    public int? Width { get; set; }

    public int? Height { get; set; }

    public bool Released { get; set; }

    public string? ReleasedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal static class ReportMediaTypes
{
    /// <summary>A photo the Open311 client hosts itself (<c>media_url</c>): <see cref="ReportMedia.Content"/> holds the URL as UTF-8.</summary>
    public const string ExternalUrl = "text/uri-list";
}

internal sealed class ReportMediaConfiguration : IEntityTypeConfiguration<ReportMedia>
{
    public void Configure(EntityTypeBuilder<ReportMedia> builder)
    {
        builder.ToTable("report_media");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.ContentType).HasMaxLength(100);
        builder.Property(m => m.ReleasedBy).HasMaxLength(200);
        builder.HasOne<Report>().WithMany().HasForeignKey(m => m.ReportId).OnDelete(DeleteBehavior.Cascade);
    }
}
