using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Access;

/// <summary>
/// One decision about the data of a restricted dataset, allowed or denied. Holds ids, not names: who the
/// caller was is resolved when a steward looks. No IP address is stored (see docs/catalog/marketplace.md).
/// </summary>
internal sealed class AccessAuditEntry : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public DateTimeOffset At { get; set; }

    public Guid DatasetId { get; set; }

    /// <summary>The dataset's name at the time, so the log stays readable if the dataset goes.</summary>
    public string DatasetName { get; set; } = "";

    public Guid? ResourceId { get; set; }

    public Guid? UserId { get; set; }

    public Guid? TokenId { get; set; }

    public DataUse Use { get; set; }

    public bool Allowed { get; set; }

    /// <summary>Why: <c>steward</c>, <c>grant</c> or <c>none</c>.</summary>
    public AccessBasis Basis { get; set; }

    /// <summary>The grant that allowed the use, if one did.</summary>
    public Guid? GrantId { get; set; }
}

/// <summary>What a decision about restricted data rested on.</summary>
internal enum AccessBasis
{
    /// <summary>No access: neither steward nor a valid grant.</summary>
    None,

    /// <summary>A data steward (or admin) of the owning tenant.</summary>
    Steward,

    /// <summary>A valid grant.</summary>
    Grant,
}

internal static class AuditKeys
{
    public static string Key(this DataUse use) => use switch
    {
        DataUse.Download => "download",
        DataUse.Query => "query",
        DataUse.Preview => "preview",
    };

    public static string Key(this AccessBasis basis) => basis switch
    {
        AccessBasis.None => "none",
        AccessBasis.Steward => "steward",
        AccessBasis.Grant => "grant",
    };

    public static DataUse ParseUse(string stored) =>
        Enum.GetValues<DataUse>().FirstOrDefault(u => u.Key() == stored, DataUse.Download);

    public static AccessBasis ParseBasis(string stored) =>
        Enum.GetValues<AccessBasis>().FirstOrDefault(b => b.Key() == stored, AccessBasis.None);
}

internal sealed class AccessAuditEntryConfiguration : IEntityTypeConfiguration<AccessAuditEntry>
{
    public void Configure(EntityTypeBuilder<AccessAuditEntry> builder)
    {
        builder.ToTable("catalog_access_audit");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.HasIndex(a => new { a.TenantId, a.At });
        builder.HasIndex(a => new { a.TenantId, a.DatasetId, a.At });
        builder.Property(a => a.DatasetName).HasMaxLength(100);
        builder.Property(a => a.Use).HasConversion(u => u.Key(), s => AuditKeys.ParseUse(s)).HasMaxLength(20);
        builder.Property(a => a.Basis).HasConversion(b => b.Key(), s => AuditKeys.ParseBasis(s)).HasMaxLength(20);
    }
}
