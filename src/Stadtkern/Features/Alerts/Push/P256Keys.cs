using System.Security.Cryptography;

namespace Stadtkern.Features.Alerts.Push;

/// <summary>
/// NIST P-256 keys in the shapes Web Push uses: public keys as 65-byte uncompressed points (<c>0x04 || X || Y</c>),
/// private keys as the 32-byte scalar.
/// </summary>
internal static class P256Keys
{
    public const int PublicKeyLength = 65;

    public const int PrivateKeyLength = 32;

    public static byte[] ExportPublicKey(ECAlgorithm key)
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        var point = new byte[PublicKeyLength];
        point[0] = 0x04;
        parameters.Q.X.AsSpan().CopyTo(point.AsSpan(1, 32));
        parameters.Q.Y.AsSpan().CopyTo(point.AsSpan(33, 32));
        return point;
    }

    public static byte[] ExportPrivateKey(ECAlgorithm key) =>
        key.ExportParameters(includePrivateParameters: true).D ?? throw new CryptographicException("The key has no private part.");

    /// <summary>Parameters of a public key; throws <see cref="CryptographicException"/> unless it is an uncompressed point.</summary>
    public static ECParameters PublicParameters(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != PublicKeyLength || publicKey[0] != 0x04)
        {
            throw new CryptographicException("A P-256 public key is 65 bytes starting with 0x04.");
        }

        return new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = publicKey.Slice(1, 32).ToArray(), Y = publicKey.Slice(33, 32).ToArray() },
        };
    }

    public static ECParameters PrivateParameters(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey)
    {
        if (privateKey.Length != PrivateKeyLength)
        {
            throw new CryptographicException("A P-256 private key is 32 bytes.");
        }

        var parameters = PublicParameters(publicKey);
        parameters.D = privateKey.ToArray();
        return parameters;
    }

    public static ECDiffieHellman ImportDiffieHellman(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey) =>
        ECDiffieHellman.Create(PrivateParameters(privateKey, publicKey));

    public static ECDsa ImportSigning(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey) =>
        ECDsa.Create(PrivateParameters(privateKey, publicKey));

    /// <summary>True if <paramref name="publicKey"/> is a point on P-256 (import validates the curve equation).</summary>
    public static bool IsValidPublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != PublicKeyLength || publicKey[0] != 0x04)
        {
            return false;
        }

        try
        {
            using var key = ECDiffieHellman.Create(PublicParameters(publicKey));
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
