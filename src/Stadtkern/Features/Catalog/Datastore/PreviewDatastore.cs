using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Ckan;
using Stadtkern.Features.Catalog.Datastore.Model;
using Stadtkern.Features.Catalog.Datastore.Sql;

namespace Stadtkern.Features.Catalog.Datastore;

/// <summary>What the preview shows: the first rows, the columns, and whether a map can be drawn.</summary>
internal sealed record DatastorePreview(Guid ResourceId, DatastoreSchema? Schema, long RowCount, IReadOnlyList<object?[]> Rows, string? Notice)
{
    public bool HasMap => Schema?.Fields.Any(f => f.Type == DatastoreType.Geometry) == true;
}

/// <summary>
/// The public preview of a resource's datastore table for dataset pages: the first rows as a table and a
/// Leaflet map when there is a geometry column. Asks <see cref="DataAccess"/> first. In a page:
/// <c>@inject PreviewDatastore Preview</c> and
/// <c>&lt;partial name="_DatastorePreview" model="await Preview.LoadAsync(resourceId, User, ct)" /&gt;</c>.
/// </summary>
internal sealed class PreviewDatastore(DatastoreAccess access, QueryDatastore query)
{
    public const int Rows = 50;

    public async Task<DatastorePreview> LoadAsync(Guid resourceId, System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        DatastoreTable table;
        try
        {
            var target = await access.ReadableAsync(resourceId.ToString(), CatalogCaller.From(user), cancellationToken);
            if (target.Table is null)
            {
                return new DatastorePreview(resourceId, null, 0, [], "Für diese Ressource gibt es keine Tabellenvorschau.");
            }

            table = target.Table;
        }
        catch (CkanException e)
        {
            return new DatastorePreview(resourceId, null, 0, [], e.Status == StatusCodes.Status403Forbidden
                ? "Die Daten dieses Datensatzes sind zugangsbeschränkt."
                : "Für diese Ressource gibt es keine Tabellenvorschau.");
        }

        var columns = table.Schema.Fields.Select(f => new ResultColumn(f.Id, f.Type)).ToList();
        var sql = $"SELECT {string.Join(", ", columns.Select(c => DatastoreDatabase.Quote(c.Id)))} FROM {DatastoreDatabase.Quote(table.TableName)} ORDER BY \"_id\" LIMIT {Rows}";
        try
        {
            var (rows, _) = await query.RunAsync(new RenderedQuery(sql, [], columns), Rows, cancellationToken);
            return new DatastorePreview(resourceId, table.Schema, table.RowCount, rows, null);
        }
        catch (QueryTimeoutException)
        {
            return new DatastorePreview(resourceId, null, 0, [], "Die Vorschau ist gerade nicht verfügbar.");
        }
    }

    public static string Cell(object? value) => value switch
    {
        System.Text.Json.Nodes.JsonNode node => node["type"]?.ToString() ?? "Geometrie",
        bool b => b ? "ja" : "nein",
        decimal d => d.ToString("#,##0.########", System.Globalization.CultureInfo.GetCultureInfo("de-DE")),
        _ => DatastoreDatabase.Text(value),
    };
}
