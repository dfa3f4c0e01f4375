namespace Stadtkern.Features.Catalog.Datastore.Model;

/// <summary>The column types of a datastore table; a column gets the narrowest type all its non-empty values fit.</summary>
internal enum DatastoreType
{
    Text,
    Integer,
    Numeric,
    Boolean,
    Date,
    Timestamp,

    /// <summary>A GeoJSON geometry, kept as its JSON text (jsonb on PostgreSQL).</summary>
    Geometry,
}

internal static class DatastoreTypes
{
    public static string Key(this DatastoreType type) => type switch
    {
        DatastoreType.Text => "text",
        DatastoreType.Integer => "integer",
        DatastoreType.Numeric => "numeric",
        DatastoreType.Boolean => "boolean",
        DatastoreType.Date => "date",
        DatastoreType.Timestamp => "timestamp",
        DatastoreType.Geometry => "geometry",
    };

    /// <summary>The type name CKAN clients know (<c>int</c>, <c>bool</c>, ...), as <c>datastore_search</c> reports it.</summary>
    public static string CkanName(this DatastoreType type) => type switch
    {
        DatastoreType.Text => "text",
        DatastoreType.Integer => "int",
        DatastoreType.Numeric => "numeric",
        DatastoreType.Boolean => "bool",
        DatastoreType.Date => "date",
        DatastoreType.Timestamp => "timestamp",
        DatastoreType.Geometry => "geometry",
    };

    /// <summary>German label for the schema editor.</summary>
    public static string Label(this DatastoreType type) => type switch
    {
        DatastoreType.Text => "Text",
        DatastoreType.Integer => "Ganzzahl",
        DatastoreType.Numeric => "Dezimalzahl",
        DatastoreType.Boolean => "Wahrheitswert",
        DatastoreType.Date => "Datum",
        DatastoreType.Timestamp => "Zeitpunkt",
        DatastoreType.Geometry => "Geometrie (GeoJSON)",
    };

    /// <summary>Our names plus the PostgreSQL/CKAN type names clients send to <c>datastore_create</c>.</summary>
    public static bool TryParse(string? value, out DatastoreType type)
    {
        type = value?.Trim().ToLowerInvariant() switch
        {
            "text" or "string" or "varchar" or "json" => DatastoreType.Text,
            "integer" or "int" or "int4" or "int8" or "bigint" or "smallint" => DatastoreType.Integer,
            "numeric" or "float" or "float8" or "float4" or "double" or "double precision" or "real" or "number" or "decimal" => DatastoreType.Numeric,
            "boolean" or "bool" => DatastoreType.Boolean,
            "date" => DatastoreType.Date,
            "timestamp" or "timestamptz" or "datetime" => DatastoreType.Timestamp,
            "geometry" or "geojson" => DatastoreType.Geometry,
            _ => (DatastoreType)(-1),
        };
        return Enum.IsDefined(type);
    }
}
