using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Alerts.Push;

/// <summary>Loads the current tenant's VAPID key pair, creating it on first use.</summary>
internal sealed class VapidKeys(StadtkernDb db, IDataProtectionProvider protection, TimeProvider clock)
{
    public const string Purpose = "Stadtkern.Push.Vapid.v1";

    private IDataProtector Protector => protection.CreateProtector(Purpose);

    public async Task<string> GetPublicKeyAsync(CancellationToken cancellationToken) =>
        (await GetOrCreateAsync(cancellationToken)).PublicKey;

    /// <summary>The signing key; the caller disposes it.</summary>
    public async Task<(ECDsa Key, byte[] PublicKey)> GetSigningKeyAsync(CancellationToken cancellationToken)
    {
        var pair = await GetOrCreateAsync(cancellationToken);
        var publicKey = Base64Url.DecodeFromChars(pair.PublicKey);
        var privateKey = Base64Url.DecodeFromChars(Protector.Unprotect(pair.ProtectedPrivateKey));
        try
        {
            return (P256Keys.ImportSigning(privateKey, publicKey), publicKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    private async Task<VapidKeyPair> GetOrCreateAsync(CancellationToken cancellationToken)
    {
        var existing = await db.Set<VapidKeyPair>().AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var privateKey = P256Keys.ExportPrivateKey(key);
        var pair = new VapidKeyPair
        {
            TenantId = db.CurrentTenantId,
            PublicKey = Base64Url.EncodeToString(P256Keys.ExportPublicKey(key)),
            ProtectedPrivateKey = Protector.Protect(Base64Url.EncodeToString(privateKey)),
            CreatedAt = clock.GetStoredNow(),
        };
        CryptographicOperations.ZeroMemory(privateKey);
        db.Add(pair);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return pair;
        }
        catch (DbUpdateException)
        {
            // Another request created the tenant's pair at the same moment: theirs wins, so every subscription uses one key.
            db.Entry(pair).State = EntityState.Detached;
            return await db.Set<VapidKeyPair>().AsNoTracking().FirstAsync(cancellationToken);
        }
    }
}
