using System.Globalization;
using System.Net.Mail;
using System.Text.RegularExpressions;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Tenants;

/// <summary>
/// Checks a tenant request and turns it into clean values. Pure: the same rules serve the API,
/// the admin pages and the CLI, and are unit-tested without a host.
/// </summary>
internal static partial class ValidateTenant
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex ArsPattern();

    [GeneratedRegex("^[0-9]{8}$")]
    private static partial Regex AgsPattern();

    public sealed record Valid(
        string Slug, string Name, string Ars, string Ags,
        TenantContact Contact, TenantBranding Branding, List<Module> Modules,
        List<(string Key, string Name, string? Email)> Departments);

    public static (Valid? Value, Dictionary<string, string[]> Errors) Check(TenantRequest request)
    {
        var errors = new Dictionary<string, List<string>>();
        void Fail(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        var slug = request.Slug?.Trim() ?? "";
        if (!SlugPattern().IsMatch(slug))
        {
            Fail("slug", "Kurzname: 1–63 Zeichen, nur Kleinbuchstaben a–z, Ziffern und Bindestriche, nicht am Anfang oder Ende.");
        }

        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            Fail("name", "Name: 1–200 Zeichen.");
        }

        var ars = request.Ars?.Trim() ?? "";
        var ags = request.Ags?.Trim() ?? "";
        if (!ArsPattern().IsMatch(ars))
        {
            Fail("ars", "Amtlicher Regionalschlüssel (ARS): genau 12 Ziffern.");
        }

        if (!AgsPattern().IsMatch(ags))
        {
            Fail("ags", "Amtlicher Gemeindeschlüssel (AGS): genau 8 Ziffern.");
        }
        else if (ArsPattern().IsMatch(ars) && !MatchesArs(ags, ars))
        {
            // The AGS is the ARS without the 4-digit Gemeindeverband part (digits 6–9).
            Fail("ags", $"AGS passt nicht zum ARS: erwartet {ars[..5]}{ars[9..]}.");
        }

        var contact = new TenantContact
        {
            Name = Optional(request.Contact?.Name, 200, "contact.name", Fail),
            Email = OptionalEmail(request.Contact?.Email, "contact.email", Fail),
            Phone = Optional(request.Contact?.Phone, 50, "contact.phone", Fail),
            Website = OptionalUrl(request.Contact?.Website, "contact.website", Fail),
        };

        var color = string.IsNullOrWhiteSpace(request.Branding?.PrimaryColor) ? BrandColor.Default : request.Branding.PrimaryColor.Trim().ToLowerInvariant();
        if (!BrandColor.IsHex(color))
        {
            Fail("branding.primaryColor", "Hauptfarbe: Hex-Wert der Form #1a2b3c.");
        }
        else if (BrandColor.ContrastWithWhite(color) < BrandColor.MinimumContrast)
        {
            // German text, German numbers, whatever the culture of the request or the machine.
            Fail("branding.primaryColor", string.Create(German, $"Hauptfarbe ist zu hell: weiße Schrift darauf erreicht nur {BrandColor.ContrastWithWhite(color):0.0}:1, nötig sind {BrandColor.MinimumContrast}:1 (WCAG AA)."));
        }

        var branding = new TenantBranding
        {
            LogoUrl = OptionalUrl(request.Branding?.LogoUrl, "branding.logoUrl", Fail, allowRelative: true),
            PrimaryColor = color,
            Description = Optional(request.Branding?.Description, 1000, "branding.description", Fail),
        };

        var modules = new List<Module>();
        foreach (var key in request.Modules ?? [.. ModuleList.All.Select(m => m.Key())])
        {
            if (ModuleList.TryParse(key ?? "", out var module))
            {
                modules.Add(module);
            }
            else
            {
                Fail("modules", $"Unbekanntes Modul '{key}'. Erlaubt: {string.Join(", ", ModuleList.All.Select(m => m.Key()))}.");
            }
        }

        var departments = new List<(string, string, string?)>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (request.Departments?.Count ?? 0); i++)
        {
            var department = request.Departments![i];
            var field = $"departments[{i}]";
            if (department is null)
            {
                // JSON can carry null entries ("departments": [null]) even though the contract has none.
                Fail(field, "Angaben zum Amt fehlen.");
                continue;
            }

            var key = department.Key?.Trim() ?? "";
            var departmentName = department.Name?.Trim() ?? "";
            if (!SlugPattern().IsMatch(key))
            {
                Fail($"{field}.key", "Schlüssel des Amts: Kleinbuchstaben, Ziffern, Bindestriche.");
            }
            else if (!keys.Add(key))
            {
                Fail($"{field}.key", $"Der Schlüssel '{key}' kommt doppelt vor.");
            }

            if (departmentName.Length is 0 or > 200)
            {
                Fail($"{field}.name", "Name des Amts: 1–200 Zeichen.");
            }

            departments.Add((key, departmentName, OptionalEmail(department.Email, $"{field}.email", Fail)));
        }

        if (errors.Count > 0)
        {
            return (null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }

        return (new Valid(slug, name, ars, ags, contact, branding, [.. modules.Distinct().Order()], departments), []);
    }

    public static bool MatchesArs(string ags, string ars) => ags == string.Concat(ars.AsSpan(0, 5), ars.AsSpan(9, 3));

    private static string? Optional(string? value, int max, string field, Action<string, string> fail)
    {
        value = value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > max)
        {
            fail(field, $"Höchstens {max} Zeichen.");
        }

        return value;
    }

    private static string? OptionalEmail(string? value, string field, Action<string, string> fail)
    {
        value = Optional(value, 254, field, fail);
        if (value is not null && (!MailAddress.TryCreate(value, out var address) || address.Address != value))
        {
            fail(field, "Keine gültige E-Mail-Adresse.");
        }

        return value;
    }

    private static string? OptionalUrl(string? value, string field, Action<string, string> fail, bool allowRelative = false)
    {
        value = Optional(value, 500, field, fail);
        if (value is null)
        {
            return null;
        }

        var absolute = Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
        var relative = allowRelative && value.StartsWith('/') && !value.StartsWith("//", StringComparison.Ordinal);
        if (!absolute && !relative)
        {
            fail(field, allowRelative ? "Adresse muss mit https:// oder / beginnen." : "Adresse muss mit https:// beginnen.");
        }

        return value;
    }
}
