using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Stadtkern.Features.Alerts.Push;

/// <summary>
/// Voluntary application server identification (RFC 8292): an ES256-signed JWT naming the push service's origin
/// (<c>aud</c>), an expiry at most 24 hours ahead (<c>exp</c>) and a contact (<c>sub</c>, a mailto: or https: URI),
/// sent as <c>Authorization: vapid t=&lt;jwt&gt;, k=&lt;public key&gt;</c>.
/// </summary>
internal static class VapidToken
{
    /// <summary>RFC 8292 section 2: push services reject tokens that expire more than 24 hours ahead.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(24);

    private static readonly string EncodedHeader = Base64Url.EncodeToString("""{"typ":"JWT","alg":"ES256"}"""u8);

    public static string Create(ECDsa key, string audience, string subject, DateTimeOffset expires)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("aud", audience);
            json.WriteNumber("exp", expires.ToUnixTimeSeconds());
            json.WriteString("sub", subject);
            json.WriteEndObject();
        }

        var claims = buffer.WrittenSpan;
        var signingInput = EncodedHeader + "." + Base64Url.EncodeToString(claims);

        // .NET signs in the IEEE P1363 format (r || s, 64 bytes), which is exactly JWS's ES256 encoding.
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    public static string AuthorizationHeader(string token, ReadOnlySpan<byte> publicKey) =>
        "vapid t=" + token + ", k=" + Base64Url.EncodeToString(publicKey);

    /// <summary>The <c>aud</c> of a push endpoint: its origin (scheme, host and a non-default port), without path.</summary>
    public static string Audience(Uri endpoint) => endpoint.GetLeftPart(UriPartial.Authority);
}
