using Stadtkern.Features.Catalog.Datastore.Model;

namespace Stadtkern.Features.Catalog.Datastore;

/// <summary>Checks a schema from the editor or a client: at least one column, valid unique ids, a key of existing columns.</summary>
internal static class ValidateSchema
{
    public static Dictionary<string, string[]> Check(DatastoreSchema schema)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string key, string message)
        {
            if (!errors.TryGetValue(key, out var list))
            {
                errors[key] = list = [];
            }

            list.Add(message);
        }

        if (schema.Fields.Count == 0)
        {
            Add("fields", "Die Tabelle braucht mindestens eine Spalte.");
        }

        if (schema.Fields.Count > 1000)
        {
            Add("fields", "Eine Tabelle kann höchstens 1000 Spalten haben.");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in schema.Fields)
        {
            if (ColumnNames.Problem(field.Id) is { } problem)
            {
                Add("fields", problem);
            }
            else if (!seen.Add(field.Id))
            {
                Add("fields", $"Der Spaltenname „{field.Id}“ kommt mehrfach vor.");
            }

            if (!Enum.IsDefined(field.Type))
            {
                Add("fields", $"Die Spalte „{field.Id}“ hat keinen gültigen Typ.");
            }
        }

        foreach (var key in schema.PrimaryKey)
        {
            if (schema.Find(key) is null)
            {
                Add("primary_key", $"Den Schlüssel „{key}“ gibt es nicht als Spalte.");
            }
            else if (schema.Find(key)!.Type == DatastoreType.Geometry)
            {
                Add("primary_key", $"Eine Geometrie („{key}“) kann kein Schlüssel sein.");
            }
        }

        if (schema.PrimaryKey.Distinct(StringComparer.Ordinal).Count() != schema.PrimaryKey.Count)
        {
            Add("primary_key", "Eine Spalte steht mehrfach im Schlüssel.");
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }
}
