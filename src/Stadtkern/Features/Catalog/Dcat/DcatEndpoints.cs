using Microsoft.AspNetCore.Http.HttpResults;
using Stadtkern.Features.Catalog.Rdf;

namespace Stadtkern.Features.Catalog.Dcat;

/// <summary>
/// The DCAT-AP.de 3.0 export: <c>/catalog.ttl|.rdf|.jsonld</c> (Hydra-paged, <c>page</c>, <c>page_size</c>,
/// <c>modified_since</c>), <c>/catalog</c> by Accept, <c>/dataset/{name}.ttl|.rdf|.jsonld</c>, and
/// <c>/dataset/{name}</c> by Accept (browsers are sent to the portal page). Under <c>/t/{slug}/</c> for every
/// tenant through the path base. Public, active datasets only.
/// </summary>
internal static class DcatEndpoints
{
    public static IEndpointRouteBuilder MapDcat(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("").WithTags("DCAT-AP.de");
        foreach (var format in RdfFormat.All)
        {
            group.MapGet("/catalog." + format.Extension,
                    (HttpContext http, ExportDcat export, string? page, string? page_size, string? modified_since, CancellationToken ct) =>
                        CatalogAsync(http, export, format, "/catalog." + format.Extension, page, page_size, modified_since, ct))
                .WithName("DcatCatalog" + format.Extension)
                .WithSummary($"DCAT-AP.de catalog as {format.MediaType}, Hydra-paged")
                .Produces(StatusCodes.Status200OK, contentType: format.MediaType)
                .ProducesValidationProblem();
        }
        group.MapGet("/catalog",
                (HttpContext http, ExportDcat export, string? page, string? page_size, string? modified_since, CancellationToken ct) =>
                {
                    http.Response.Headers.Vary = "Accept";
                    var format = RdfFormat.Negotiate(http.Request.Headers.Accept.ToString());
                    return format is null
                        ? Task.FromResult<IResult>(TypedResults.Redirect(http.Request.PathBase + "/daten", permanent: false))
                        : CatalogAsync(http, export, format, "/catalog", page, page_size, modified_since, ct);
                })
            .WithName("DcatCatalog")
            .WithSummary("DCAT-AP.de catalog in the RDF format the Accept header asks for (Turtle, RDF/XML, JSON-LD); browsers go to the portal")
            .Produces(StatusCodes.Status200OK, contentType: RdfFormat.Turtle.MediaType)
            .ProducesValidationProblem();
        group.MapGet("/dataset/{name}",
                async Task<IResult> (HttpContext http, ExportDcat export, string name, CancellationToken ct) =>
                {
                    RdfFormat? format;
                    var dot = name.LastIndexOf('.');
                    if (dot > 0 && RdfFormat.ByExtension(name[(dot + 1)..]) is { } byExtension)
                    {
                        format = byExtension;
                        name = name[..dot];
                    }
                    else
                    {
                        http.Response.Headers.Vary = "Accept";
                        format = RdfFormat.Negotiate(http.Request.Headers.Accept.ToString());
                        if (format is null)
                        {
                            // 303: the HTML description of the thing lives on the portal page
                            http.Response.Headers.Location = http.Request.PathBase + "/daten/" + Uri.EscapeDataString(name);
                            return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
                        }
                    }
                    var baseUrl = BaseUrl(http);
                    var dataset = await export.DatasetAsync(name, Origin(http), ct);
                    if (dataset is null)
                    {
                        return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Datensatz nicht gefunden",
                            detail: $"Es gibt keinen öffentlichen Datensatz '{name}'.");
                    }
                    var catalog = await export.CatalogInfoAsync(baseUrl, ct);
                    return Rdf(format, MapToDcat.Dataset(catalog, dataset));
                })
            .WithName("DcatDataset")
            .WithSummary("One dataset as DCAT-AP.de: /dataset/{name}.ttl|.rdf|.jsonld, or by Accept (browsers: 303 to the portal page)")
            .Produces(StatusCodes.Status200OK, contentType: RdfFormat.Turtle.MediaType)
            .Produces(StatusCodes.Status303SeeOther)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    /// <summary>Registers what the export needs; called from AddCatalog.</summary>
    public static IServiceCollection AddDcat(this IServiceCollection services) => services.AddScoped<ExportDcat>();

    private static async Task<IResult> CatalogAsync(HttpContext http, ExportDcat export, RdfFormat format, string path,
        string? page, string? pageSize, string? modifiedSince, CancellationToken ct)
    {
        var (request, errors) = DcatPageRequest.Parse(page, pageSize, modifiedSince);
        if (request is null)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var baseUrl = BaseUrl(http);
        var catalog = await export.CatalogInfoAsync(baseUrl, ct);
        var (datasets, total) = await export.PageAsync(request, Origin(http), ct);
        var paging = new DcatPaging(request.Page, request.PageSize, total, n => PageUrl(baseUrl + path, n, request));
        return Rdf(format, MapToDcat.Catalog(catalog, datasets, paging));
    }

    private static string PageUrl(string url, int page, DcatPageRequest request)
    {
        var query = QueryString.Create("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (request.PageSize != DcatPageRequest.DefaultPageSize)
        {
            query = query.Add("page_size", request.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (request.ModifiedSince is { } since)
        {
            query = query.Add("modified_since", since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        }
        return url + query.ToUriComponent();
    }

    private static ContentHttpResult Rdf(RdfFormat format, RdfGraph graph) =>
        TypedResults.Text(format.Write(graph), format.ContentType);

    private static string Origin(HttpContext http) => http.Request.Scheme + "://" + http.Request.Host.ToUriComponent();

    /// <summary>This tenant's root URL (origin plus path base, e.g. https://host/t/nachbarort).</summary>
    private static string BaseUrl(HttpContext http) => Origin(http) + http.Request.PathBase.ToUriComponent();
}
