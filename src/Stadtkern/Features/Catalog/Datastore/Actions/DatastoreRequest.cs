using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stadtkern.Features.Catalog.Ckan;
using Stadtkern.Features.Catalog.Datastore.Model;
using Stadtkern.Features.Catalog.Datastore.Sql;

namespace Stadtkern.Features.Catalog.Datastore.Actions;

/// <summary>Reading the parameters the <c>datastore_*</c> actions share, and writing their common response parts.</summary>
internal static class DatastoreRequest
{
    /// <summary><c>fields</c> as CKAN sends them: <c>[{"id": "name", "type": "text", "info": {"label": "..."}}]</c>.</summary>
    public static List<DatastoreField> Fields(CkanCall call)
    {
        if (!call.Has("fields"))
        {
            return [];
        }

        if (call.Parameters["fields"] is not JsonArray array)
        {
            throw CkanException.Validation("fields", "Muss eine Liste von Feldern sein.");
        }

        var fields = new List<DatastoreField>();
        foreach (var item in array)
        {
            if (item is not JsonObject field || field["id"] is not JsonValue idValue || !idValue.TryGetValue<string>(out var id))
            {
                throw CkanException.Validation("fields", "Jedes Feld braucht eine id.");
            }

            var typeText = field["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : "text";
            if (!DatastoreTypes.TryParse(typeText, out var type))
            {
                throw CkanException.Validation("fields", $"Unbekannter Typ „{typeText}“ für „{id}“.");
            }

            var label = field["info"] is JsonObject info && info["label"] is JsonValue l && l.TryGetValue<string>(out var labelText) ? labelText : null;
            fields.Add(new DatastoreField(id, type, label));
        }

        return fields;
    }

    /// <summary><c>primary_key</c> as a list or a comma-separated string.</summary>
    public static List<string> PrimaryKey(CkanCall call) => call.Parameters["primary_key"] switch
    {
        null => [],
        JsonArray array => [.. array.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s.Trim() : throw CkanException.Validation("primary_key", "Muss aus Feldnamen bestehen."))],
        JsonValue value when value.TryGetValue<string>(out var text) => [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        _ => throw CkanException.Validation("primary_key", "Muss ein Feldname oder eine Liste sein."),
    };

    /// <summary><c>records</c>: a list of objects, each converted to the table's types (all or nothing).</summary>
    public static List<Dictionary<string, object?>> Records(CkanCall call, DatastoreSchema schema)
    {
        if (!call.Has("records"))
        {
            return [];
        }

        if (call.Parameters["records"] is not JsonArray array)
        {
            throw CkanException.Validation("records", "Muss eine Liste von Objekten sein.");
        }

        var problems = new List<string>();
        var records = new List<Dictionary<string, object?>>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject record)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"Datensatz {i + 1}: kein Objekt."));
                continue;
            }

            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (key, node) in record)
            {
                if (key == "_id")
                {
                    values[key] = ToValue(node, new DatastoreField("_id", DatastoreType.Integer), out var idError);
                    if (idError is not null)
                    {
                        problems.Add(string.Create(CultureInfo.InvariantCulture, $"Datensatz {i + 1}, _id: {idError}"));
                    }

                    continue;
                }

                if (schema.Find(key) is not { } field)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"Datensatz {i + 1}: das Feld „{key}“ gibt es in der Tabelle nicht."));
                    continue;
                }

                values[key] = ToValue(node, field, out var error);
                if (error is not null)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"Datensatz {i + 1}, {key}: {error}"));
                }
            }

            records.Add(values);
            if (problems.Count >= 20)
            {
                break;
            }
        }

        return problems.Count > 0
            ? throw CkanException.Validation(new Dictionary<string, string[]> { ["records"] = [.. problems] })
            : records;
    }

    /// <summary>A JSON value as the CLR value of <paramref name="field"/>'s type; JSON numbers use the decimal point, texts either notation.</summary>
    public static object? ToValue(JsonNode? node, DatastoreField field, out string? error)
    {
        error = null;
        string text;
        switch (node)
        {
            case null:
                return null;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                text = value.GetValue<string>();
                if (text.Length == 0 && field.Type != DatastoreType.Text)
                {
                    return null;
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                text = value.ToJsonString();
                if (field.Type == DatastoreType.Text)
                {
                    return text;
                }

                return ParseValue.TryConvert(text, field with { DecimalComma = false }, false, out var number, out var numberError) ? number : Fail(numberError, out error);
            case JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                text = value.GetValue<bool>() ? "true" : "false";
                break;
            default:
                text = node.ToJsonString();
                break;
        }

        return ParseValue.TryConvert(text, field with { DecimalComma = null }, false, out var converted, out var convertError) ? converted : Fail(convertError, out error);
    }

    private static object? Fail(string message, out string? error)
    {
        error = message;
        return null;
    }

    /// <summary>The <c>fields</c> of a response: <c>_id</c> first, then the table's columns with their label.</summary>
    public static List<object> FieldsOf(IEnumerable<ResultColumn> columns, DatastoreSchema? schema) =>
        [.. columns.Select(c => schema?.Find(c.Id) is { } field
            ? (object)new { id = field.Id, type = field.Type.CkanName(), info = new { label = field.Label ?? field.Id } }
            : new { id = c.Id, type = c.Type?.CkanName() ?? "text" })];

    public static IEnumerable<ResultColumn> AllColumns(DatastoreSchema schema) =>
        new[] { new ResultColumn("_id", DatastoreType.Integer) }.Concat(schema.Fields.Select(f => new ResultColumn(f.Id, f.Type)));

    /// <summary>
    /// <c>filters</c>: <c>{"column": value}</c> or <c>{"column": [value, ...]}</c>, values converted to the
    /// column's type; returns the SQL conditions (ANDed) and adds parameters.
    /// </summary>
    public static List<string> Filters(CkanCall call, DatastoreSchema schema, List<SqlParameterValue> parameters)
    {
        var conditions = new List<string>();
        if (!call.Has("filters"))
        {
            return conditions;
        }

        var filters = call.Parameters["filters"] switch
        {
            JsonObject o => o,
            JsonValue v when v.TryGetValue<string>(out var s) => Parse(s, "filters"),
            _ => throw CkanException.Validation("filters", "Muss ein Objekt sein."),
        };
        foreach (var (key, node) in filters)
        {
            var field = Column(schema, key, "filters");
            var values = node is JsonArray array ? array.ToList() : [node];
            var names = new List<string>();
            foreach (var item in values)
            {
                var value = ToValue(item, field, out var error);
                if (error is not null)
                {
                    throw CkanException.Validation("filters", $"{key}: {error}");
                }

                if (value is null)
                {
                    continue;
                }

                var name = string.Create(CultureInfo.InvariantCulture, $"@f{parameters.Count}");
                parameters.Add(new SqlParameterValue(name, field.Type, value));
                names.Add(name);
            }

            var column = DatastoreDatabase.Quote(field.Id);
            var nulls = values.Any(v => v is null);
            var condition = names.Count switch
            {
                0 => $"{column} IS NULL",
                1 => $"{column} = {names[0]}",
                _ => $"{column} IN ({string.Join(", ", names)})",
            };
            conditions.Add(nulls && names.Count > 0 ? $"({condition} OR {column} IS NULL)" : condition);
        }

        return conditions;
    }

    public static DatastoreField Column(DatastoreSchema schema, string id, string parameter) =>
        id == "_id" ? new DatastoreField("_id", DatastoreType.Integer)
        : schema.Find(id) ?? throw CkanException.Validation(parameter, $"Das Feld „{id}“ gibt es in der Tabelle nicht.");

    public static JsonObject Parse(string json, string parameter)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? throw CkanException.Validation(parameter, "Muss ein JSON-Objekt sein.");
        }
        catch (JsonException)
        {
            throw CkanException.Validation(parameter, "Muss ein JSON-Objekt sein.");
        }
    }

    /// <summary>Values as one CSV line (comma, quotes where needed), for <c>records_format=csv</c> and dumps.</summary>
    public static string CsvLine(IEnumerable<object?> values)
    {
        var line = new StringBuilder();
        var first = true;
        foreach (var value in values)
        {
            line.Append(first ? "" : ",");
            first = false;
            var text = DatastoreDatabase.Text(value);
            line.Append(text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text);
        }

        return line.ToString();
    }
}
