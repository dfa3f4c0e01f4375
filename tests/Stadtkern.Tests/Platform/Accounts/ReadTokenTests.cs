using Stadtkern.Platform.Accounts;

namespace Stadtkern.Tests.Platform.Accounts;

public sealed class ReadTokenTests
{
    [Theory]
    [InlineData("Bearer stk_abc", "stk_abc")]
    [InlineData("bearer stk_abc", "stk_abc")]
    [InlineData("BEARER stk_abc", "stk_abc")]
    [InlineData("  Bearer   stk_abc  ", "stk_abc")]
    [InlineData("stk_abc", "stk_abc")] // bare, as CKAN clients send it
    [InlineData("  stk_abc ", "stk_abc")]
    public void Reads_bearer_and_bare_tokens(string header, string expected)
    {
        ApiTokenAuthenticationHandler.ReadToken(header).ShouldBe(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Bearer ")]
    [InlineData("Bearer    ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Digest username=x")]
    public void Ignores_empty_and_foreign_schemes(string header)
    {
        ApiTokenAuthenticationHandler.ReadToken(header).ShouldBeNull();
    }
}
