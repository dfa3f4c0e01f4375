using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Ckan;
using Stadtkern.Features.Catalog.Datastore.Model;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Datastore;

/// <summary>A resource with its dataset and datastore table (null when it has none yet).</summary>
internal sealed record DatastoreTarget(Resource Resource, Dataset Dataset, DatastoreTable? Table)
{
    public DatastoreTable RequiredTable => Table ?? throw CkanException.NotFound("Für diese Ressource gibt es keine Datastore-Tabelle.");
}

/// <summary>
/// Finds a resource's datastore for a caller and asks <see cref="DataAccess"/> whether the caller may query
/// it. A dataset the caller may not even see (internal, deleted) is reported as missing, not as forbidden.
/// </summary>
internal sealed class DatastoreAccess(StadtkernDb db, DatasetStore datasets, DataAccess access, DatastoreTables tables)
{
    /// <summary>For reading: throws CKAN's Not Found or Authorization error.</summary>
    public async Task<DatastoreTarget> ReadableAsync(string? resourceId, CatalogCaller caller, CancellationToken cancellationToken)
    {
        var target = await FindAsync(resourceId, caller, cancellationToken);
        if (!await access.CanUseDataAsync(target.Dataset, caller, DataUse.Query, cancellationToken))
        {
            throw CkanException.NotAuthorized("Für die Daten dieses Datensatzes fehlt die Berechtigung.");
        }

        return target;
    }

    /// <summary>For writing: data stewards of the tenant only.</summary>
    public async Task<DatastoreTarget> WritableAsync(string? resourceId, CatalogCaller caller, CancellationToken cancellationToken)
    {
        if (!caller.IsSteward)
        {
            throw CkanException.NotAuthorized("Nur Datenverantwortliche dürfen den Datastore ändern.");
        }

        return await FindAsync(resourceId, caller, cancellationToken);
    }

    public async Task<DatastoreTarget> FindAsync(string? resourceId, CatalogCaller caller, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(resourceId, out var id))
        {
            throw CkanException.NotFound("Ressource nicht gefunden.");
        }

        var resource = await db.Set<Resource>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken)
            ?? throw CkanException.NotFound("Ressource nicht gefunden.");
        var dataset = await datasets.FindAsync(resource.DatasetId.ToString(), cancellationToken);
        if (dataset is null || !DataAccess.CanSeeMetadata(dataset, caller))
        {
            throw CkanException.NotFound("Ressource nicht gefunden.");
        }

        return new DatastoreTarget(resource, dataset, await tables.FindAsync(id, cancellationToken));
    }
}
