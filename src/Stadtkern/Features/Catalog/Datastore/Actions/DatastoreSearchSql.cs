using Microsoft.Extensions.Options;
using Stadtkern.Features.Catalog.Ckan;
using Stadtkern.Features.Catalog.Datastore.Sql;

namespace Stadtkern.Features.Catalog.Datastore.Actions;

/// <summary>
/// CKAN <c>datastore_search_sql</c>: one read-only <c>SELECT</c> from the safe subset <see cref="ParseSelect"/>
/// accepts, over one datastore table of this tenant the caller may query, re-written with parameters, run
/// with a time limit and a row cap. Everything else is a Validation Error (409).
/// </summary>
internal sealed class DatastoreSearchSql(DatastoreAccess access, QueryDatastore query, IOptions<DatastoreOptions> options) : ICkanAction
{
    public string Name => "datastore_search_sql";

    public async Task<object?> ExecuteAsync(CkanCall call, CancellationToken cancellationToken)
    {
        var sql = call.RequiredString("sql");
        SelectStatement statement;
        try
        {
            statement = ParseSelect.Parse(sql);
        }
        catch (SqlRejectedException e)
        {
            throw Invalid(e.Message);
        }

        if (!Guid.TryParse(statement.Table, out _))
        {
            throw Invalid($"„{statement.Table}“ ist keine Datastore-Tabelle; nach FROM steht die Ressourcen-ID in doppelten Anführungszeichen.");
        }

        DatastoreTarget target;
        try
        {
            target = await access.ReadableAsync(statement.Table, call.Caller, cancellationToken);
        }
        catch (CkanException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            throw Invalid($"Die Tabelle „{statement.Table}“ gibt es hier nicht.");
        }

        if (target.Table is not { } table)
        {
            throw Invalid($"Die Ressource „{statement.Table}“ hat keine Datastore-Tabelle.");
        }

        RenderedQuery rendered;
        try
        {
            rendered = RenderSelect.Render(statement, table, options.Value.SqlMaxRows);
        }
        catch (SqlRejectedException e)
        {
            throw Invalid(e.Message);
        }

        try
        {
            var (rows, truncated) = await query.RunAsync(rendered, options.Value.SqlMaxRows, cancellationToken);
            var result = new Dictionary<string, object?>
            {
                ["sql"] = sql,
                ["fields"] = DatastoreRequest.FieldsOf(rendered.Columns, null),
                ["records"] = DatastoreSearch.Records("objects", rendered.Columns, rows),
            };
            if (truncated)
            {
                result["records_truncated"] = true;
            }

            return result;
        }
        catch (QueryTimeoutException e)
        {
            throw Invalid(e.Message);
        }
        catch (System.Data.Common.DbException e)
        {
            throw Invalid("Die Datenbank hat die Abfrage abgelehnt: " + e.Message);
        }
    }

    private static CkanException Invalid(string message) =>
        new(StatusCodes.Status409Conflict, "Validation Error", message, new Dictionary<string, string[]> { ["query"] = [message] });
}
