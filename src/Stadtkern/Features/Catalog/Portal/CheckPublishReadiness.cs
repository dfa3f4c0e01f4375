using Stadtkern.Features.Catalog.Store;

namespace Stadtkern.Features.Catalog.Portal;

/// <summary>One item of the DCAT-AP.de checklist; <see cref="Field"/> is the editor field (CKAN name) to fix.</summary>
internal sealed record ReadinessItem(string Field, string Label, bool Met, string Hint);

/// <summary>
/// What a public dataset needs before it goes out as DCAT-AP.de (and so to GovData): description, publisher,
/// licence (with attribution where the licence demands it), contact point, theme, and distributions that each have
/// an access URL and a format. Pure: the editor shows it before publishing and refuses to publish with gaps.
/// </summary>
internal static class CheckPublishReadiness
{
    public static IReadOnlyList<ReadinessItem> Of(DatasetInput input)
    {
        var resources = input.Resources;
        return
        [
            new("notes", "Beschreibung", !string.IsNullOrWhiteSpace(input.Notes), "Beschreiben Sie Inhalt, Herkunft und Aktualität der Daten."),
            new("owner_org", "Veröffentlichende Stelle", !string.IsNullOrWhiteSpace(input.Organization), "Wählen Sie die Organisation, die die Daten bereitstellt."),
            new("license_id", "Lizenz", !string.IsNullOrWhiteSpace(input.LicenseId), "Ohne Lizenz dürfen die Daten nicht weiterverwendet werden."),
            new("license_attribution", "Namensnennung",
                string.IsNullOrWhiteSpace(input.LicenseId) || !MeasureQuality.RequiresAttribution(input.LicenseId) || !string.IsNullOrWhiteSpace(input.LicenseAttribution),
                "Die gewählte Lizenz verlangt einen Namensnennungstext, z. B. „Stadt Musterstadt“."),
            new("maintainer_email", "Kontaktstelle", !string.IsNullOrWhiteSpace(input.ContactEmail) || !string.IsNullOrWhiteSpace(input.ContactUrl),
                "Geben Sie eine E-Mail-Adresse oder ein Kontaktformular für Rückfragen an."),
            new("theme", "Thema", input.Themes.Count > 0, "Wählen Sie mindestens ein Thema des EU-Vokabulars."),
            new("resources", "Mindestens eine Ressource", resources.Count > 0, "Ein Datensatz ohne Distribution ist für DCAT-AP.de unvollständig."),
            new("resources.url", "Zugriffsadresse jeder Ressource", resources.All(r => !string.IsNullOrWhiteSpace(r.Url) || r.StorageKey is not null),
                "Jede Ressource braucht eine Adresse oder eine hochgeladene Datei."),
            new("resources.format", "Format jeder Ressource", resources.All(r => !string.IsNullOrWhiteSpace(r.Format)),
                "Geben Sie das Dateiformat jeder Ressource an (z. B. CSV, GEOJSON, PDF)."),
        ];
    }

    public static bool IsReady(IReadOnlyList<ReadinessItem> items) => items.All(i => i.Met);
}
