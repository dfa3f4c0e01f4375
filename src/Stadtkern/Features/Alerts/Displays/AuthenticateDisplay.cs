using Microsoft.EntityFrameworkCore;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Alerts.Displays;

/// <summary>
/// Finds the display of a request from its <c>Authorization: Bearer dsp_…</c> header. Display tokens are separate from API tokens:
/// they open only the <c>/api/displays/me/…</c> endpoints, and only in their own tenant (the tenant filter of the database applies).
/// </summary>
internal sealed class AuthenticateDisplay(StadtkernDb db)
{
    /// <summary>The display whose token the request carries, or null. <paramref name="tracked"/>: the caller will change it.</summary>
    public async Task<Display?> FindAsync(HttpContext http, bool tracked, CancellationToken cancellationToken)
    {
        var secret = ApiTokenAuthenticationHandler.ReadToken(http.Request.Headers.Authorization.ToString());
        if (secret is null || !secret.StartsWith(DisplaySecrets.TokenPrefix, StringComparison.Ordinal) || secret.Length > 200)
        {
            return null;
        }

        var hash = DisplaySecrets.Hash(secret);
        var query = db.Set<Display>().Where(d => d.TokenHash == hash);
        return await (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>401 with <c>WWW-Authenticate: Bearer</c> as problem details.</summary>
    public static IResult Unauthorized(HttpContext http)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: "This request needs a valid display token (Authorization: Bearer dsp_…); the token is unknown or was revoked.");
    }
}
