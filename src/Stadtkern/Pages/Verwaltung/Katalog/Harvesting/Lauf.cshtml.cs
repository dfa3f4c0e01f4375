using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stadtkern.Features.Catalog.Harvest;

namespace Stadtkern.Pages.Verwaltung.Katalog.Harvesting;

/// <summary>One run: counts, progress and every record that failed, with the reason.</summary>
internal sealed class LaufModel(HarvestSources sources) : PageModel
{
    public HarvestRunResponse Run { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await sources.RunAsync(id, withErrors: true, cancellationToken) is not { } run)
        {
            return NotFound();
        }

        Run = run;
        return Page();
    }
}
