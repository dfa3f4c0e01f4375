using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Stadtkern.Features.Alerts.Push;

/// <summary>
/// Message encryption for Web Push (RFC 8291) in the <c>aes128gcm</c> content coding (RFC 8188), as a single record.
/// The body is <c>salt(16) || rs(4, big endian) || idlen(1) || keyid(65: the sender's ephemeral public key) || record</c>,
/// the record being AES-128-GCM over <c>plaintext || 0x02 || zero padding</c> with the 16-byte tag appended.
/// </summary>
internal static class WebPushEncryption
{
    public const int SaltLength = 16;

    public const int AuthSecretLength = 16;

    /// <summary>The record size written into the header; push services accept bodies up to 4096 bytes.</summary>
    public const int RecordSize = 4096;

    public const int HeaderLength = SaltLength + 4 + 1 + P256Keys.PublicKeyLength;

    private const int TagLength = 16;

    /// <summary>The largest plaintext that fits one 4096-byte record after the header, delimiter and tag (RFC 8291 section 4).</summary>
    public const int MaxPlaintextLength = RecordSize - HeaderLength - 1 - TagLength;

    private static readonly byte[] KeyInfoPrefix = Encoding.ASCII.GetBytes("WebPush: info\0");
    private static readonly byte[] CekInfo = Encoding.ASCII.GetBytes("Content-Encoding: aes128gcm\0");
    private static readonly byte[] NonceInfo = Encoding.ASCII.GetBytes("Content-Encoding: nonce\0");

    /// <summary>Encrypts for one subscription with a fresh ephemeral key pair and a random salt (one pair per message, as RFC 8291 requires).</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> userAgentPublicKey, ReadOnlySpan<byte> authSecret)
    {
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        Span<byte> salt = stackalloc byte[SaltLength];
        RandomNumberGenerator.Fill(salt);
        return Encrypt(plaintext, userAgentPublicKey, authSecret, ephemeral, salt);
    }

    /// <summary>Encrypts with a given sender key pair and salt: deterministic, which is what the RFC's example needs.</summary>
    public static byte[] Encrypt(
        ReadOnlySpan<byte> plaintext,
        ReadOnlySpan<byte> userAgentPublicKey,
        ReadOnlySpan<byte> authSecret,
        ECDiffieHellman senderKey,
        ReadOnlySpan<byte> salt,
        int paddingLength = 0)
    {
        if (plaintext.Length + paddingLength > MaxPlaintextLength)
        {
            throw new ArgumentException($"A push message holds at most {MaxPlaintextLength} bytes.", nameof(plaintext));
        }

        if (salt.Length != SaltLength || authSecret.Length != AuthSecretLength)
        {
            throw new CryptographicException("The salt and the auth secret are 16 bytes each.");
        }

        var senderPublicKey = P256Keys.ExportPublicKey(senderKey);
        byte[] secret;
        using (var peer = ECDiffieHellman.Create(P256Keys.PublicParameters(userAgentPublicKey)))
        {
            secret = senderKey.DeriveRawSecretAgreement(peer.PublicKey);
        }

        Span<byte> cek = stackalloc byte[16];
        Span<byte> nonce = stackalloc byte[12];
        DeriveContentKeys(secret, authSecret, userAgentPublicKey, senderPublicKey, salt, cek, nonce);
        CryptographicOperations.ZeroMemory(secret);

        var recordLength = plaintext.Length + 1 + paddingLength + TagLength;
        var body = new byte[HeaderLength + recordLength];
        salt.CopyTo(body);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(SaltLength, 4), RecordSize);
        body[SaltLength + 4] = P256Keys.PublicKeyLength;
        senderPublicKey.CopyTo(body.AsSpan(SaltLength + 5));

        // The last (and only) record ends its plaintext with the delimiter 0x02, then optional zero padding.
        var padded = body.AsSpan(HeaderLength, recordLength - TagLength);
        plaintext.CopyTo(padded);
        padded[plaintext.Length] = 0x02;
        padded[(plaintext.Length + 1)..].Clear();

        using var aes = new AesGcm(cek, TagLength);
        aes.Encrypt(nonce, padded, padded, body.AsSpan(HeaderLength + padded.Length, TagLength));
        CryptographicOperations.ZeroMemory(cek);
        return body;
    }

    /// <summary>The user agent's side: decrypts a single-record <c>aes128gcm</c> body. Used by the tests' push service.</summary>
    public static byte[] Decrypt(ReadOnlySpan<byte> body, ECDiffieHellman userAgentKey, ReadOnlySpan<byte> authSecret)
    {
        if (body.Length < HeaderLength + 1 + TagLength)
        {
            throw new CryptographicException("The body is shorter than an aes128gcm header and one record.");
        }

        var salt = body[..SaltLength];
        var recordSize = BinaryPrimitives.ReadUInt32BigEndian(body.Slice(SaltLength, 4));
        var idLength = body[SaltLength + 4];
        if (idLength != P256Keys.PublicKeyLength)
        {
            throw new CryptographicException("The keyid of a Web Push message is the sender's 65-byte public key.");
        }

        var senderPublicKey = body.Slice(SaltLength + 5, idLength);
        var record = body[HeaderLength..];
        if (record.Length > recordSize)
        {
            throw new CryptographicException("Only single-record messages are supported.");
        }

        var userAgentPublicKey = P256Keys.ExportPublicKey(userAgentKey);
        byte[] secret;
        using (var peer = ECDiffieHellman.Create(P256Keys.PublicParameters(senderPublicKey)))
        {
            secret = userAgentKey.DeriveRawSecretAgreement(peer.PublicKey);
        }

        Span<byte> cek = stackalloc byte[16];
        Span<byte> nonce = stackalloc byte[12];
        DeriveContentKeys(secret, authSecret, userAgentPublicKey, senderPublicKey, salt, cek, nonce);

        var padded = new byte[record.Length - TagLength];
        using (var aes = new AesGcm(cek, TagLength))
        {
            aes.Decrypt(nonce, record[..^TagLength], record[^TagLength..], padded);
        }

        var end = Array.FindLastIndex(padded, b => b != 0);
        if (end < 0 || padded[end] != 0x02)
        {
            throw new CryptographicException("The record does not end with the last-record delimiter 0x02.");
        }

        return padded[..end];
    }

    /// <summary>RFC 8291 section 3.4 then RFC 8188 section 2.2: the auth secret mixes into the ECDH secret first, then the salt gives the content key and nonce.</summary>
    private static void DeriveContentKeys(
        ReadOnlySpan<byte> ecdhSecret,
        ReadOnlySpan<byte> authSecret,
        ReadOnlySpan<byte> userAgentPublicKey,
        ReadOnlySpan<byte> senderPublicKey,
        ReadOnlySpan<byte> salt,
        Span<byte> cek,
        Span<byte> nonce)
    {
        Span<byte> keyInfo = stackalloc byte[KeyInfoPrefix.Length + (2 * P256Keys.PublicKeyLength)];
        KeyInfoPrefix.CopyTo(keyInfo);
        userAgentPublicKey.CopyTo(keyInfo[KeyInfoPrefix.Length..]);
        senderPublicKey.CopyTo(keyInfo[(KeyInfoPrefix.Length + P256Keys.PublicKeyLength)..]);

        Span<byte> ikm = stackalloc byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, ecdhSecret, ikm, authSecret, keyInfo);

        Span<byte> prk = stackalloc byte[32];
        HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt, prk);
        HKDF.Expand(HashAlgorithmName.SHA256, prk, cek, CekInfo);
        HKDF.Expand(HashAlgorithmName.SHA256, prk, nonce, NonceInfo);
        CryptographicOperations.ZeroMemory(ikm);
        CryptographicOperations.ZeroMemory(prk);
    }
}
