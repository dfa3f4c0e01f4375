using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Ckan;
using Stadtkern.Features.Catalog.Datastore;
using Stadtkern.Features.Catalog.Datastore.Model;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Store;

namespace Stadtkern.Tests.Features.Catalog.Datastore;

/// <summary>Arranging datasets with resources and loading files through the app's own services.</summary>
internal static class DatastoreArrange
{
    public static readonly CatalogCaller Steward = CatalogCaller.System("test");

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Encoding Windows1252 => LoadUpload.Windows1252;

    /// <summary>A dataset with one resource; returns the resource id.</summary>
    public static async Task<Guid> ResourceAsync(IServiceProvider services, string name = "messwerte", AccessLevel access = AccessLevel.Public)
    {
        var organizations = services.GetRequiredService<OrganizationStore>();
        if (await services.GetRequiredService<DatasetStore>().FindOrganizationAsync("tiefbau", Ct) is null)
        {
            await DatasetStoreTests.OrganizationAsync(services);
        }

        _ = organizations;
        var result = await services.GetRequiredService<DatasetStore>().CreateAsync(
            DatasetStoreTests.Input(name, "Messwerte " + name) with { Access = access }, Steward, Ct);
        result.Errors.ShouldBeEmpty();
        return result.Dataset!.Resources.Single().Id;
    }

    /// <summary>Uploads, analyses, confirms (with the inferred or an edited schema) and loads a file; returns the finished job.</summary>
    public static async Task<DatastoreLoadJob> LoadAsync(
        IServiceProvider services, Guid resourceId, string fileName, Stream content,
        Func<DatastoreSchema, DatastoreSchema>? edit = null, Action<DatastoreLoadJob>? progress = null)
    {
        var loader = services.GetRequiredService<LoadUpload>();
        var resource = new Resource { Id = resourceId };
        var job = await loader.StartAsync(resource, fileName, content, Steward, Ct);
        await loader.AnalyseAsync(job.Id, Ct);
        job = (await loader.FindAsync(job.Id, Ct))!;
        if (job.Status != LoadStatus.AwaitingConfirmation)
        {
            return job;
        }

        var schema = job.ParsedSchema!;
        (await loader.ConfirmAsync(job.Id, edit?.Invoke(schema) ?? schema, Ct)).ShouldBeEmpty();
        await loader.LoadAsync(job.Id, Ct, progress);
        return (await loader.FindAsync(job.Id, Ct))!;
    }

    public static MemoryStream Text(string content, Encoding? encoding = null) => new((encoding ?? Encoding.UTF8).GetBytes(content));

    /// <summary>Runs a CKAN action as the given caller, the way the API endpoint does.</summary>
    public static async Task<JsonNode?> ActAsync(IServiceProvider services, string action, object parameters, CatalogCaller? caller = null)
    {
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(parameters))!.AsObject();
        var handler = services.GetServices<ICkanAction>().Single(a => a.Name == action);
        var http = new DefaultHttpContext { RequestServices = services };
        var result = await handler.ExecuteAsync(new CkanCall(body, caller ?? Steward, http), Ct);
        return JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(result));
    }

    public static async Task<CkanException> FailsAsync(IServiceProvider services, string action, object parameters, CatalogCaller? caller = null) =>
        await Should.ThrowAsync<CkanException>(() => ActAsync(services, action, parameters, caller));
}
