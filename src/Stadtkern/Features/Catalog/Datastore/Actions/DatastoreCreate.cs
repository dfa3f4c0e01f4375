using System.Text.Json.Nodes;
using Stadtkern.Features.Catalog.Ckan;
using Stadtkern.Features.Catalog.Datastore.Model;
using Stadtkern.Features.Catalog.Store;

namespace Stadtkern.Features.Catalog.Datastore.Actions;

/// <summary>
/// CKAN <c>datastore_create</c>: creates the table of a resource (<c>resource_id</c>, or <c>resource</c> with a
/// <c>package_id</c> to create the resource first) with <c>fields</c> and <c>primary_key</c>, and inserts
/// <c>records</c>. Called again, it adds new fields and records; changing a field's type is refused.
/// </summary>
internal sealed class DatastoreCreate(DatastoreAccess access, DatastoreTables tables, DatastoreDatabase database, DatasetStore datasets) : ICkanAction
{
    public string Name => "datastore_create";

    public async Task<object?> ExecuteAsync(CkanCall call, CancellationToken cancellationToken)
    {
        var resourceId = call.String("resource_id") ?? await CreateResourceAsync(call, cancellationToken);
        var target = await access.WritableAsync(resourceId, call.Caller, cancellationToken);
        var fields = DatastoreRequest.Fields(call);
        var key = DatastoreRequest.PrimaryKey(call);
        var table = target.Table;
        if (table is null)
        {
            if (fields.Count == 0 && call.Parameters["records"] is JsonArray { Count: > 0 } array && array[0] is JsonObject first)
            {
                // CKAN guesses text fields from the first record when none are given.
                fields = [.. first.Where(p => p.Key != "_id").Select(p => new DatastoreField(p.Key, DatastoreType.Text))];
            }

            var schema = new DatastoreSchema(fields, key);
            Check(schema);
            table = await tables.CreateAsync(target.Resource.Id, schema, cancellationToken);
        }
        else
        {
            var schema = table.Schema;
            var added = new List<DatastoreField>();
            foreach (var field in fields)
            {
                var existing = schema.Find(field.Id);
                if (existing is null)
                {
                    added.Add(field);
                }
                else if (existing.Type != field.Type)
                {
                    throw CkanException.Validation("fields", $"Das Feld „{field.Id}“ hat schon den Typ {existing.Type.CkanName()}.");
                }
            }

            if (key.Count > 0 && !key.SequenceEqual(schema.PrimaryKey, StringComparer.Ordinal))
            {
                throw CkanException.Validation("primary_key", "Der Primärschlüssel einer bestehenden Tabelle kann nicht geändert werden.");
            }

            if (added.Count > 0)
            {
                Check(schema with { Fields = [.. schema.Fields, .. added] });
                table = await tables.ExtendAsync(table, added, cancellationToken);
            }
        }

        var records = DatastoreRequest.Records(call, table.Schema);
        await new WriteRecords(database).WriteAsync(table, records, "insert", cancellationToken);
        await tables.RefreshCountAsync(table, cancellationToken);
        var result = table.Schema;
        return new Dictionary<string, object?>
        {
            ["resource_id"] = target.Resource.Id,
            ["fields"] = DatastoreRequest.FieldsOf(result.Fields.Select(f => new Sql.ResultColumn(f.Id, f.Type)), result),
            ["primary_key"] = result.PrimaryKey,
            ["method"] = "insert",
        };
    }

    /// <summary>A resource that lives only in the datastore points at its dump, as in CKAN.</summary>
    private static string DumpUrl(CkanCall call, Guid id)
    {
        var request = call.Http.Request;
        var host = request.Host.HasValue ? request.Host.Value : "localhost";
        var scheme = string.IsNullOrEmpty(request.Scheme) ? "http" : request.Scheme;
        return $"{scheme}://{host}{request.PathBase}/datastore/dump/{id}";
    }

    private static void Check(DatastoreSchema schema)
    {
        var errors = ValidateSchema.Check(schema);
        if (errors.Count > 0)
        {
            throw CkanException.Validation(errors);
        }
    }

    /// <summary><c>resource: {package_id, name, url, format, ...}</c>: adds the resource to the dataset first, as CKAN does.</summary>
    private async Task<string> CreateResourceAsync(CkanCall call, CancellationToken cancellationToken)
    {
        if (call.Parameters["resource"] is not JsonObject resource)
        {
            throw CkanException.Validation("resource_id", "Missing value");
        }

        if (!call.Caller.IsSteward)
        {
            throw CkanException.NotAuthorized("Nur Datenverantwortliche dürfen den Datastore ändern.");
        }

        string? Text(string name) => resource[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var packageId = Text("package_id") ?? throw CkanException.Validation("resource", "package_id fehlt.");
        var dataset = await datasets.FindAsync(packageId, cancellationToken) ?? throw CkanException.NotFound("Datensatz nicht gefunden.");
        var input = await datasets.ToInputAsync(dataset, cancellationToken);
        var id = Guid.CreateVersion7();
        var updated = await datasets.UpdateAsync(dataset.Id.ToString(), input with
        {
            Resources = [.. input.Resources, new ResourceInput
            {
                Id = id,
                Name = Text("name") ?? "Datastore",
                Description = Text("description"),
                Url = Text("url") is { Length: > 0 } url ? url : DumpUrl(call, id),
                Format = Text("format") ?? "CSV",
            }],
        }, call.Caller, cancellationToken);
        if (!updated.Succeeded)
        {
            throw updated.NotFound ? CkanException.NotFound("Datensatz nicht gefunden.") : CkanException.Validation(updated.Errors);
        }

        return id.ToString();
    }
}
