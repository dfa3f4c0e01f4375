using System.Globalization;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.App;

/// <summary>The admin form of the app settings; districts are edited as lines "Name" or "Name; ARS".</summary>
internal sealed class AppSettingsForm
{
    // Unchecked boxes are not posted, so the form's defaults are false; From() fills in the stored values for display.
    public bool Enabled { get; set; }
    public string? Name { get; set; }
    public string? ShortName { get; set; }
    public string? WelcomeText { get; set; }
    public List<string> Tiles { get; set; } = [];
    public bool AllTiles { get; set; }
    public string? AccentColor { get; set; }
    public string? Districts { get; set; }

    public static AppSettingsForm From(AppSettings settings) => new()
    {
        Enabled = settings.Enabled,
        Name = settings.Name,
        ShortName = settings.ShortName,
        WelcomeText = settings.WelcomeText,
        AllTiles = settings.Tiles is null,
        Tiles = settings.Tiles ?? [.. AppTiles.Keys],
        AccentColor = settings.AccentColor,
        Districts = string.Join('\n', settings.Districts.Select(d => d.Ars is null ? d.Name : $"{d.Name}; {d.Ars}")),
    };
}

/// <summary>Validates the form into <see cref="AppSettings"/> (pure: no I/O).</summary>
internal static class EditAppSettings
{
    public static (AppSettings Settings, Dictionary<string, string[]> Errors) Validate(AppSettingsForm form)
    {
        var errors = new Dictionary<string, string[]>();
        static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

        var name = Clean(form.Name);
        if (name?.Length > AppSettings.MaxNameLength)
        {
            errors["name"] = [$"Der Name der App darf höchstens {AppSettings.MaxNameLength} Zeichen haben."];
        }

        var shortName = Clean(form.ShortName);
        if (shortName?.Length > AppSettings.MaxShortNameLength)
        {
            errors["shortName"] = [$"Der Kurzname darf höchstens {AppSettings.MaxShortNameLength} Zeichen haben (er steht unter dem Symbol)."];
        }

        var welcome = Clean(form.WelcomeText);
        if (welcome?.Length > AppSettings.MaxWelcomeLength)
        {
            errors["welcomeText"] = [$"Der Begrüßungstext darf höchstens {AppSettings.MaxWelcomeLength} Zeichen haben."];
        }

        var accent = Clean(form.AccentColor)?.ToLowerInvariant();
        if (accent is not null)
        {
            if (!BrandColor.IsHex(accent))
            {
                errors["accentColor"] = ["Die Akzentfarbe muss im Format #rrggbb angegeben werden."];
            }
            else if (BrandColor.ContrastWithWhite(accent) < BrandColor.MinimumContrast)
            {
                errors["accentColor"] = [string.Format(CultureInfo.InvariantCulture,
                    "Weiße Schrift auf {0} hat nur ein Kontrastverhältnis von {1:0.0}:1; nötig sind mindestens 4,5:1 (WCAG 2.1 AA). Bitte eine dunklere Farbe wählen.",
                    accent, BrandColor.ContrastWithWhite(accent))];
            }
        }

        var unknownTile = form.Tiles.FirstOrDefault(t => !AppTiles.Keys.Contains(t, StringComparer.Ordinal));
        if (unknownTile is not null)
        {
            errors["tiles"] = [$"Unbekannter Bereich „{unknownTile}“."];
        }

        var districts = new List<AppDistrict>();
        foreach (var line in (form.Districts ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(';', StringSplitOptions.TrimEntries);
            var districtName = parts[0];
            var ars = parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null;
            if (districtName.Length is 0 or > 100 || parts.Length > 2)
            {
                errors["districts"] = [$"Zeile „{line}“: erwartet „Name“ oder „Name; Regionalschlüssel“, Name höchstens 100 Zeichen."];
                break;
            }

            if (ars is not null && (ars.Length != 12 || !ars.All(char.IsAsciiDigit)))
            {
                errors["districts"] = [$"Zeile „{line}“: der Regionalschlüssel hat 12 Ziffern."];
                break;
            }

            if (districts.Any(d => string.Equals(d.Name, districtName, StringComparison.OrdinalIgnoreCase)))
            {
                errors["districts"] = [$"Der Stadtteil „{districtName}“ steht doppelt in der Liste."];
                break;
            }

            districts.Add(new AppDistrict(districtName, ars));
        }

        if (districts.Count > 50)
        {
            errors["districts"] = ["Höchstens 50 Stadtteile."];
        }

        var settings = new AppSettings
        {
            Enabled = form.Enabled,
            Name = name,
            ShortName = shortName,
            WelcomeText = welcome,
            Tiles = form.AllTiles ? null : [.. AppTiles.Keys.Where(k => form.Tiles.Contains(k, StringComparer.Ordinal))],
            AccentColor = accent,
            Districts = districts,
        };
        return (settings, errors);
    }
}
