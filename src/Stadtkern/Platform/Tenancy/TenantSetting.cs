using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Platform.Tenancy;

/// <summary>
/// One section of a tenant's configuration (for example <c>app</c>, <c>alerts</c>, <c>reports</c>), stored as a JSON document.
/// Each feature owns the record type of its section and reads it through <see cref="TenantSettingsStore"/>.
/// </summary>
internal sealed class TenantSetting : ITenantOwned
{
    public Guid TenantId { get; set; }

    public string Section { get; set; } = "";

    public string Document { get; set; } = "{}";

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class TenantSettingConfiguration : IEntityTypeConfiguration<TenantSetting>
{
    public void Configure(EntityTypeBuilder<TenantSetting> builder)
    {
        builder.ToTable("tenant_settings");
        builder.HasKey(s => new { s.TenantId, s.Section });
        builder.Property(s => s.Section).HasMaxLength(63);
        builder.Property(s => s.Document).IsJson();
    }
}
