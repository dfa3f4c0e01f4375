using Microsoft.Extensions.DependencyInjection.Extensions;
using Stadtkern.Features.Sensing.Access;
using Stadtkern.Features.Sensing.Api;
using Stadtkern.Features.Sensing.Ingest;
using Stadtkern.Features.Sensing.Query;
using Stadtkern.Features.Sensing.Query.Filter;

namespace Stadtkern.Features.Sensing;

/// <summary>
/// The sensor hub: SensorThings API 1.1 (Sensing part), its storage, ingest and access control. Each sub-area registers here.
/// </summary>
internal static class SensingFeature
{
    public static IServiceCollection AddSensing(this IServiceCollection services)
    {
        services.AddOptions<SensingOptions>().BindConfiguration(SensingOptions.Section);
        services.AddOptions<SensingServerSettings>();
        services.AddScoped<SensingSql>();
        services.AddScoped<ReadEntities>();
        services.AddScoped<WriteEntities>();
        // Placeholders: the $filter translator and the batching ingest writer replace these registrations.
        services.TryAddScoped<ISensingFilterTranslator, UnsupportedFilterTranslator>();
        services.AddSensingFilter();
        services.TryAddSingleton<IObservationWriter, DirectObservationWriter>();
        return services;
    }

    public static IEndpointRouteBuilder MapSensing(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapSensingApi();
        endpoints.MapSensingGrants();
        return endpoints;
    }
}
