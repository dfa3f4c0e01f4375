using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stadtkern.Features.App;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Pages.Verwaltung;

/// <summary><c>/verwaltung/app</c>: the city app's name, texts, tiles, accent colour and districts, with a preview (admins).</summary>
internal sealed class AppModel(AppProfiles profiles, TenantContext tenant) : PageModel
{
    [BindProperty]
    public AppSettingsForm Form { get; set; } = new();

    public AppProfile Preview { get; private set; } = null!;

    public Dictionary<string, string[]> Errors { get; private set; } = [];

    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (tenant.Current is not { } current)
        {
            return NotFound();
        }

        var settings = await profiles.ReadSettingsAsync(cancellationToken);
        Form = AppSettingsForm.From(settings);
        Preview = AppProfile.Resolve(settings, current);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (tenant.Current is not { } current)
        {
            return NotFound();
        }

        var (settings, errors) = EditAppSettings.Validate(Form);
        Errors = errors;
        if (errors.Count > 0)
        {
            Preview = AppProfile.Resolve(await profiles.ReadSettingsAsync(cancellationToken), current);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await profiles.SaveAsync(settings, cancellationToken);
        Saved = true;
        Preview = AppProfile.Resolve(settings, current);
        return Page();
    }

    /// <summary>Shows the preview of the entered values without saving them.</summary>
    public IActionResult OnPostPreview()
    {
        if (tenant.Current is not { } current)
        {
            return NotFound();
        }

        var (settings, errors) = EditAppSettings.Validate(Form);
        Errors = errors;
        Preview = AppProfile.Resolve(settings, current);
        return Page();
    }
}
