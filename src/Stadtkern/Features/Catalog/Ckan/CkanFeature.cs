namespace Stadtkern.Features.Catalog.Ckan;

/// <summary>The CKAN Action API v3 (without the datastore actions, which register themselves the same way) and upload downloads.</summary>
internal static class CkanFeature
{
    public static IServiceCollection AddCkan(this IServiceCollection services)
    {
        services.AddScoped<CkanPackages>();
        services.AddScoped<ICkanAction, StatusShow>();
        services.AddScoped<ICkanAction, HelpShow>();
        services.AddScoped<ICkanAction, PackageList>();
        services.AddScoped<ICkanAction, PackageSearch>();
        services.AddScoped<ICkanAction, PackageShow>();
        services.AddScoped<ICkanAction, PackageCreate>();
        services.AddScoped<ICkanAction>(sp => ActivatorUtilities.CreateInstance<PackageUpdate>(sp, false));
        services.AddScoped<ICkanAction>(sp => ActivatorUtilities.CreateInstance<PackageUpdate>(sp, true));
        services.AddScoped<ICkanAction, PackageDelete>();
        services.AddScoped<ICkanAction, PackageActivityList>();
        services.AddScoped<ICkanAction, ResourceShow>();
        foreach (var change in Enum.GetValues<ResourceChange>())
        {
            services.AddScoped<ICkanAction>(sp => ActivatorUtilities.CreateInstance<ResourceWrite>(sp, change));
        }

        services.AddScoped<ICkanAction>(sp => ActivatorUtilities.CreateInstance<OwnerList>(sp, false));
        services.AddScoped<ICkanAction>(sp => ActivatorUtilities.CreateInstance<OwnerList>(sp, true));
        services.AddScoped<ICkanAction>(sp => ActivatorUtilities.CreateInstance<OwnerShow>(sp, false));
        services.AddScoped<ICkanAction>(sp => ActivatorUtilities.CreateInstance<OwnerShow>(sp, true));
        services.AddScoped<ICkanAction, OrganizationCreate>();
        services.AddScoped<ICkanAction, TagList>();
        services.AddScoped<ICkanAction, LicenseList>();
        return services;
    }

    public static IEndpointRouteBuilder MapCkan(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCkanActions();
        endpoints.MapResourceDownload();
        return endpoints;
    }
}
