using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Stadtkern.Features.Catalog.Ckan;
using Stadtkern.Features.Catalog.Datastore.Model;
using Stadtkern.Features.Catalog.Datastore.Sql;

namespace Stadtkern.Features.Catalog.Datastore.Actions;

/// <summary>
/// CKAN <c>datastore_search</c>: filters, full-text <c>q</c> (a string over all text columns, or per column),
/// <c>fields</c>, <c>sort</c>, <c>limit</c>/<c>offset</c>, <c>include_total</c> and the records formats
/// <c>objects</c>, <c>lists</c> and <c>csv</c>; the response has CKAN's shape including <c>_links</c>.
/// </summary>
internal sealed class DatastoreSearch(DatastoreAccess access, QueryDatastore query) : ICkanAction
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 32000;

    public string Name => "datastore_search";

    public async Task<object?> ExecuteAsync(CkanCall call, CancellationToken cancellationToken)
    {
        var resourceId = call.String("resource_id") ?? call.String("id") ?? throw CkanException.Validation("resource_id", "Missing value");
        var target = await access.ReadableAsync(resourceId, call.Caller, cancellationToken);
        var table = target.RequiredTable;
        var schema = table.Schema;
        var limit = call.Int("limit", DefaultLimit, 0, MaxLimit);
        var offset = call.Int("offset", 0, 0, int.MaxValue);
        var includeTotal = call.Bool("include_total", true);
        var format = call.String("records_format") ?? "objects";
        if (format is not ("objects" or "lists" or "csv"))
        {
            throw CkanException.Validation("records_format", "Erlaubt sind objects, lists und csv.");
        }

        var columns = Columns(call, schema);
        var parameters = new List<SqlParameterValue>();
        var conditions = DatastoreRequest.Filters(call, schema, parameters);
        conditions.AddRange(FullText(call, schema, parameters));
        var where = conditions.Count > 0 ? " WHERE " + string.Join(" AND ", conditions) : "";
        var from = " FROM " + DatastoreDatabase.Quote(table.TableName) + where;
        var sql = new StringBuilder("SELECT ").AppendJoin(", ", columns.Select(c => DatastoreDatabase.Quote(c.Id))).Append(from)
            .Append(" ORDER BY ").Append(Sort(call, schema))
            .Append(CultureInfo.InvariantCulture, $" LIMIT {limit} OFFSET {offset}");
        try
        {
            var (rows, _) = await query.RunAsync(new RenderedQuery(sql.ToString(), parameters, columns), limit, cancellationToken);
            long? total = includeTotal
                ? await query.ScalarAsync(new RenderedQuery("SELECT count(*)" + from, parameters, [new ResultColumn("count", DatastoreType.Integer)]), cancellationToken)
                : null;
            var start = $"{call.Http.Request.PathBase}/api/3/action/datastore_search?resource_id={Uri.EscapeDataString(resourceId)}"
                + (call.Has("limit") ? string.Create(CultureInfo.InvariantCulture, $"&limit={limit}") : "");
            var result = new Dictionary<string, object?>
            {
                ["include_total"] = includeTotal,
                ["resource_id"] = target.Resource.Id,
                ["fields"] = DatastoreRequest.FieldsOf(columns, schema),
                ["records_format"] = format,
                ["records"] = Records(format, columns, rows),
                ["limit"] = limit,
                ["offset"] = offset,
                ["_links"] = new Dictionary<string, string>
                {
                    ["start"] = start,
                    ["next"] = start + string.Create(CultureInfo.InvariantCulture, $"&offset={offset + limit}"),
                },
            };
            if (total is not null)
            {
                result["total"] = total;
            }

            return result;
        }
        catch (QueryTimeoutException e)
        {
            throw CkanException.SearchQuery(e.Message);
        }
        catch (System.Data.Common.DbException e)
        {
            throw CkanException.SearchQuery("Die Suche ist fehlgeschlagen: " + e.Message);
        }
    }

    public static object Records(string format, IReadOnlyList<ResultColumn> columns, List<object?[]> rows) => format switch
    {
        "lists" => rows,
        "csv" => string.Concat(rows.Select(r => DatastoreRequest.CsvLine(r) + "\n")),
        _ => rows.Select(r =>
        {
            var record = new Dictionary<string, object?>(columns.Count, StringComparer.Ordinal);
            for (var i = 0; i < columns.Count; i++)
            {
                record[columns[i].Id] = r[i];
            }

            return record;
        }).ToList(),
    };

    private static List<ResultColumn> Columns(CkanCall call, DatastoreSchema schema)
    {
        var all = DatastoreRequest.AllColumns(schema).ToList();
        var names = call.Parameters["fields"] switch
        {
            null => null,
            JsonArray array => array.Select(n => n?.GetValue<string>() ?? "").ToList(),
            JsonValue value when value.TryGetValue<string>(out var text) => [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            _ => throw CkanException.Validation("fields", "Muss eine Liste von Feldnamen sein."),
        };
        if (names is null || names.Count == 0)
        {
            return all;
        }

        return [.. names.Select(n => all.FirstOrDefault(c => c.Id == n) ?? throw CkanException.Validation("fields", $"Das Feld „{n}“ gibt es in der Tabelle nicht."))];
    }

    /// <summary><c>sort</c>: <c>"col desc, col2"</c>; columns only, <c>asc</c>/<c>desc</c>, default the row order.</summary>
    private static string Sort(CkanCall call, DatastoreSchema schema)
    {
        var sort = call.String("sort");
        if (string.IsNullOrWhiteSpace(sort))
        {
            return "\"_id\"";
        }

        var parts = new List<string>();
        foreach (var part in sort.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var name = words[0].Trim('"');
            var direction = words.Length switch
            {
                1 => "ASC",
                2 when words[1].Equals("asc", StringComparison.OrdinalIgnoreCase) => "ASC",
                2 when words[1].Equals("desc", StringComparison.OrdinalIgnoreCase) => "DESC",
                _ => throw CkanException.Validation("sort", $"„{part}“: erwartet wird „Feld“ oder „Feld desc“."),
            };
            // Empty values last in both directions and on both databases (their defaults differ).
            parts.Add(DatastoreDatabase.Quote(DatastoreRequest.Column(schema, name, "sort").Id) + " " + direction + " NULLS LAST");
        }

        parts.Add("\"_id\"");
        return string.Join(", ", parts);
    }

    /// <summary><c>q</c>: every word must occur (case-insensitively) in some text column; as an object, per column.</summary>
    private static IEnumerable<string> FullText(CkanCall call, DatastoreSchema schema, List<SqlParameterValue> parameters)
    {
        var q = call.Parameters["q"];
        if (q is null)
        {
            yield break;
        }

        if (q is JsonValue value && value.TryGetValue<string>(out var text) && text.TrimStart().StartsWith('{'))
        {
            q = DatastoreRequest.Parse(text, "q");
        }

        if (q is JsonObject perColumn)
        {
            foreach (var (key, node) in perColumn)
            {
                var field = DatastoreRequest.Column(schema, key, "q");
                var words = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";
                foreach (var word in Words(words))
                {
                    yield return Contains([field], word, parameters);
                }
            }

            yield break;
        }

        var textColumns = schema.Fields.Where(f => f.Type == DatastoreType.Text).ToList();
        if (textColumns.Count == 0)
        {
            textColumns = [.. schema.Fields.Where(f => f.Type != DatastoreType.Geometry)];
        }

        foreach (var word in Words(call.String("q") ?? ""))
        {
            yield return textColumns.Count == 0 ? "1 = 0" : Contains(textColumns, word, parameters);
        }
    }

    private static IEnumerable<string> Words(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(20);

    private static string Contains(IReadOnlyList<DatastoreField> fields, string word, List<SqlParameterValue> parameters)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"@w{parameters.Count}");
        var escaped = word.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
        parameters.Add(new SqlParameterValue(name, DatastoreType.Text, "%" + escaped + "%"));
        return "(" + string.Join(" OR ", fields.Select(f => $"lower(CAST({DatastoreDatabase.Quote(f.Id)} AS TEXT)) LIKE {name} ESCAPE '\\'")) + ")";
    }
}
