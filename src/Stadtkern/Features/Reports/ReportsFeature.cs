using Microsoft.Extensions.DependencyInjection.Extensions;
using Stadtkern.Features.Reports.Demo;
using Stadtkern.Features.Reports.Import;
using Stadtkern.Features.Reports.Intake;
using Stadtkern.Features.Reports.Media;
using Stadtkern.Features.Reports.Open311;
using Stadtkern.Features.Reports.Routing;
using Stadtkern.Features.Reports.Workflow;
using Stadtkern.Platform.Demo;

namespace Stadtkern.Features.Reports;

/// <summary>
/// Citizen reports: Open311 GeoReport v2, the citizen web form, intake, photos and import. The staff workflow and the router
/// register here with one line each.
/// </summary>
internal static class ReportsFeature
{
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.TryAddScoped<IReportRouter, NoReportRouter>();
        services.AddScoped<IDemoContent, SeedDemoServices>();
        services.AddOptions<ReportsOptions>().BindConfiguration(ReportsOptions.Section);
        services.AddSingleton<CheckPhotos>();
        services.AddScoped<SubmitReport>();
        services.AddReportRateLimits();
        services.AddReportWorkflow();
        services.AddReportRouting();
        services.AddScoped<ImportReports>();
        services.AddScoped<Web.PublicReports>();
        return services;
    }

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpen311();
        endpoints.MapReportPhotos();
        endpoints.MapReportWorkflow();
        endpoints.MapReportRouting();
        return endpoints;
    }
}
