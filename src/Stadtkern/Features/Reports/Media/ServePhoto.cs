using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Reports.Media;

/// <summary>GET /meldungen/fotos/{id}: a released photo for everyone; unreleased photos only for staff of the tenant (else 404, so
/// the existence of a withheld photo is not revealed).</summary>
internal static class ServePhoto
{
    public static IEndpointRouteBuilder MapReportPhotos(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/meldungen/fotos/{id:guid}", HandleAsync)
            .WithName("GetReportPhoto").WithSummary("Foto einer Meldung (freigegebene öffentlich, alle für Mitarbeitende)").WithTags("Reports");
        return endpoints;
    }

    internal static async Task<IResult> HandleAsync(
        Guid id, HttpContext http, StadtkernDb db, TenantContext tenant, IAuthorizationService authorization, CancellationToken cancellationToken)
    {
        if (tenant.Current?.Has(Module.Reports) != true)
        {
            return TypedResults.NotFound();
        }

        var photo = await db.Set<ReportMedia>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (photo is null)
        {
            return TypedResults.NotFound();
        }

        if (!photo.Released && !(await authorization.AuthorizeAsync(http.User, Policies.Staff)).Succeeded)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.CacheControl = photo.Released ? "public, max-age=3600" : "private, no-store";
        http.Response.Headers["X-Content-Type-Options"] = "nosniff";
        if (photo.ContentType == ReportMediaTypes.ExternalUrl)
        {
            return TypedResults.Redirect(System.Text.Encoding.UTF8.GetString(photo.Content));
        }

        return TypedResults.File(photo.Content, photo.ContentType);
    }
}
