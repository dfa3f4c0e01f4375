using System.Buffers.Text;
using System.Diagnostics;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Stadtkern.Features.Alerts.Push;

namespace Stadtkern.Tests.Features.Alerts.Push;

public sealed class VapidTokenTests
{
    private static readonly DateTimeOffset Expires = new(2026, 11, 23, 4, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_token_names_the_push_origin_the_expiry_and_the_contact_and_verifies_with_the_public_key()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var audience = VapidToken.Audience(new Uri("https://push.example.net:8443/wpush/v2/abc?x=1"));

        var token = VapidToken.Create(key, audience, "mailto:warnung@musterstadt.example", Expires);

        audience.ShouldBe("https://push.example.net:8443");
        var parts = token.Split('.');
        parts.Length.ShouldBe(3);
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        header.RootElement.GetProperty("alg").GetString().ShouldBe("ES256");
        header.RootElement.GetProperty("typ").GetString().ShouldBe("JWT");
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        claims.RootElement.GetProperty("aud").GetString().ShouldBe("https://push.example.net:8443");
        claims.RootElement.GetProperty("exp").GetInt64().ShouldBe(Expires.ToUnixTimeSeconds());
        claims.RootElement.GetProperty("sub").GetString().ShouldBe("mailto:warnung@musterstadt.example");

        // Verify as a push service would: only the public key from the k= parameter.
        var authorization = VapidToken.AuthorizationHeader(token, P256Keys.ExportPublicKey(key));
        authorization.ShouldStartWith("vapid t=" + token + ", k=");
        var k = Base64Url.DecodeFromChars(authorization.AsSpan(authorization.IndexOf("k=", StringComparison.Ordinal) + 2));
        using var verifier = ECDsa.Create(P256Keys.PublicParameters(k));
        verifier.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256)
            .ShouldBeTrue();

        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        other.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256)
            .ShouldBeFalse();
    }

    [Fact]
    public async Task OpenSsl_verifies_the_signature_independently_of_dotnet()
    {
        if (!File.Exists("/usr/bin/openssl"))
        {
            Assert.Skip("openssl is not installed");
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var token = VapidToken.Create(key, "https://push.example.net", "https://musterstadt.example/kontakt", Expires);
        var parts = token.Split('.');

        // JWS carries r || s; openssl wants the DER SEQUENCE of two INTEGERs.
        var raw = Base64Url.DecodeFromChars(parts[2]);
        raw.Length.ShouldBe(64);
        var der = new AsnWriter(AsnEncodingRules.DER);
        using (der.PushSequence())
        {
            der.WriteIntegerUnsigned(raw.AsSpan(0, 32));
            der.WriteIntegerUnsigned(raw.AsSpan(32, 32));
        }

        var folder = Directory.CreateTempSubdirectory("vapid-");
        try
        {
            var pem = Path.Combine(folder.FullName, "key.pem");
            var data = Path.Combine(folder.FullName, "data");
            var sig = Path.Combine(folder.FullName, "sig");
            await File.WriteAllTextAsync(pem, key.ExportSubjectPublicKeyInfoPem(), TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(data, parts[0] + "." + parts[1], TestContext.Current.CancellationToken);
            await File.WriteAllBytesAsync(sig, der.Encode(), TestContext.Current.CancellationToken);

            using var openssl = Process.Start(new ProcessStartInfo("/usr/bin/openssl", ["dgst", "-sha256", "-verify", pem, "-signature", sig, data])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = await openssl.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            await openssl.WaitForExitAsync(TestContext.Current.CancellationToken);

            output.Trim().ShouldBe("Verified OK");
            openssl.ExitCode.ShouldBe(0);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
