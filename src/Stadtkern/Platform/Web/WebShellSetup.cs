using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;
using Microsoft.Net.Http.Headers;

namespace Stadtkern.Platform.Web;

/// <summary>The German, server-rendered web shell: Razor Pages, localisation, static files, error pages.</summary>
internal static class WebShellSetup
{
    public static IServiceCollection AddWebShell(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddRazorPages(o =>
            {
                // The catalog's desks (/verwaltung/katalog/...) are the data stewards' work, the report inbox (/verwaltung/meldungen/...)
                // the staff's except its settings; the rest of /verwaltung the admins'.
                o.Conventions.AddFolderApplicationModelConvention("/Verwaltung", page => page.EndpointMetadata.Add(new AuthorizeAttribute(
                    page.ViewEnginePath.StartsWith("/Verwaltung/Katalog/", StringComparison.Ordinal) ? Accounts.Policies.DataSteward
                    : page.ViewEnginePath.StartsWith("/Verwaltung/Meldungen/", StringComparison.Ordinal) && page.ViewEnginePath != "/Verwaltung/Meldungen/Einstellungen" ? Accounts.Policies.Staff
                    : Accounts.Policies.Admin)));
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization();
        services.AddAntiforgery(o => o.Cookie.Name = "stadtkern.csrf");
        services.Configure<RouteOptions>(o => o.LowercaseUrls = true);

        // Umlauts stay readable in the HTML source instead of becoming character references.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return services;
    }

    public static IApplicationBuilder UseWebShell(this IApplicationBuilder app)
    {
        var machineApis = app.ApplicationServices.GetRequiredService<IOptions<WebShellOptions>>().Value.MachineApis.ToArray();
        bool ForMachines(HttpContext context) =>
            Array.Exists(machineApis, path => context.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase));

        app.Use(SecurityHeaders);
        app.UseWhen(ForMachines, api => api.UseStatusCodePages());
        app.UseWhen(context => !ForMachines(context), people =>
        {
            people.UseRequestLocalization(StadtkernHost.Localization());
            people.Use(RememberChosenLanguage);

            // Browsers get a German error page, API clients problem details.
            people.UseWhen(AcceptsHtml, html => html.UseStatusCodePagesWithReExecute("/fehler/{0}"));
            people.UseWhen(context => !AcceptsHtml(context), api => api.UseStatusCodePages());
            people.UseStaticFiles();
        });
        return app;
    }

    public static IEndpointRouteBuilder MapWebShell(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRazorPages();
        return endpoints;
    }

    /// <summary>A language picked with <c>?culture=</c> sticks for later pages (cookie).</summary>
    private static Task RememberChosenLanguage(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Query.TryGetValue("culture", out var culture)
            && StadtkernHost.Cultures.Any(c => c.Name.Equals(culture, StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture.ToString())),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax, HttpOnly = true });
        }

        return next(context);
    }

    private static Task SecurityHeaders(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers.XFrameOptions = "SAMEORIGIN";
        return next(context);
    }

    private static bool AcceptsHtml(HttpContext context)
    {
        // Most API requests do not mention HTML at all: no need to parse their Accept header (twice per request) to know.
        if (!context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var accept = context.Request.GetTypedHeaders().Accept;
        return accept.Count > 0
            && accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase))
            && !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            && context.Request.Headers[HeaderNames.XRequestedWith] != "XMLHttpRequest";
    }
}
