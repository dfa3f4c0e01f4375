using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Stadtkern.Platform.Accounts;

/// <summary>
/// A bearer token for machines (apps, steles, network servers, scripts). Only the SHA-256 of the
/// secret is stored; the secret is shown once when created. Tokens carry 256 random bits, so a
/// plain hash is enough (no salt or slow hash needed against guessing).
/// </summary>
internal sealed class ApiToken
{
    public const string SecretPrefix = "stk_";

    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public string Role { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the whole secret.</summary>
    public string SecretHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    public static string NewSecret() =>
        SecretPrefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.HasKey(t => t.Id);
        builder.HasIndex(t => t.SecretHash).IsUnique();
        builder.HasIndex(t => t.TenantId);
        builder.Property(t => t.SecretHash).HasMaxLength(64);
        builder.Property(t => t.Role).HasMaxLength(32);
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.HasOne<Tenancy.Tenant>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
