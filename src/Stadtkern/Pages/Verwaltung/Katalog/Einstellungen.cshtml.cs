using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stadtkern.Features.Catalog.Settings;

namespace Stadtkern.Pages.Verwaltung.Katalog;

/// <summary>Stewards set the catalog's GovData contributor id, title, description and minimum quality.</summary>
internal sealed class EinstellungenModel(EditCatalogSettings settings) : PageModel
{
    [BindProperty]
    public CatalogSettingsDto Form { get; set; } = new(null, null, null, 0);

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public bool Saved { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Form = await settings.GetAsync(cancellationToken);

    public async Task OnPostAsync(CancellationToken cancellationToken)
    {
        Errors = await settings.SaveAsync(Form, cancellationToken);
        Saved = Errors.Count == 0;
    }
}
