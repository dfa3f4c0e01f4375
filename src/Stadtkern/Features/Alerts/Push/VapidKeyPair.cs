using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Alerts.Push;

/// <summary>A tenant's VAPID key pair, generated once. The private key is stored encrypted with ASP.NET Core Data Protection
/// (whose key ring lives in the database), so a database dump alone cannot sign push requests.</summary>
internal sealed class VapidKeyPair : ITenantOwned
{
    public Guid TenantId { get; set; }

    /// <summary>Uncompressed P-256 point, base64url: what browsers pass to <c>PushManager.subscribe</c> as applicationServerKey.</summary>
    public string PublicKey { get; set; } = "";

    /// <summary>The 32-byte private scalar, base64url, protected with the purpose <see cref="VapidKeys.Purpose"/>.</summary>
    public string ProtectedPrivateKey { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class VapidKeyPairConfiguration : IEntityTypeConfiguration<VapidKeyPair>
{
    public void Configure(EntityTypeBuilder<VapidKeyPair> builder)
    {
        builder.ToTable("push_vapid_keys");
        builder.HasKey(k => k.TenantId);
        // The key is the tenant, stamped on save; EF must not invent a Guid for it.
        builder.Property(k => k.TenantId).ValueGeneratedNever();
        builder.Property(k => k.PublicKey).HasMaxLength(100);
    }
}
