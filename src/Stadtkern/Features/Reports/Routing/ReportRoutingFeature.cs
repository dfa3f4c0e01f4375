using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Stadtkern.Features.Reports.Routing;

/// <summary>The trained router: registered from <see cref="ReportsFeature"/> with one line each.</summary>
internal static class ReportRoutingFeature
{
    public static IServiceCollection AddReportRouting(this IServiceCollection services)
    {
        services.AddSingleton<RoutingModelStore>();
        services.AddScoped<TrainRoutingModel>();
        services.AddScoped<EvaluateRoutingModel>();
        services.Replace(ServiceDescriptor.Scoped<IReportRouter, ReportRouter>());
        return services;
    }

    public static IEndpointRouteBuilder MapReportRouting(this IEndpointRouteBuilder endpoints) => endpoints.MapPredictDepartment();
}
