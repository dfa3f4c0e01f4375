using Microsoft.AspNetCore.Mvc;
using Stadtkern.Features.Alerts;
using Stadtkern.Features.Alerts.Api;
using Stadtkern.Features.Alerts.Publishing;
using Stadtkern.Features.Alerts.Templates;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Pages.Verwaltung.Warnungen;

/// <summary>Compose a new alert from a template, preview it per channel and send it (or queue it for approval).</summary>
internal sealed class NeuModel(IAlertPublisher publisher, TenantSettingsStore settingsStore, TenantContext tenant, TimeProvider clock) : AlertsPageModel
{
    [BindProperty]
    public AlertForm Form { get; set; } = new();

    public IReadOnlyList<AlertTemplate> Templates { get; private set; } = [];

    public string? TemplateKey { get; private set; }

    public bool FourEyes { get; private set; }

    public List<string> Errors { get; private set; } = [];

    public ChannelPreview? Preview { get; private set; }

    public async Task OnGetAsync(string? vorlage, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var template = Templates.FirstOrDefault(t => t.Key == vorlage) ?? (Templates.Count > 0 ? Templates[0] : null);
        TemplateKey = template?.Key;
        if (template is not null)
        {
            Form = AlertForm.FromTemplate(template);
        }
    }

    public async Task OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Errors = Form.Problems();
        if (Errors.Count == 0)
        {
            var alert = ComposeAlert.New(Form.ToDraft(clock.GetUtcNow()), tenant.Required, clock.GetUtcNow());
            Errors.AddRange(Features.Alerts.Cap.CapRules.Validate(alert));
            Preview = ChannelPreview.For(alert);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Errors = Form.Problems();
        if (Errors.Count > 0)
        {
            return Page();
        }

        var now = clock.GetUtcNow();
        var alert = ComposeAlert.New(Form.ToDraft(now), tenant.Required, now);
        try
        {
            var outcome = await publisher.PublishAsync(alert, new AlertOrigin(AlertSource.Staff, ReceiveCapAlert.Actor(User)), cancellationToken);
            return Redirect(Url.Content($"~/verwaltung/warnungen/{outcome.AlertId}"));
        }
        catch (AlertRejectedException e)
        {
            Errors.AddRange(e.Errors);
            Preview = ChannelPreview.For(alert);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var settings = await settingsStore.GetAsync<AlertSettings>(AlertSettings.Section, cancellationToken);
        Templates = settings.EffectiveTemplates;
        FourEyes = settings.FourEyes;
    }
}
