using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Platform.Accounts;

internal static class AuthSetup
{
    private const string Combined = "Stadtkern";

    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Combined;
                o.DefaultChallengeScheme = Combined;
                o.DefaultForbidScheme = Combined;
            })
            .AddPolicyScheme(Combined, "API token or login cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 ? ApiTokenAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/anmelden";
            o.LogoutPath = "/abmelden";
            o.AccessDeniedPath = "/kein-zugriff";
            o.Cookie.Name = "stadtkern.login";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            // Pages redirect to the login page; APIs answer with a status code a client can act on.
            o.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
        });

        services.AddIdentityCore<User>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // Length over composition rules (NIST SP 800-63B): long passphrases, no forced symbols.
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<StadtkernDb>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        // Keys live in the database so that every instance can read every instance's cookies.
        services.AddDataProtection().SetApplicationName("Stadtkern");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>, DataProtectionKeyStore.Setup>();

        services.AddScoped<IClaimsTransformation, TenantRoleClaims>();
        services.AddScoped<AccountService>();

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.RequireAssertion(c => HasRole(c, Roles.Admin)))
            .AddPolicy(Policies.DataSteward, p => p.RequireAssertion(c => HasRole(c, Roles.DataSteward, Roles.Admin)))
            .AddPolicy(Policies.Staff, p => p.RequireAssertion(c => HasRole(c, Roles.Staff, Roles.Admin)))
            .AddPolicy(Policies.App, p => p.RequireAssertion(c => HasRole(c, Roles.App, Roles.Admin)))
            .AddPolicy(Policies.SignedIn, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.PlatformAdmin, p => p.RequireClaim(StadtkernClaims.PlatformAdmin, "true"));
        return services;
    }

    /// <summary>Authentication in the pipeline, for requests with credentials (<see cref="AuthenticateWhenCredentialsGiven"/>).</summary>
    public static IApplicationBuilder UseAccounts(this IApplicationBuilder app)
    {
        app.Properties[AuthenticateWhenCredentialsGiven.PipelineKey] = true;
        return app.UseMiddleware<AuthenticateWhenCredentialsGiven>();
    }

    /// <summary>The instance admin passes every role check in every tenant.</summary>
    private static bool HasRole(AuthorizationHandlerContext context, params string[] roles) =>
        context.User.IsPlatformAdmin() || roles.Any(context.User.IsInRole);

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<PageActionDescriptor>() is not null)
        {
            context.Response.Redirect(context.RedirectUri);
        }
        else
        {
            context.Response.StatusCode = status;
        }

        return Task.CompletedTask;
    }
}
