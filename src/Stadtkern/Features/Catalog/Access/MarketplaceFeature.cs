namespace Stadtkern.Features.Catalog.Access;

/// <summary>The data marketplace: access requests, grants and the audit log (<see cref="DataAccess"/> itself is registered by the catalog).</summary>
internal static class MarketplaceFeature
{
    public static IServiceCollection AddMarketplace(this IServiceCollection services)
    {
        services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<RequestAccess>();
        services.AddScoped<DecideAccessRequest>();
        services.AddScoped<GrantAccess>();
        services.AddScoped<ListAccess>();
        services.AddScoped<ReadAuditLog>();
        services.AddSingleton<PurgeAuditLog>();
        services.AddHostedService(sp => sp.GetRequiredService<PurgeAuditLog>());
        return services;
    }

    public static IEndpointRouteBuilder MapMarketplace(this IEndpointRouteBuilder endpoints) => endpoints.MapMarketplaceApi();
}
