using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stadtkern.Platform.Tenancy;
using Stadtkern.Platform.Web;

namespace Stadtkern.Pages.Angebote;

/// <summary>The "being built" page of a module the tenant has switched on; unknown or disabled modules are 404, built ones redirect to their pages.</summary>
internal sealed class ModulModel(TenantContext tenant) : PageModel
{
    public Module Module { get; private set; }

    public IActionResult OnGet(string key)
    {
        if (!ModuleList.TryParse(key, out var module) || tenant.Current?.Has(module) != true)
        {
            return NotFound();
        }

        if (ModuleTexts.Path(module) is var path && !path.StartsWith("angebote/", StringComparison.Ordinal))
        {
            // A built module has its own pages; old links to the placeholder lead there.
            return RedirectPermanent(Url.Content("~/" + path));
        }

        Module = module;
        return Page();
    }
}
