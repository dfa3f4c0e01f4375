using System.Net.Mail;
using System.Text.RegularExpressions;
using Stadtkern.Features.Catalog.Vocabularies;

namespace Stadtkern.Features.Catalog.Store;

/// <summary>Checks a <see cref="DatasetInput"/> before it is stored; pure, errors in German keyed by CKAN field name.</summary>
internal static partial class ValidateDataset
{
    public const int MaxTags = 100;

    public const int MaxResources = 500;

    /// <summary>Names that are portal routes (<c>/daten/neu</c>) and so cannot be dataset names.</summary>
    private static readonly HashSet<string> ReservedNames = new(StringComparer.Ordinal) { "neu", "suche", "new" };

    public static Dictionary<string, string[]> Check(DatasetInput input)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        if (!NamePattern().IsMatch(input.Name))
        {
            Add("name", "Der Name muss 2–100 Zeichen lang sein und darf nur Kleinbuchstaben, Ziffern, - und _ enthalten.");
        }
        else if (ReservedNames.Contains(input.Name))
        {
            Add("name", $"Der Name „{input.Name}“ ist für Seiten des Portals reserviert.");
        }

        if (string.IsNullOrWhiteSpace(input.Title))
        {
            Add("title", "Der Titel fehlt.");
        }
        else if (input.Title.Length > 500)
        {
            Add("title", "Der Titel darf höchstens 500 Zeichen lang sein.");
        }

        if (string.IsNullOrWhiteSpace(input.Organization))
        {
            Add("owner_org", "Die veröffentlichende Stelle (Organisation) fehlt.");
        }

        if (input.Tags.Count > MaxTags)
        {
            Add("tags", $"Höchstens {MaxTags} Schlagwörter.");
        }

        foreach (var tag in input.Tags.Where(t => !TagPattern().IsMatch(t)))
        {
            Add("tags", $"Schlagwort „{Shorten(tag)}“: 2–100 Zeichen, Buchstaben, Ziffern, Leerzeichen, - _ . erlaubt.");
        }

        foreach (var theme in input.Themes.Where(t => DataThemes.Find(t) is null))
        {
            Add("theme", $"Thema „{Shorten(theme)}“ ist kein Code des EU-Vokabulars data-theme (z. B. TRAN, ENVI).");
        }

        if (input.LicenseId is { Length: > 0 } license && Licenses.Find(license) is null)
        {
            Add("license_id", $"Lizenz „{Shorten(license)}“ steht nicht in der DCAT-AP.de-Lizenzliste (z. B. dl-by-de/2.0, dl-zero-de/2.0, cc-by/4.0).");
        }

        if (input.ContactEmail is { Length: > 0 } email && !MailAddress.TryCreate(email, out _))
        {
            Add("maintainer_email", "Die E-Mail-Adresse der Kontaktstelle ist ungültig.");
        }

        foreach (var (field, url) in new[] { ("url", input.LandingPage), ("maintainer_url", input.ContactUrl), ("politicalGeocodingURI", input.PoliticalGeocodingUri) })
        {
            if (url is { Length: > 0 } && !IsHttpUrl(url))
            {
                Add(field, "Muss eine http(s)-Adresse sein.");
            }
        }

        if (input.TemporalStart is { } start && input.TemporalEnd is { } end && end < start)
        {
            Add("temporal_end", "Das Ende des Zeitraums liegt vor seinem Beginn.");
        }

        if (input.SpatialGeoJson is { Length: > 0 } geoJson && GeoJsonBounds.TryParse(geoJson, out var geoError) is null)
        {
            Add("spatial", geoError!);
        }

        if (input.Frequency is { Length: > 0 } frequency && Frequencies.Find(frequency) is null)
        {
            Add("frequency", "Die Aktualisierungsfrequenz muss ein Code des EU-Vokabulars frequency sein (z. B. DAILY, ANNUAL).");
        }

        if (input.Resources.Count > MaxResources)
        {
            Add("resources", $"Höchstens {MaxResources} Ressourcen.");
        }

        for (var i = 0; i < input.Resources.Count; i++)
        {
            var resource = input.Resources[i];
            if (string.IsNullOrWhiteSpace(resource.Url) && resource.StorageKey is null)
            {
                Add($"resources[{i}].url", "Die Ressource braucht eine Adresse oder eine hochgeladene Datei.");
            }
            else if (resource.StorageKey is null && !IsHttpUrl(resource.Url))
            {
                Add($"resources[{i}].url", "Die Adresse muss mit http:// oder https:// beginnen.");
            }

            if (resource.Size is < 0)
            {
                Add($"resources[{i}].size", "Die Größe kann nicht negativ sein.");
            }

            if (resource.Checksum is { Length: > 0 } checksum && !ChecksumPattern().IsMatch(checksum))
            {
                Add($"resources[{i}].hash", "Die Prüfsumme muss ein SHA-256-Wert in Hexadezimalschreibweise sein.");
            }
        }

        foreach (var extra in input.Extras.Where(e => string.IsNullOrWhiteSpace(e.Key) || e.Key.Length > 100))
        {
            Add("extras", $"Zusatzfeld „{Shorten(extra.Key)}“: der Schlüssel muss 1–100 Zeichen lang sein.");
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;

    [GeneratedRegex("^[a-z0-9_-]{2,100}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[\p{L}\p{N} _.\-]{2,100}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex ChecksumPattern();
}
