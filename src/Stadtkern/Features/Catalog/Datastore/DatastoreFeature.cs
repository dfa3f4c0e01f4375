using Stadtkern.Features.Catalog.Ckan;
using Stadtkern.Features.Catalog.Datastore.Actions;

namespace Stadtkern.Features.Catalog.Datastore;

/// <summary>The datastore: uploads become typed, queryable tables; CKAN's <c>datastore_*</c> actions; dumps.</summary>
internal static class DatastoreFeature
{
    public static IServiceCollection AddDatastore(this IServiceCollection services)
    {
        services.AddScoped<DatastoreDatabase>();
        services.AddScoped<DatastoreTables>();
        services.AddScoped<DatastoreAccess>();
        services.AddScoped<LoadUpload>();
        services.AddScoped<QueryDatastore>();
        services.AddScoped<PreviewDatastore>();
        services.AddSingleton<DatastoreWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<DatastoreWorker>());
        services.AddScoped<ICkanAction, DatastoreCreate>();
        services.AddScoped<ICkanAction, DatastoreUpsert>();
        services.AddScoped<ICkanAction, DatastoreSearch>();
        services.AddScoped<ICkanAction, DatastoreSearchSql>();
        services.AddScoped<ICkanAction, DatastoreDelete>();
        services.AddScoped<ICkanAction, DatastoreInfo>();
        return services;
    }

    public static IEndpointRouteBuilder MapDatastore(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapDumpDatastore();
        return endpoints;
    }
}
