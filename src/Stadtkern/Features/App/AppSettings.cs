using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.App;

/// <summary>
/// The city app's configuration (tenant settings section <c>app</c>). Every field has a default, so a tenant that never
/// opened the settings page gets an app named after the city, in its brand colour, with all its modules.
/// </summary>
internal sealed class AppSettings
{
    public const string Section = "app";

    public const int MaxNameLength = 60;

    public const int MaxShortNameLength = 15;

    public const int MaxWelcomeLength = 1000;

    /// <summary>Whether the installable app (manifest, service worker, push sign-up) is offered. Default on.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The app's name on the home screen and in the manifest; null = the tenant's name.</summary>
    public string? Name { get; set; }

    /// <summary>Short name under the icon (at most 15 characters); null = derived from the name.</summary>
    public string? ShortName { get; set; }

    /// <summary>Text at the top of the app's start page; null = a default greeting.</summary>
    public string? WelcomeText { get; set; }

    /// <summary>Keys of the tiles the app shows (<see cref="AppTiles"/>); null = every tile whose module the tenant has enabled.</summary>
    public List<string>? Tiles { get; set; }

    /// <summary>Optional accent colour <c>#rrggbb</c> for the app (theme colour, buttons); white text on it must reach 4.5:1.
    /// Null = the tenant's brand colour.</summary>
    public string? AccentColor { get; set; }

    /// <summary>Districts citizens can choose for push messages (name and optional regional key); empty = the whole city only.</summary>
    public List<AppDistrict> Districts { get; set; } = [];
}

internal sealed record AppDistrict(string Name, string? Ars = null);

/// <summary>The app settings resolved against the tenant (defaults filled in): what the manifest, pages and displays use.</summary>
internal sealed record AppProfile(
    bool Enabled,
    string Name,
    string ShortName,
    string WelcomeText,
    string ThemeColor,
    string? LogoUrl,
    IReadOnlyList<AppTile> Tiles,
    IReadOnlyList<AppDistrict> Districts)
{
    public static AppProfile Resolve(AppSettings settings, TenantInfo tenant)
    {
        var name = string.IsNullOrWhiteSpace(settings.Name) ? tenant.Name : settings.Name.Trim();
        var shortName = string.IsNullOrWhiteSpace(settings.ShortName) ? ShortenName(name) : settings.ShortName.Trim();
        var color = BrandColor.IsHex(settings.AccentColor) && BrandColor.ContrastWithWhite(settings.AccentColor!) >= BrandColor.MinimumContrast
            ? settings.AccentColor!.ToLowerInvariant()
            : tenant.PrimaryColor;
        var welcome = string.IsNullOrWhiteSpace(settings.WelcomeText)
            ? $"Willkommen in der App von {tenant.Name}: Warnungen, Meldungen und Daten Ihrer Stadt an einem Ort."
            : settings.WelcomeText.Trim();
        var tiles = AppTiles.For(tenant)
            .Where(t => settings.Tiles is null || settings.Tiles.Contains(t.Key, StringComparer.Ordinal))
            .ToList();
        return new AppProfile(settings.Enabled, name, shortName, welcome, color, tenant.LogoUrl, tiles, settings.Districts);
    }

    /// <summary>Home screens cut names after about 12 characters: keep a short name whole, else its first word.</summary>
    internal static string ShortenName(string name)
    {
        if (name.Length <= 12)
        {
            return name;
        }

        var first = name.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return first.Length <= 12 ? first : first[..12];
    }

    /// <summary>Up to two initials for the generated icon ("Musterstadt" → "M", "Bad Tölz" → "BT").</summary>
    public static string Initials(string name)
    {
        var words = name.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => char.IsLetter(w[0]))
            .ToList();
        return words.Count switch
        {
            0 => "S",
            1 => words[0][..1].ToUpperInvariant(),
            _ => string.Concat(words[0][..1], words[^1][..1]).ToUpperInvariant(),
        };
    }
}
