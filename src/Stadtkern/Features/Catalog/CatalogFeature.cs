using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Files;
using Stadtkern.Features.Catalog.Search;
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
        services.AddScoped<OrganizationStore>();
        services.AddScoped<ReindexCatalog>();
        return services;
    }

    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapDatasetSearch();
        return endpoints;
    }
}
