using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Stadtkern.Features.Alerts.Push;

namespace Stadtkern.Tests.Features.Alerts.Push;

public sealed class WebPushEncryptionTests
{
    // RFC 8291 section 5 (example) and appendix A (intermediate values), base64url without padding.
    private const string Plaintext = "V2hlbiBJIGdyb3cgdXAsIEkgd2FudCB0byBiZSBhIHdhdGVybWVsb24";
    private const string AsPublic = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    private const string AsPrivate = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    private const string UaPublic = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private const string UaPrivate = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    private const string Salt = "DGv6ra1nlYgDCS1FRnbzlw";
    private const string AuthSecret = "BTBZMqHH6r4Tts7J_aSIgg";
    private const string Message =
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    private static byte[] B(string base64Url) => Base64Url.DecodeFromChars(base64Url);

    [Fact]
    public void Encrypting_the_rfc_8291_example_gives_the_rfc_message_byte_for_byte()
    {
        using var sender = P256Keys.ImportDiffieHellman(B(AsPrivate), B(AsPublic));

        var body = WebPushEncryption.Encrypt(B(Plaintext), B(UaPublic), B(AuthSecret), sender, B(Salt));

        Base64Url.EncodeToString(body).ShouldBe(Message);
        Encoding.UTF8.GetString(B(Plaintext)).ShouldBe("When I grow up, I want to be a watermelon");
    }

    [Fact]
    public void The_user_agent_of_the_rfc_example_decrypts_the_rfc_message()
    {
        using var userAgent = P256Keys.ImportDiffieHellman(B(UaPrivate), B(UaPublic));

        var plaintext = WebPushEncryption.Decrypt(B(Message), userAgent, B(AuthSecret));

        Encoding.UTF8.GetString(plaintext).ShouldBe("When I grow up, I want to be a watermelon");
    }

    [Fact]
    public void A_random_message_of_a_kilobyte_round_trips_with_a_fresh_sender_key_each_time()
    {
        using var userAgent = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var uaPublic = P256Keys.ExportPublicKey(userAgent);
        var auth = RandomNumberGenerator.GetBytes(16);
        var payload = RandomNumberGenerator.GetBytes(1024);

        var first = WebPushEncryption.Encrypt(payload, uaPublic, auth);
        var second = WebPushEncryption.Encrypt(payload, uaPublic, auth);

        first.Length.ShouldBe(WebPushEncryption.HeaderLength + 1024 + 1 + 16);
        first.AsSpan(21, 65).SequenceEqual(second.AsSpan(21, 65)).ShouldBeFalse(); // keyid = ephemeral sender key
        WebPushEncryption.Decrypt(first, userAgent, auth).ShouldBe(payload);
        WebPushEncryption.Decrypt(second, userAgent, auth).ShouldBe(payload);
    }

    [Fact]
    public void A_wrong_auth_secret_fails_authentication()
    {
        using var userAgent = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var body = WebPushEncryption.Encrypt("Hallo"u8, P256Keys.ExportPublicKey(userAgent), RandomNumberGenerator.GetBytes(16));

        Should.Throw<CryptographicException>(() => WebPushEncryption.Decrypt(body, userAgent, RandomNumberGenerator.GetBytes(16)));
    }

    [Fact]
    public void Padding_is_stripped_by_the_receiver()
    {
        using var userAgent = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var sender = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var auth = RandomNumberGenerator.GetBytes(16);

        var body = WebPushEncryption.Encrypt("kurz"u8, P256Keys.ExportPublicKey(userAgent), auth, sender, RandomNumberGenerator.GetBytes(16), paddingLength: 100);

        body.Length.ShouldBe(WebPushEncryption.HeaderLength + 4 + 1 + 100 + 16);
        Encoding.UTF8.GetString(WebPushEncryption.Decrypt(body, userAgent, auth)).ShouldBe("kurz");
    }

    [Fact]
    public void A_message_longer_than_one_record_is_refused()
    {
        using var userAgent = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

        Should.Throw<ArgumentException>(() => WebPushEncryption.Encrypt(
            new byte[WebPushEncryption.MaxPlaintextLength + 1], P256Keys.ExportPublicKey(userAgent), RandomNumberGenerator.GetBytes(16)));
        WebPushEncryption.Encrypt(new byte[WebPushEncryption.MaxPlaintextLength], P256Keys.ExportPublicKey(userAgent), RandomNumberGenerator.GetBytes(16))
            .Length.ShouldBe(4096);
    }

    [Fact]
    public void Points_off_the_curve_are_not_valid_subscription_keys()
    {
        P256Keys.IsValidPublicKey(B(UaPublic)).ShouldBeTrue();
        var broken = B(UaPublic);
        broken[64] ^= 0x01;
        P256Keys.IsValidPublicKey(broken).ShouldBeFalse();
        P256Keys.IsValidPublicKey(B(UaPublic).AsSpan(0, 64)).ShouldBeFalse();
        P256Keys.IsValidPublicKey(new byte[65]).ShouldBeFalse();
    }
}
