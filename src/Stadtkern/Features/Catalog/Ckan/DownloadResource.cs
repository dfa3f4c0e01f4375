using Microsoft.AspNetCore.Http.HttpResults;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Files;
using Stadtkern.Features.Catalog.Store;

namespace Stadtkern.Features.Catalog.Ckan;

/// <summary>
/// <c>GET /dataset/{id}/resource/{resourceId}/download/{fileName}</c>: an uploaded file, streamed, after
/// <see cref="DataAccess"/> allowed the download. Always as an attachment in a sandbox, so an uploaded HTML
/// or SVG file never runs as a page of this site.
/// </summary>
internal static class DownloadResource
{
    public static IEndpointRouteBuilder MapResourceDownload(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/dataset/{id}/resource/{resourceId:guid}/download/{fileName}", DownloadAsync)
            .WithTags("CKAN")
            .WithName("DownloadResource")
            .WithSummary("Downloads an uploaded resource file (CKAN's URL shape); restricted data only with access.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(
        string id, Guid resourceId, string fileName, HttpContext http, DatasetStore store, DataAccess access, FileStore files, CancellationToken cancellationToken)
    {
        _ = fileName; // the name is part of the URL for people and browsers; the resource id decides
        var caller = CatalogCaller.From(http.User);
        var dataset = await store.FindAsync(id, cancellationToken);
        var resource = dataset?.Resources.FirstOrDefault(r => r.Id == resourceId);
        if (dataset is null || !DataAccess.CanSeeMetadata(dataset, caller) || resource?.StorageKey is not { } key || !files.Exists(key))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Datei nicht gefunden");
        }

        if (!await access.CanUseDataAsync(dataset, caller, DataUse.Download, cancellationToken))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Zugang erforderlich",
                detail: $"Die Daten dieses Datensatzes sind zugangsbeschränkt. Zugang beantragen: {CkanEndpoint.BaseUrl(http.Request)}/daten/{dataset.Name}/zugang");
        }

        var name = CkanPackageMapping.FileNameOf(resource);
        http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Stream(
            files.OpenRead(key),
            resource.MediaType ?? CkanFormats.MediaTypeOf(name),
            fileDownloadName: name,
            lastModified: resource.Modified,
            enableRangeProcessing: true);
    }
}
