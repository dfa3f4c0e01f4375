namespace Stadtkern.Features.Sensing.Query.Filter;

/// <summary>A node of a parsed <c>$filter</c> or <c>$orderby</c> expression. <see cref="Position"/> is the 0-based offset in the text.</summary>
internal abstract record FilterNode(int Position);

/// <summary>The kinds of literal the SensorThings/OData syntax has.</summary>
internal enum LiteralKind
{
    Null,
    Boolean,
    /// <summary>A 64-bit integer (<see cref="long"/>).</summary>
    Integer,
    /// <summary>A decimal or double; held as <see cref="double"/> because the stores hold doubles.</summary>
    Number,
    String,
    /// <summary>An instant (<see cref="DateTimeOffset"/>).</summary>
    DateTime,
    /// <summary>A calendar date (<see cref="DateOnly"/>).</summary>
    Date,
    /// <summary>A time of day (<see cref="TimeOnly"/>).</summary>
    TimeOfDay,
    /// <summary>A duration (<see cref="TimeSpan"/>).</summary>
    Duration,
    /// <summary>A time interval (<see cref="TimeInterval"/>).</summary>
    Interval,
    /// <summary>A geometry as WKT text, validated, in EPSG:4326 (<see cref="string"/>).</summary>
    Geometry,
}

/// <summary>An ISO 8601 interval <c>start/end</c>: start inclusive, end exclusive.</summary>
internal readonly record struct TimeInterval(DateTimeOffset Start, DateTimeOffset End);

internal sealed record LiteralNode(int Position, LiteralKind Kind, object? Value) : FilterNode(Position);

/// <summary>A property path: <c>name</c>, <c>Datastream/Thing/name</c>, <c>properties/owner/id</c>, or one starting at a lambda variable.</summary>
internal sealed record PathNode(int Position, IReadOnlyList<string> Segments) : FilterNode(Position)
{
    public override string ToString() => string.Join('/', Segments);
}

internal enum UnaryOperator
{
    Not,
    Negate,
}

internal sealed record UnaryNode(int Position, UnaryOperator Operator, FilterNode Operand) : FilterNode(Position);

internal enum BinaryOperator
{
    And,
    Or,
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

internal sealed record BinaryNode(int Position, BinaryOperator Operator, FilterNode Left, FilterNode Right) : FilterNode(Position);

/// <summary><c>left in (item, item, ...)</c>.</summary>
internal sealed record InNode(int Position, FilterNode Left, IReadOnlyList<FilterNode> Items) : FilterNode(Position);

/// <summary>A function call; <see cref="Name"/> is lower case (<c>geo.distance</c>, <c>st_within</c>, <c>year</c>).</summary>
internal sealed record FunctionNode(int Position, string Name, IReadOnlyList<FilterNode> Arguments) : FilterNode(Position);

/// <summary>
/// <c>Collection/any(v: predicate)</c> or <c>Collection/all(v: predicate)</c>. <see cref="Variable"/> and <see cref="Predicate"/> are null
/// for <c>any()</c> (true when the collection is not empty).
/// </summary>
internal sealed record LambdaNode(int Position, PathNode Collection, bool IsAll, string? Variable, FilterNode? Predicate) : FilterNode(Position);

/// <summary>One <c>$orderby</c> item.</summary>
internal sealed record OrderByItem(FilterNode Expression, bool Descending);
