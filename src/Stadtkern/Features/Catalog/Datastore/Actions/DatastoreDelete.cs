using Stadtkern.Features.Catalog.Ckan;
using Stadtkern.Features.Catalog.Datastore.Sql;

namespace Stadtkern.Features.Catalog.Datastore.Actions;

/// <summary>CKAN <c>datastore_delete</c>: rows matching <c>filters</c>, or without filters the whole table.</summary>
internal sealed class DatastoreDelete(DatastoreAccess access, DatastoreTables tables, DatastoreDatabase database) : ICkanAction
{
    public string Name => "datastore_delete";

    public async Task<object?> ExecuteAsync(CkanCall call, CancellationToken cancellationToken)
    {
        var resourceId = call.String("resource_id") ?? call.String("id") ?? throw CkanException.Validation("resource_id", "Missing value");
        var target = await access.WritableAsync(resourceId, call.Caller, cancellationToken);
        var table = target.RequiredTable;
        var parameters = new List<SqlParameterValue>();
        var conditions = DatastoreRequest.Filters(call, table.Schema, parameters);
        if (conditions.Count == 0)
        {
            if (call.Has("filters"))
            {
                // CKAN: an empty filter object deletes all rows but keeps the table.
                await database.ExecuteAsync($"DELETE FROM {DatastoreDatabase.Quote(table.TableName)}", cancellationToken);
                await tables.RefreshCountAsync(table, cancellationToken);
                return new { resource_id = target.Resource.Id, filters = new { } };
            }

            await tables.DeleteAsync(table, cancellationToken);
            return new { resource_id = target.Resource.Id };
        }

        var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"DELETE FROM {DatastoreDatabase.Quote(table.TableName)} WHERE {string.Join(" AND ", conditions)}";
        foreach (var parameter in parameters)
        {
            database.AddParameter(command, parameter.Name, parameter.Type, parameter.Value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
        await tables.RefreshCountAsync(table, cancellationToken);
        return new { resource_id = target.Resource.Id, filters = call.Parameters["filters"] };
    }
}
