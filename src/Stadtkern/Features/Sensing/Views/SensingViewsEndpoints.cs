using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Sensing.Views.Demo;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Sensing.Views;

/// <summary>
/// The people-facing sensor views: the downsampled series and the CSV export of one Datastream (both with the hub's access rule,
/// invisible Datastreams are 404), and the stewards' catalog link. Under <c>/t/{slug}/</c> per tenant; 404 without the
/// sensing module.
/// </summary>
internal static class SensingViewsEndpoints
{
    public static IServiceCollection AddSensingViews(this IServiceCollection services)
    {
        services.AddOptions<SensingViewsOptions>().BindConfiguration(SensingViewsOptions.Section);
        services.AddScoped<ViewerAccess>();
        services.AddScoped<ReadSeries>();
        services.AddScoped<ExportObservationsCsv>();
        services.AddScoped<LinkToCatalog>();
        services.AddScoped<SensorOverview>();
        services.AddDemoSensors();
        return services;
    }

    public static IEndpointRouteBuilder MapSensingViews(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/sensing").WithTags("Sensoren");
        group.MapGet("/datastreams/{id}/series", SeriesAsync)
            .WithName("SensingDatastreamSeries")
            .WithSummary("Downsampled series (count/min/max/mean per bucket) of a Datastream's numeric results; raw or from hourly/daily aggregates");
        group.MapGet("/datastreams/{id}/export.csv", ExportAsync)
            .WithName("SensingDatastreamCsv")
            .WithSummary("The Datastream's Observations in a time range as streamed CSV (phenomenonTime,resultTime,result,unit)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        group.MapPost("/catalog-links", CreateCatalogLinkAsync)
            .RequireAuthorization(Policies.DataSteward)
            .WithName("SensingCatalogLink")
            .WithSummary("Publish a group of public Datastreams as a catalog dataset with SensorThings (dcat:DataService) and CSV distributions");
        return endpoints;
    }

    private static async Task<Results<Ok<SeriesResponse>, NotFound, ValidationProblem>> SeriesAsync(
        string id, string? from, string? to, string? points, HttpContext http, TenantContext tenant, ViewerAccess access, ReadSeries series,
        IOptions<SensingViewsOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (tenant.Current?.Has(Module.Sensing) != true)
        {
            return TypedResults.NotFound();
        }

        var o = options.Value;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var datastreamId = ParseId(id, errors);
        var count = o.DefaultPoints;
        if (!string.IsNullOrWhiteSpace(points)
            && (!int.TryParse(points, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > o.MaxPoints))
        {
            errors["points"] = [string.Create(CultureInfo.InvariantCulture, $"points must be a whole number from 1 to {o.MaxPoints}.")];
        }

        var (start, end) = TimeRange.Parse(from, to, clock.GetUtcNow(), TimeSpan.FromDays(1), o.SeriesMaxDays, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var visible = await access.FindDatastreamAsync(datastreamId, SensingViewer.From(http.User), ct);
        if (visible is null)
        {
            return TypedResults.NotFound();
        }

        var plan = PlanSeries.Plan(start, end, count);
        var buckets = await series.ReadAsync(datastreamId, start, end, plan, ct);
        var d = visible.Datastream;
        return TypedResults.Ok(new SeriesResponse(d.Id, d.Name, SeriesUnit.Parse(d.UnitOfMeasurement), start, end, count,
            PlanSeries.Key(plan.Source), plan.Origin, plan.BucketMilliseconds, buckets));
    }

    private static async Task<IResult> ExportAsync(
        string id, string? from, string? to, HttpContext http, TenantContext tenant, ViewerAccess access, ExportObservationsCsv export,
        IOptions<SensingViewsOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (tenant.Current?.Has(Module.Sensing) != true)
        {
            return TypedResults.NotFound();
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var datastreamId = ParseId(id, errors);
        var (start, end) = TimeRange.Parse(from, to, clock.GetUtcNow(), TimeSpan.FromDays(1), options.Value.ExportMaxDays, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var visible = await access.FindDatastreamAsync(datastreamId, SensingViewer.From(http.User), ct);
        if (visible is null)
        {
            return TypedResults.NotFound();
        }

        var unit = SeriesUnit.Parse(visible.Datastream.UnitOfMeasurement).Label;
        var file = string.Create(CultureInfo.InvariantCulture, $"datenstrom-{datastreamId}-{start:yyyyMMdd'T'HHmm}-{end:yyyyMMdd'T'HHmm}.csv");
        return TypedResults.Stream(stream => export.WriteAsync(stream, datastreamId, start, end, unit, ct), "text/csv; charset=utf-8", file);
    }

    private static async Task<Results<Created<CatalogLinkResponse>, NotFound, ValidationProblem>> CreateCatalogLinkAsync(
        CatalogLinkRequest request, HttpContext http, TenantContext tenant, LinkToCatalog link, CancellationToken ct)
    {
        if (tenant.Current?.Has(Module.Sensing) != true || !tenant.Current.Has(Module.Catalog))
        {
            return TypedResults.NotFound();
        }

        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        var (created, errors) = await link.CreateAsync(request, baseUrl, CatalogCaller.From(http.User), ct);
        return created is null ? TypedResults.ValidationProblem(errors) : TypedResults.Created(created.PortalUrl, created);
    }

    private static long ParseId(string id, Dictionary<string, string[]> errors)
    {
        if (long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return value;
        }

        errors["id"] = ["The Datastream id must be a positive whole number."];
        return 0;
    }
}
