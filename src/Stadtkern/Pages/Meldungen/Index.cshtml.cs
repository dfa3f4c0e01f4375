using Microsoft.AspNetCore.Mvc;
using Stadtkern.Features.Reports.Web;

namespace Stadtkern.Pages.Meldungen;

/// <summary>The public map and list of citizen reports.</summary>
internal sealed class IndexModel : ReportsPageModel
{
    public IActionResult OnGet() => Page();
}
