
namespace Stadtkern.Features.Tenants;

/// <summary>Tenant administration: the API and the store behind the admin pages and the CLI.</summary>
internal static class TenantsFeature
{
    public static IServiceCollection AddTenants(this IServiceCollection services)
    {
        services.AddScoped<TenantStore>();
        return services;
    }

    public static IEndpointRouteBuilder MapTenants(this IEndpointRouteBuilder endpoints) => endpoints.MapTenantApi();
}
