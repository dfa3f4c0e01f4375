using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Alerts.Displays;

/// <summary>A screenshot a display sent of itself (PNG or JPEG); only the last few per display are kept.</summary>
internal sealed class DisplayScreenshot : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid DisplayId { get; set; }

    /// <summary><c>image/png</c> or <c>image/jpeg</c>, from the file's magic bytes (not from the client's header).</summary>
    public string ContentType { get; set; } = "";

    public byte[] Data { get; set; } = [];

    public DateTimeOffset TakenAt { get; set; }
}

internal sealed class DisplayScreenshotConfiguration : IEntityTypeConfiguration<DisplayScreenshot>
{
    public void Configure(EntityTypeBuilder<DisplayScreenshot> builder)
    {
        builder.ToTable("display_screenshots");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.ContentType).HasMaxLength(50);
        builder.HasIndex(s => new { s.DisplayId, s.TakenAt });
        builder.HasIndex(s => s.TenantId);
        builder.HasOne<Display>().WithMany().HasForeignKey(s => s.DisplayId).OnDelete(DeleteBehavior.Cascade);
    }
}
