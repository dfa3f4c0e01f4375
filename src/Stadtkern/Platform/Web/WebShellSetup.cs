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
                o.Conventions.AuthorizeFolder("/Verwaltung", Accounts.Policies.Admin);
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization();
        services.AddAntiforgery(o => o.Cookie.Name = "stadtkern.csrf");
        return services;
    }

    public static IApplicationBuilder UseWebShell(this IApplicationBuilder app)
    {
        app.UseRequestLocalization(StadtkernHost.Localization());

        // Browsers get a German error page, API clients problem details.
        app.UseWhen(AcceptsHtml, html => html.UseStatusCodePagesWithReExecute("/fehler/{0}"));
        app.UseWhen(context => !AcceptsHtml(context), api => api.UseStatusCodePages());
        app.UseStaticFiles();
        return app;
    }

    public static IEndpointRouteBuilder MapWebShell(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRazorPages();
        return endpoints;
    }

    private static bool AcceptsHtml(HttpContext context)
    {
        var accept = context.Request.GetTypedHeaders().Accept;
        return accept.Count > 0
            && accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase))
            && !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            && context.Request.Headers[HeaderNames.XRequestedWith] != "XMLHttpRequest";
    }
}
