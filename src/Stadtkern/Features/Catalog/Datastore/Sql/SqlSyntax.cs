namespace Stadtkern.Features.Catalog.Datastore.Sql;

/// <summary>Expressions of the accepted SQL subset.</summary>
internal abstract record SqlExpr;

internal sealed record ColumnExpr(string Name, bool Quoted, string? Qualifier) : SqlExpr;

internal sealed record StringExpr(string Value) : SqlExpr;

internal sealed record NumberExpr(string Text) : SqlExpr;

internal sealed record BooleanExpr(bool Value) : SqlExpr;

internal sealed record NullExpr : SqlExpr;

internal sealed record StarExpr : SqlExpr;

internal sealed record FunctionExpr(string Name, IReadOnlyList<SqlExpr> Arguments, bool Distinct) : SqlExpr;

internal sealed record UnaryExpr(string Operator, SqlExpr Operand) : SqlExpr;

internal sealed record BinaryExpr(string Operator, SqlExpr Left, SqlExpr Right) : SqlExpr;

internal sealed record LikeExpr(SqlExpr Value, SqlExpr Pattern, bool Negated, bool IgnoreCase) : SqlExpr;

internal sealed record InExpr(SqlExpr Value, IReadOnlyList<SqlExpr> Items, bool Negated) : SqlExpr;

internal sealed record BetweenExpr(SqlExpr Value, SqlExpr Low, SqlExpr High, bool Negated) : SqlExpr;

internal sealed record IsNullExpr(SqlExpr Value, bool Negated) : SqlExpr;

internal sealed record SelectItem(SqlExpr Expression, string? Alias);

internal sealed record OrderItem(SqlExpr Expression, bool Descending);

/// <summary>A parsed <c>SELECT</c>: one table (a resource id in double quotes), no joins, no sub-selects.</summary>
internal sealed record SelectStatement(
    bool Distinct,
    IReadOnlyList<SelectItem> Items,
    string Table,
    string? TableAlias,
    SqlExpr? Where,
    IReadOnlyList<SqlExpr> GroupBy,
    SqlExpr? Having,
    IReadOnlyList<OrderItem> OrderBy,
    long? Limit,
    long? Offset);
