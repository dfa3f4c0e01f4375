using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Stadtkern.Features.Alerts;
using Stadtkern.Features.Alerts.Cap;
using Stadtkern.Features.Alerts.Delivery;
using Stadtkern.Features.Alerts.Templates;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Pages.Verwaltung.Warnungen;

/// <summary>The tenant's alert settings: channels, four eyes, templates. Only admins change them; staff may look.</summary>
internal sealed class EinstellungenModel(TenantSettingsStore store, AlertChannelRegistry registry) : AlertsPageModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    [BindProperty]
    public List<string> Channels { get; set; } = [];

    [BindProperty]
    public bool FourEyes { get; set; }

    [BindProperty]
    public string? TemplatesJson { get; set; }

    public IReadOnlyList<string> Registered => registry.Keys;

    public string? Message { get; private set; }

    public bool IsError { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var settings = await store.GetAsync<AlertSettings>(AlertSettings.Section, cancellationToken);
        Channels = settings.Channels;
        FourEyes = settings.FourEyes;
        TemplatesJson = JsonSerializer.Serialize(settings.EffectiveTemplates, Json);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!User.IsInRole(Roles.Admin) && !User.IsPlatformAdmin())
        {
            return Forbid();
        }

        List<AlertTemplate>? templates = null;
        if (!string.IsNullOrWhiteSpace(TemplatesJson))
        {
            try
            {
                templates = JsonSerializer.Deserialize<List<AlertTemplate>>(TemplatesJson, Json);
            }
            catch (JsonException e)
            {
                (Message, IsError) = ($"Die Vorlagen sind kein gültiges JSON: {e.Message}", true);
                return Page();
            }

            var wrong = templates?.FirstOrDefault(t => string.IsNullOrWhiteSpace(t.Key) || string.IsNullOrWhiteSpace(t.Name)
                || !CapVocabulary.Contains(CapVocabulary.Categories, t.Category) || !CapVocabulary.Contains(CapVocabulary.Severities, t.Severity)
                || !CapVocabulary.Contains(CapVocabulary.Urgencies, t.Urgency) || !CapVocabulary.Contains(CapVocabulary.Certainties, t.Certainty)
                || !CapVocabulary.Contains(CapVocabulary.ResponseTypes, t.ResponseType));
            if (wrong is not null)
            {
                (Message, IsError) = ($"Die Vorlage „{wrong.Name}“ braucht key, name und gültige CAP-Werte.", true);
                return Page();
            }

            // Saving the unchanged built-in templates keeps following the built-ins (and their later improvements).
            if (templates is not null && templates.SequenceEqual(AlertTemplates.Defaults))
            {
                templates = null;
            }
        }

        var settings = new AlertSettings
        {
            Channels = [.. Channels.Where(AlertChannels.IsKnown).Distinct(StringComparer.Ordinal)],
            FourEyes = FourEyes,
            Templates = templates,
        };
        await store.SaveAsync(AlertSettings.Section, settings, cancellationToken);
        (Message, IsError) = ("Gespeichert.", false);
        TemplatesJson = JsonSerializer.Serialize(settings.EffectiveTemplates, Json);
        return Page();
    }
}
