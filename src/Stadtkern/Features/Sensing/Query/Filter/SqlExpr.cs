namespace Stadtkern.Features.Sensing.Query.Filter;

/// <summary>What a translated expression holds, which decides the SQL around it.</summary>
internal enum SqlType
{
    /// <summary>A literal <c>null</c>.</summary>
    Null,
    Boolean,
    Integer,
    Number,
    String,
    /// <summary>An instant; <see cref="SqlExpr.EndSql"/> is set for intervals (time interval properties and interval literals).</summary>
    Time,
    Date,
    TimeOfDay,
    Duration,
    Geometry,
    /// <summary>A value inside a JSON column whose type is known only at run time.</summary>
    Json,
    /// <summary>An Observation result (number, string, boolean or JSON depending on the row's result_kind).</summary>
    Result,
}

/// <summary>
/// A translated expression. <see cref="Sql"/> is its default SQL; JSON values and results carry what is needed to produce a typed form
/// (<see cref="JsonColumn"/>/<see cref="JsonPath"/>, <see cref="ResultAlias"/>) inside <see cref="Wrap"/>, the correlated subquery of a
/// to-one navigation path (identity for the entity's own columns).
/// </summary>
internal sealed record SqlExpr(SqlType Type, string Sql)
{
    /// <summary>For an interval: its end (null SQL value for an instant).</summary>
    public string? EndSql { get; init; }

    public string? JsonColumn { get; init; }

    /// <summary>The placeholder of the JSON path parameter.</summary>
    public string? JsonPath { get; init; }

    public string? ResultAlias { get; init; }

    /// <summary>For a geometry column of the entity itself with a bounding box (min_x..max_y): the alias, for a prefilter.</summary>
    public string? BoxAlias { get; init; }

    public LiteralNode? Literal { get; init; }

    public Func<string, string> Wrap { get; init; } = static s => s;

    public bool IsNumeric => Type is SqlType.Integer or SqlType.Number;
}
