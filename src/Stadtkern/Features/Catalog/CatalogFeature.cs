using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Ckan;
using Stadtkern.Features.Catalog.Datastore;
using Stadtkern.Features.Catalog.Dcat;
using Stadtkern.Features.Catalog.Files;
using Stadtkern.Features.Catalog.Harvest;
using Stadtkern.Features.Catalog.Portal;
using Stadtkern.Features.Catalog.Search;
using Stadtkern.Features.Catalog.Search.Index;
using Stadtkern.Features.Catalog.Settings;
using Stadtkern.Features.Catalog.Store;

namespace Stadtkern.Features.Catalog;

/// <summary>
/// The open data portal and data marketplace: catalog model and store, search, CKAN Action API,
/// DCAT-AP.de export, harvesting, datastore and controlled access. Each sub-area registers here.
/// </summary>
internal static class CatalogFeature
{
    public static IServiceCollection AddCatalog(this IServiceCollection services)
    {
        services.AddOptions<CatalogOptions>().BindConfiguration(CatalogOptions.Section);
        services.AddSingleton<FileStore>();
        services.AddScoped<DataAccess>();
        services.AddScoped<DatasetStore>();
        services.AddScoped<DatasetSearch>();
        services.AddSingleton<SearchCache>();
        services.AddSingleton<CkanPackageCache>();
        services.AddSingleton<CatalogIndexes>();
        services.AddSingleton<SearchSlots>();
        services.AddHostedService<WarmCatalogIndexes>();
        services.AddScoped<EditCatalogSettings>();
        services.AddScoped<OrganizationStore>();
        services.AddDcat();
        services.AddCkan();
        services.AddCatalogPortal();
        services.AddMarketplace();
        services.AddHarvest();
        services.AddDatastore();
        services.AddScoped<ReindexCatalog>();
        return services;
    }

    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCatalogSettings();
        endpoints.MapDcat();
        endpoints.MapCkan();
        endpoints.MapMarketplace();
        endpoints.MapHarvest();
        endpoints.MapDatastore();
        endpoints.MapDatasetSearch();
        return endpoints;
    }
}
