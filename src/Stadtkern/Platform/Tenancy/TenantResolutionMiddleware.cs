using Microsoft.AspNetCore.Mvc;

namespace Stadtkern.Platform.Tenancy;

/// <summary>
/// Picks the tenant of a request: <c>/t/{slug}/rest</c> serves tenant <c>slug</c> with the path <c>/rest</c>
/// (and <c>/t/{slug}</c> as path base, so links stay inside the tenant); every other path serves the
/// default tenant. An unknown slug is a 404 before any endpoint runs.
/// </summary>
internal sealed class TenantResolutionMiddleware(RequestDelegate next, TenantDirectory directory)
{
    public const string Prefix = "/t";

    public async Task InvokeAsync(HttpContext context, TenantContext tenantContext, IProblemDetailsService problems)
    {
        TenantInfo? tenant;
        if (context.Request.Path.StartsWithSegments(Prefix, StringComparison.Ordinal, out var afterPrefix)
            && afterPrefix.HasValue)
        {
            var rest = afterPrefix.Value[1..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var slug = slash < 0 ? rest : rest[..slash];
            tenant = await directory.FindAsync(slug, context.RequestAborted);
            if (tenant is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status404NotFound,
                        Title = "Unknown tenant",
                        Detail = $"No municipality with the slug '{slug}' is served here.",
                    },
                });
                return;
            }

            var remainder = slash < 0 ? "/" : rest[slash..];
            context.Request.PathBase = context.Request.PathBase.Add(new PathString($"{Prefix}/{tenant.Slug}"));
            context.Request.Path = new PathString(remainder);
        }
        else
        {
            tenant = await directory.FindAsync(directory.DefaultSlug, context.RequestAborted);
        }

        if (tenant is not null)
        {
            tenantContext.Set(tenant);
        }

        await next(context);
    }
}
