using System.Text.RegularExpressions;
using Stadtkern.Platform.Accounts;

namespace Stadtkern.Tests.Platform.Accounts;

public sealed partial class ApiTokenTests
{
    [GeneratedRegex("^stk_[A-Za-z0-9_-]{43}$")]
    private static partial Regex SecretShape();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex HashShape();

    [Fact]
    public void A_new_secret_is_the_prefix_and_256_bits_in_base64url()
    {
        var secret = ApiToken.NewSecret();

        secret.ShouldStartWith(ApiToken.SecretPrefix);
        secret.ShouldMatch(SecretShape().ToString());
    }

    [Fact]
    public void New_secrets_do_not_repeat()
    {
        Enumerable.Range(0, 1000).Select(_ => ApiToken.NewSecret()).ShouldBeUnique();
    }

    [Fact]
    public void Hash_is_the_lower_case_hex_sha256_of_the_whole_secret()
    {
        // SHA-256("abc") from FIPS 180-2, appendix B.1.
        ApiToken.Hash("abc").ShouldBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        ApiToken.Hash(ApiToken.NewSecret()).ShouldMatch(HashShape().ToString());
    }

    [Fact]
    public void Hash_is_deterministic_and_distinguishes_secrets()
    {
        var secret = ApiToken.NewSecret();

        ApiToken.Hash(secret).ShouldBe(ApiToken.Hash(secret));
        ApiToken.Hash(secret).ShouldNotBe(ApiToken.Hash(secret + "x"));
    }

    [Fact]
    public void A_token_is_active_until_it_expires_or_is_revoked()
    {
        var now = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

        new ApiToken().IsActive(now).ShouldBeTrue();
        new ApiToken { ExpiresAt = now.AddSeconds(1) }.IsActive(now).ShouldBeTrue();
        new ApiToken { ExpiresAt = now }.IsActive(now).ShouldBeFalse();
        new ApiToken { ExpiresAt = now.AddDays(-1) }.IsActive(now).ShouldBeFalse();
        new ApiToken { RevokedAt = now.AddDays(-1) }.IsActive(now).ShouldBeFalse();
        new ApiToken { RevokedAt = now.AddDays(1), ExpiresAt = now.AddDays(2) }.IsActive(now).ShouldBeFalse();
    }
}
