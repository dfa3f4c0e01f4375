using Stadtkern.Features.Catalog.Ckan;

namespace Stadtkern.Features.Catalog.Datastore.Actions;

/// <summary>CKAN <c>datastore_upsert</c>: <c>method</c> upsert (default), insert or update, <c>records</c>.</summary>
internal sealed class DatastoreUpsert(DatastoreAccess access, DatastoreTables tables, DatastoreDatabase database) : ICkanAction
{
    public string Name => "datastore_upsert";

    public async Task<object?> ExecuteAsync(CkanCall call, CancellationToken cancellationToken)
    {
        var resourceId = call.String("resource_id") ?? call.String("id") ?? throw CkanException.Validation("resource_id", "Missing value");
        var method = call.String("method") ?? "upsert";
        if (method is not ("upsert" or "insert" or "update"))
        {
            throw CkanException.Validation("method", "Erlaubt sind upsert, insert und update.");
        }

        var target = await access.WritableAsync(resourceId, call.Caller, cancellationToken);
        var table = target.RequiredTable;
        var records = DatastoreRequest.Records(call, table.Schema);
        await new WriteRecords(database).WriteAsync(table, records, method, cancellationToken);
        await tables.RefreshCountAsync(table, cancellationToken);
        return new { resource_id = target.Resource.Id, method, records = call.Parameters["records"] };
    }
}
