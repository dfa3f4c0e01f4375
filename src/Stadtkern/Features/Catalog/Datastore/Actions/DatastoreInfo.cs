using Stadtkern.Features.Catalog.Ckan;
using Stadtkern.Features.Catalog.Datastore.Model;

namespace Stadtkern.Features.Catalog.Datastore.Actions;

/// <summary>CKAN <c>datastore_info</c>: a table's fields (with labels) and row count.</summary>
internal sealed class DatastoreInfo(DatastoreAccess access) : ICkanAction
{
    public string Name => "datastore_info";

    public async Task<object?> ExecuteAsync(CkanCall call, CancellationToken cancellationToken)
    {
        var resourceId = call.String("resource_id") ?? call.String("id") ?? throw CkanException.Validation("resource_id", "Missing value");
        var target = await access.ReadableAsync(resourceId, call.Caller, cancellationToken);
        var table = target.RequiredTable;
        var schema = table.Schema;
        return new Dictionary<string, object?>
        {
            ["meta"] = new Dictionary<string, object?>
            {
                ["id"] = target.Resource.Id,
                ["count"] = table.RowCount,
                ["table_type"] = "BASE TABLE",
                ["aliases"] = Array.Empty<string>(),
                ["primary_key"] = schema.PrimaryKey,
                ["last_modified"] = table.Modified,
            },
            ["fields"] = DatastoreRequest.FieldsOf(schema.Fields.Select(f => new Sql.ResultColumn(f.Id, f.Type)), schema),
            ["schema"] = schema.Fields.ToDictionary(f => f.Id, f => f.Type.CkanName(), StringComparer.Ordinal),
        };
    }
}
