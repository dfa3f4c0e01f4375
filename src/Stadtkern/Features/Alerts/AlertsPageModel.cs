using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Alerts;

/// <summary>Base of the alert pages: they exist only for tenants that switched the alerts module on.</summary>
internal abstract class AlertsPageModel : PageModel
{
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var tenant = context.HttpContext.RequestServices.GetRequiredService<TenantContext>().Current;
        if (tenant?.Has(Module.Alerts) != true)
        {
            context.Result = NotFound();
            return;
        }

        await next();
    }
}
