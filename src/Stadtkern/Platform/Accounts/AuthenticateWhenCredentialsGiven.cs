using Microsoft.AspNetCore.Authentication;
using Microsoft.Net.Http.Headers;

namespace Stadtkern.Platform.Accounts;

/// <summary>
/// ASP.NET Core's authentication middleware, run only for requests that bring credentials: an <c>Authorization</c> header (API
/// token) or any cookie (the login cookie). A request with neither can only be anonymous, and the user it starts with already is:
/// asking the schemes changes nothing but costs a scheme lookup, two handlers and their options on every anonymous API read
/// (measured on the SensorThings latest value, docs/sensing/query.md). Endpoints that require a policy still authenticate
/// through the authorization middleware and answer 401 or redirect to the login page as before.
/// </summary>
internal sealed class AuthenticateWhenCredentialsGiven(RequestDelegate next, IAuthenticationSchemeProvider schemes)
{
    /// <summary>The key by which the web host knows that authentication is in the pipeline (otherwise it adds its own in front).</summary>
    internal const string PipelineKey = "__AuthenticationMiddlewareSet";

    private readonly AuthenticationMiddleware authenticate = new(next, schemes);

    public Task InvokeAsync(HttpContext context) =>
        HasCredentials(context.Request) ? authenticate.Invoke(context) : next(context);

    internal static bool HasCredentials(HttpRequest request) =>
        request.Headers.ContainsKey(HeaderNames.Authorization) || request.Headers.ContainsKey(HeaderNames.Cookie);
}
