using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Reports.Web;

/// <summary>Base of the citizen report pages: 404 unless the tenant has the reports module switched on.</summary>
internal abstract class ReportsPageModel : PageModel
{
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var tenant = context.HttpContext.RequestServices.GetRequiredService<TenantContext>().Current;
        if (tenant?.Has(Module.Reports) != true)
        {
            context.Result = NotFound();
            return;
        }

        await next();
    }
}
