using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Access;

/// <summary>
/// Permission to use the data of one restricted dataset: for a person, for the administration members of a
/// tenant, or for an app (API token); from an approved request or given directly by a steward.
/// </summary>
internal sealed class AccessGrant : ITenantOwned
{
    public Guid Id { get; set; }

    /// <summary>The tenant that owns the dataset.</summary>
    public Guid TenantId { get; set; }

    public Guid DatasetId { get; set; }

    public GranteeKind GranteeKind { get; set; }

    /// <summary>A user id, a tenant id or an API token id, by <see cref="GranteeKind"/>.</summary>
    public Guid GranteeId { get; set; }

    /// <summary>The request this grant answers; null for a direct grant.</summary>
    public Guid? RequestId { get; set; }

    public string GrantedBy { get; set; } = "";

    public string? Conditions { get; set; }

    public DateTimeOffset ValidFrom { get; set; }

    /// <summary>Null: until revoked.</summary>
    public DateTimeOffset? ValidUntil { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal enum GranteeKind
{
    /// <summary>One person (user id).</summary>
    User,

    /// <summary>Every administration member (any role but citizen) and every non-citizen token of another (or this) tenant.</summary>
    Tenant,

    /// <summary>One app (API token id).</summary>
    Token,
}

internal static class GranteeKinds
{
    public static string Key(this GranteeKind kind) => kind switch
    {
        GranteeKind.User => "user",
        GranteeKind.Tenant => "tenant",
        GranteeKind.Token => "token",
    };

    public static string German(this GranteeKind kind) => kind switch
    {
        GranteeKind.User => "Person",
        GranteeKind.Tenant => "Verwaltung",
        GranteeKind.Token => "App (Token)",
    };

    public static bool TryParse(string? value, out GranteeKind kind)
    {
        foreach (var candidate in Enum.GetValues<GranteeKind>())
        {
            if (string.Equals(candidate.Key(), value, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = GranteeKind.User;
        return false;
    }
}

internal sealed class AccessGrantConfiguration : IEntityTypeConfiguration<AccessGrant>
{
    public void Configure(EntityTypeBuilder<AccessGrant> builder)
    {
        builder.ToTable("catalog_access_grants");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Id).ValueGeneratedNever();
        builder.HasIndex(g => new { g.DatasetId, g.GranteeKind, g.GranteeId });
        builder.HasIndex(g => new { g.TenantId, g.CreatedAt });
        builder.Property(g => g.GranteeKind).HasConversion(k => k.Key(), s => Parse(s)).HasMaxLength(20);
        builder.Property(g => g.GrantedBy).HasMaxLength(300);
        builder.Property(g => g.RevokedBy).HasMaxLength(300);
        builder.Property(g => g.Conditions).HasMaxLength(2000);
        builder.HasOne<Model.Dataset>().WithMany().HasForeignKey(g => g.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }

    private static GranteeKind Parse(string stored) =>
        GranteeKinds.TryParse(stored, out var kind) ? kind : throw new InvalidOperationException($"Unknown grantee kind '{stored}' in the database.");
}
