namespace Stadtkern.Features.Sensing.Query.Filter;

/// <summary>The functions of the SensorThings 1.1 filter language with their number of arguments.</summary>
internal static class FilterFunctions
{
    public static readonly IReadOnlyDictionary<string, (int Min, int Max)> Arity = new Dictionary<string, (int, int)>(StringComparer.Ordinal)
    {
        // Strings
        ["substringof"] = (2, 2),
        ["contains"] = (2, 2),
        ["endswith"] = (2, 2),
        ["startswith"] = (2, 2),
        ["length"] = (1, 1),
        ["indexof"] = (2, 2),
        ["substring"] = (2, 3),
        ["tolower"] = (1, 1),
        ["toupper"] = (1, 1),
        ["trim"] = (1, 1),
        ["concat"] = (2, 2),

        // Date and time
        ["year"] = (1, 1),
        ["month"] = (1, 1),
        ["day"] = (1, 1),
        ["hour"] = (1, 1),
        ["minute"] = (1, 1),
        ["second"] = (1, 1),
        ["fractionalseconds"] = (1, 1),
        ["date"] = (1, 1),
        ["time"] = (1, 1),
        ["totaloffsetminutes"] = (1, 1),
        ["now"] = (0, 0),
        ["mindatetime"] = (0, 0),
        ["maxdatetime"] = (0, 0),

        // Math
        ["round"] = (1, 1),
        ["floor"] = (1, 1),
        ["ceiling"] = (1, 1),

        // Geo
        ["geo.distance"] = (2, 2),
        ["geo.length"] = (1, 1),
        ["geo.intersects"] = (2, 2),
        ["st_equals"] = (2, 2),
        ["st_disjoint"] = (2, 2),
        ["st_touches"] = (2, 2),
        ["st_within"] = (2, 2),
        ["st_overlaps"] = (2, 2),
        ["st_crosses"] = (2, 2),
        ["st_intersects"] = (2, 2),
        ["st_contains"] = (2, 2),
        ["st_relate"] = (3, 3),
    };

    /// <summary>The spatial predicates: function name → the relation, as named by PostGIS (<c>ST_Within</c>) and by the SQLite functions.</summary>
    public static readonly IReadOnlyDictionary<string, string> SpatialPredicates = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["geo.intersects"] = "intersects",
        ["st_intersects"] = "intersects",
        ["st_equals"] = "equals",
        ["st_disjoint"] = "disjoint",
        ["st_touches"] = "touches",
        ["st_within"] = "within",
        ["st_overlaps"] = "overlaps",
        ["st_crosses"] = "crosses",
        ["st_contains"] = "contains",
    };
}
