using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Platform.Accounts;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;token&gt;</c> (and the bare token, as CKAN clients send it).
/// A token's role counts only inside its own tenant's URL space; elsewhere the caller is known but has
/// no role there, so protected endpoints answer 403.
/// </summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    StadtkernDb db,
    TenantContext tenant,
    TenantDirectory directory,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = ReadToken(Request.Headers.Authorization.ToString());
        if (secret is null)
        {
            return AuthenticateResult.NoResult();
        }

        var hash = ApiToken.Hash(secret);
        var token = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.SecretHash == hash, Context.RequestAborted);
        if (token is null || !token.IsActive(clock.GetUtcNow()))
        {
            return AuthenticateResult.Fail("The API token is unknown, expired or revoked.");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, token.Id.ToString()),
            new(ClaimTypes.Name, token.Name),
            new(StadtkernClaims.TokenTenant, token.TenantId.ToString()),
        };
        if (token.TenantId == tenant.TenantId)
        {
            claims.Add(new Claim(ClaimTypes.Role, token.Role));
        }

        if (token.Role == Roles.Admin && await IsDefaultTenantAsync(token.TenantId))
        {
            claims.Add(new Claim(StadtkernClaims.PlatformAdmin, "true"));
        }

        var identity = new ClaimsIdentity(claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    private async Task<bool> IsDefaultTenantAsync(Guid tenantId) =>
        (await directory.FindAsync(directory.DefaultSlug, Context.RequestAborted))?.Id == tenantId;

    /// <summary>"Bearer x" or a bare token; anything else (Basic, empty) is not ours.</summary>
    internal static string? ReadToken(string header)
    {
        header = header.Trim();
        if (header.Length == 0 || header.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var value = header["Bearer ".Length..].Trim();
            return value.Length > 0 ? value : null;
        }

        return header.Contains(' ', StringComparison.Ordinal) ? null : header;
    }
}
