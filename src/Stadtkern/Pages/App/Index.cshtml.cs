using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stadtkern.Features.App;

namespace Stadtkern.Pages.App;

/// <summary>The city app's start page (<c>/app</c>, the manifest's start_url): the modules the city enabled and the push sign-up.</summary>
internal sealed class IndexModel(AppProfiles profiles) : PageModel
{
    public AppProfile Profile { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await profiles.CurrentAsync(cancellationToken) is not { Enabled: true } profile)
        {
            return NotFound();
        }

        Profile = profile;
        return Page();
    }
}
