using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Alerts.Displays;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Pages.Display;

/// <summary>
/// The full-screen kiosk page of one display. The page itself holds no secret: the script (wwwroot/js/display.js) takes the display
/// token (or a registration code) once from the URL fragment, keeps it in localStorage, polls the content and keeps showing the last
/// content when the network is gone.
/// </summary>
internal sealed class KioskModel(StadtkernDb db) : PageModel
{
    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public string? LocationText { get; private set; }

    public string Orientation { get; private set; } = DisplayOrientations.Landscape;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var display = await db.Set<Features.Alerts.Displays.Display>().AsNoTracking()
            .Where(d => d.Id == id)
            .Select(d => new { d.Id, d.Name, d.LocationText, d.Orientation })
            .FirstOrDefaultAsync(cancellationToken);
        if (display is null)
        {
            return NotFound();
        }

        (Id, Name, LocationText, Orientation) = (display.Id, display.Name, display.LocationText, display.Orientation);
        Response.Headers.CacheControl = "no-cache";
        return Page();
    }
}
