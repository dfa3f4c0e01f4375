using System.Text.Json.Serialization;

namespace Stadtkern.Features.App;

internal sealed record ManifestIcon(
    [property: JsonPropertyName("src")] string Src,
    [property: JsonPropertyName("sizes")] string Sizes,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("purpose")] string Purpose);

internal sealed record WebAppManifest(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("short_name")] string ShortName,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("lang")] string Lang,
    [property: JsonPropertyName("start_url")] string StartUrl,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("display")] string Display,
    [property: JsonPropertyName("theme_color")] string ThemeColor,
    [property: JsonPropertyName("background_color")] string BackgroundColor,
    [property: JsonPropertyName("icons")] IReadOnlyList<ManifestIcon> Icons);

/// <summary>
/// The installable app's files per tenant: <c>/manifest.webmanifest</c> and the generated icons. The tenant's path
/// (<c>/t/{slug}/</c>, or <c>/</c> for the default tenant) is the app's scope, so each city installs as its own app.
/// </summary>
internal static class ServeManifest
{
    public static IEndpointRouteBuilder MapAppManifest(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/manifest.webmanifest", ManifestAsync)
            .WithTags("App").WithName("GetWebAppManifest").WithSummary("Web app manifest of the tenant's city app");
        endpoints.MapGet("/app/icon.svg", SvgAsync).WithTags("App").WithName("GetAppIconSvg").WithSummary("The app icon (SVG)");
        endpoints.MapGet("/app/icon-{size:int}.png", PngAsync).WithTags("App").WithName("GetAppIconPng").WithSummary("The app icon (PNG, 192 or 512 px)");
        return endpoints;
    }

    internal static WebAppManifest Build(AppProfile profile, string basePath)
    {
        var root = basePath.TrimEnd('/') + "/";
        var icons = new List<ManifestIcon>
        {
            new(root + "app/icon-192.png", "192x192", "image/png", "any"),
            new(root + "app/icon-512.png", "512x512", "image/png", "any"),
            new(root + "app/icon-512.png", "512x512", "image/png", "maskable"),
            new(root + "app/icon.svg", "any", "image/svg+xml", "any"),
        };
        if (profile.LogoUrl is { } logo && logo.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
        {
            icons.Add(new ManifestIcon(logo, "any", "image/svg+xml", "any"));
        }

        return new WebAppManifest(
            Id: root + "app",
            Name: profile.Name,
            ShortName: profile.ShortName,
            Description: profile.WelcomeText,
            Lang: "de",
            StartUrl: root + "app",
            Scope: root,
            Display: "standalone",
            ThemeColor: profile.ThemeColor,
            BackgroundColor: "#ffffff",
            Icons: icons);
    }

    private static async Task<IResult> ManifestAsync(HttpContext context, AppProfiles profiles, CancellationToken cancellationToken)
    {
        if (await profiles.CurrentAsync(cancellationToken) is not { Enabled: true } profile)
        {
            return TypedResults.NotFound();
        }

        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Json(Build(profile, context.Request.PathBase), contentType: "application/manifest+json");
    }

    private static async Task<IResult> SvgAsync(HttpContext context, AppProfiles profiles, CancellationToken cancellationToken)
    {
        if (await profiles.CurrentAsync(cancellationToken) is not { } profile)
        {
            return TypedResults.NotFound();
        }

        context.Response.Headers.CacheControl = "public, max-age=3600";
        return TypedResults.Text(DrawAppIcon.Svg(AppProfile.Initials(profile.Name), profile.ThemeColor), "image/svg+xml");
    }

    private static async Task<IResult> PngAsync(int size, HttpContext context, AppProfiles profiles, CancellationToken cancellationToken)
    {
        if (size is not (192 or 512) || await profiles.CurrentAsync(cancellationToken) is not { } profile)
        {
            return TypedResults.NotFound();
        }

        context.Response.Headers.CacheControl = "public, max-age=3600";
        return TypedResults.File(DrawAppIcon.Png(AppProfile.Initials(profile.Name), profile.ThemeColor, size), "image/png");
    }
}
