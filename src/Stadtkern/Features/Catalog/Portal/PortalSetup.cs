using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Demo;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Catalog.Portal;

internal static class PortalSetup
{
    /// <summary>The portal pages' services (the pages themselves live under <c>Pages/Daten</c> and <c>Pages/Organisationen</c>) and the demo catalog.</summary>
    public static IServiceCollection AddCatalogPortal(this IServiceCollection services)
    {
        services.AddScoped<SearchPortal>();
        services.AddDemoCatalog();
        return services;
    }
}

/// <summary>Base of the catalog's pages: 404 unless the tenant has the catalog module; the caller as the catalog sees it.</summary>
internal abstract class CatalogPageModel : PageModel
{
    public CatalogCaller Caller => CatalogCaller.From(User);

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var tenant = context.HttpContext.RequestServices.GetRequiredService<TenantContext>().Current;
        if (tenant?.Has(Module.Catalog) != true)
        {
            context.Result = NotFound();
            return;
        }

        await next();
    }
}
