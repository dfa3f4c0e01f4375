using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Stadtkern.Pages;

internal sealed class IndexModel : PageModel
{
}
