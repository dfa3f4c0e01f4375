using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Tenants;

/// <summary>The tenant admin API: <c>GET/POST /api/tenants</c>, <c>GET/PUT /api/tenants/{slug}</c>.</summary>
internal static class TenantEndpoints
{
    public static IEndpointRouteBuilder MapTenantApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/tenants").WithTags("Tenants").RequireAuthorization(Policies.Admin);

        group.MapGet("/", ListTenants)
            .WithName("ListTenants")
            .WithSummary("Lists the municipalities served here (all for the instance admin, the own one for a tenant admin).");
        group.MapPost("/", CreateTenant)
            .RequireAuthorization(Policies.PlatformAdmin)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CreateTenant")
            .WithSummary("Creates a municipality (instance admin only).");
        group.MapGet("/{slug}", GetTenant)
            .WithName("GetTenant")
            .WithSummary("Shows a municipality's configuration.");
        group.MapPut("/{slug}", UpdateTenant)
            .WithName("UpdateTenant")
            .WithSummary("Replaces a municipality's configuration (the slug stays).");
        return endpoints;
    }

    private static async Task<Ok<TenantResponse[]>> ListTenants(ClaimsPrincipal user, TenantContext current, TenantStore store, CancellationToken cancellationToken)
    {
        var tenants = await store.ListAsync(cancellationToken);
        return TypedResults.Ok(TenantAccess.Visible(tenants, user, current).Select(TenantResponse.From).ToArray());
    }

    private static async Task<Results<Created<TenantResponse>, ValidationProblem, ProblemHttpResult>> CreateTenant(
        TenantRequest request, TenantStore store, CancellationToken cancellationToken)
    {
        var result = await store.CreateAsync(request, cancellationToken);
        return result.Status switch
        {
            TenantWriteStatus.Ok => TypedResults.Created($"/api/tenants/{result.Tenant!.Slug}", TenantResponse.From(result.Tenant)),
            // TypedResults.Problem (not Conflict(problem)) so the body is sent as application/problem+json.
            TenantWriteStatus.SlugTaken => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Slug already in use",
                detail: result.Errors["slug"][0]),
            _ => TypedResults.ValidationProblem(result.Errors),
        };
    }

    private static async Task<Results<Ok<TenantResponse>, NotFound, ForbidHttpResult>> GetTenant(
        string slug, ClaimsPrincipal user, TenantContext current, TenantStore store, CancellationToken cancellationToken)
    {
        if (!TenantAccess.MayAdminister(user, current, slug))
        {
            return TypedResults.Forbid();
        }

        var tenant = await store.FindAsync(slug, cancellationToken);
        return tenant is null ? TypedResults.NotFound() : TypedResults.Ok(TenantResponse.From(tenant));
    }

    private static async Task<Results<Ok<TenantResponse>, NotFound, ValidationProblem, ForbidHttpResult>> UpdateTenant(
        string slug, TenantRequest request, ClaimsPrincipal user, TenantContext current, TenantStore store, CancellationToken cancellationToken)
    {
        if (!TenantAccess.MayAdminister(user, current, slug))
        {
            return TypedResults.Forbid();
        }

        var result = await store.UpdateAsync(slug, request, cancellationToken);
        return result.Status switch
        {
            TenantWriteStatus.Ok => TypedResults.Ok(TenantResponse.From(result.Tenant!)),
            TenantWriteStatus.NotFound => TypedResults.NotFound(),
            _ => TypedResults.ValidationProblem(result.Errors),
        };
    }
}
