using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stadtkern.Platform.Accounts;

namespace Stadtkern.Pages.Verwaltung.Katalog.Harvesting;

/// <summary>
/// Harvesting pages are for data stewards as well as admins, while the /Verwaltung folder requires admins:
/// the pages opt out of the folder rule and check the steward policy themselves, before any handler runs.
/// </summary>
[AllowAnonymous]
internal abstract class HarvestPageModel : PageModel
{
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            context.Result = new ChallengeResult();
            return;
        }

        var authorization = HttpContext.RequestServices.GetRequiredService<IAuthorizationService>();
        if (!(await authorization.AuthorizeAsync(User, Policies.DataSteward)).Succeeded)
        {
            context.Result = new ForbidResult();
            return;
        }

        await next();
    }
}
