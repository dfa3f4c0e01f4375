using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Pages.Angebote;

/// <summary>The entry page of a module the tenant has switched on; unknown or disabled modules are 404.</summary>
internal sealed class ModulModel(TenantContext tenant) : PageModel
{
    public Module Module { get; private set; }

    public IActionResult OnGet(string key)
    {
        if (!ModuleList.TryParse(key, out var module) || tenant.Current?.Has(module) != true)
        {
            return NotFound();
        }

        Module = module;
        return Page();
    }
}
