using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Stadtkern.Features.Sensing.Schema;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Query.Filter;

/// <summary>
/// Turns one parsed expression into SQL for one provider. Every literal becomes a parameter; identifiers in the SQL come only from
/// <see cref="SensingSchema"/> and from aliases generated here. One instance per translation (it numbers its aliases).
/// </summary>
internal sealed partial class FilterSqlBuilder
{
    private static readonly DateTimeOffsetToBinaryConverter TimeConverter = new();

    private readonly SqlParameters parameters;
    private readonly SensingRowGuard? guard;
    private readonly DateTimeOffset now;
    private readonly Scope root;
    private readonly string aliasPrefix;
    private int aliasCounter;

    public FilterSqlBuilder(SensingEntitySet set, string alias, SqlParameters parameters, SensingRowGuard? guard, DateTimeOffset now)
    {
        this.parameters = parameters;
        this.guard = guard;
        this.now = now;
        root = new Scope(set, alias, null, null);
        aliasPrefix = alias + "_f";
    }

    private bool IsPostgres => parameters.Provider == DatabaseProvider.Postgres;

    /// <summary>A place paths start from: the entity of the query, or a lambda variable bound to a navigated row.</summary>
    private sealed record Scope(SensingEntitySet Set, string Alias, string? Variable, Scope? Parent)
    {
        public Scope? Find(string variable) => Variable == variable ? this : Parent?.Find(variable);

        public Scope Root => Parent?.Root ?? this;
    }

    /// <summary>Translates a <c>$filter</c> expression into a boolean SQL condition.</summary>
    public string Condition(FilterNode node) => Boolean(node, root);

    /// <summary>Translates <c>$orderby</c> items into the body of an ORDER BY clause.</summary>
    public string OrderBy(IReadOnlyList<OrderByItem> items)
    {
        var terms = new List<string>();
        foreach (var item in items)
        {
            if (FindCollectionPath(item.Expression, root) is not null)
            {
                throw FilterLexer.Error(item.Expression.Position, "$orderby cannot sort by a property of a collection (e.g. Datastreams/name)");
            }

            // Nulls sort as PostgreSQL sorts them by default (as if larger than every value); SQLite is told so explicitly.
            var direction = (item.Descending, IsPostgres) switch
            {
                (true, true) => " DESC",
                (false, true) => " ASC",
                (true, false) => " DESC NULLS FIRST",
                (false, false) => " ASC NULLS LAST",
            };
            var expr = Value(item.Expression, root);
            if (expr.Type == SqlType.Null)
            {
                // Sorting by null changes nothing, and PostgreSQL refuses a bare constant in ORDER BY.
                continue;
            }

            switch (expr.Type)
            {
                case SqlType.Geometry:
                    throw FilterLexer.Error(item.Expression.Position, "a geometry cannot be sorted (sort by geo.distance(...) instead)");
                case SqlType.Result:
                    terms.Add(expr.Wrap($"{expr.ResultAlias}.result_number") + direction);
                    terms.Add(expr.Wrap($"{expr.ResultAlias}.result_string") + Collate + direction);
                    break;
                case SqlType.Json:
                    terms.Add(expr.Wrap(IsPostgres ? $"({expr.JsonColumn} #> {expr.JsonPath})" : $"json_extract({expr.JsonColumn}, {expr.JsonPath})") + direction);
                    break;
                case SqlType.String:
                    terms.Add(expr.Sql + Collate + direction);
                    break;
                case SqlType.Null:
                case SqlType.Boolean:
                case SqlType.Integer:
                case SqlType.Number:
                case SqlType.Time:
                case SqlType.Date:
                case SqlType.TimeOfDay:
                case SqlType.Duration:
                    terms.Add(expr.Sql + direction);
                    break;
            }
        }

        return terms.Count == 0 ? $"{root.Alias}.id" : string.Join(", ", terms);
    }

    private string Collate => IsPostgres ? " COLLATE \"C\"" : "";

    private string NextAlias() => aliasPrefix + (++aliasCounter).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string Param(object? value) => parameters.Add(value);

    private static string True => "(1 = 1)";

    private static string False => "(1 = 0)";

    // ---------------------------------------------------------------- boolean context

    private string Boolean(FilterNode node, Scope scope)
    {
        switch (node)
        {
            case BinaryNode { Operator: BinaryOperator.And } and:
                return $"({Boolean(and.Left, scope)} AND {Boolean(and.Right, scope)})";
            case BinaryNode { Operator: BinaryOperator.Or } or:
                return $"({Boolean(or.Left, scope)} OR {Boolean(or.Right, scope)})";
            case UnaryNode { Operator: UnaryOperator.Not } not:
                return $"(NOT {Boolean(not.Operand, scope)})";
            case LambdaNode lambda:
                return Lambda(lambda, scope);
        }

        // A comparison that reads a property through a collection (Datastreams/name eq 'x') means: some related row matches.
        if (FindCollectionPath(node, scope) is { } found)
        {
            var variable = "$c" + (++aliasCounter).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var prefix = found.Path.Segments.Take(found.Length).ToArray();
            var rewritten = Rewrite(node, path => StartsWith(path, prefix) ? path with { Segments = [variable, .. path.Segments.Skip(prefix.Length)] } : path);
            return Lambda(new LambdaNode(node.Position, new PathNode(found.Path.Position, prefix), false, variable, rewritten), scope);
        }

        var expr = Value(node, scope);
        return AsBoolean(expr, node.Position);
    }

    private string AsBoolean(SqlExpr expr, int position) => expr.Type switch
    {
        SqlType.Boolean => expr.Sql,
        SqlType.Json => expr.Wrap(JsonTyped(expr, SqlType.Boolean)),
        SqlType.Result => expr.Wrap(ResultTyped(expr, SqlType.Boolean)),
        SqlType.Null => False,
        _ => throw FilterLexer.Error(position, $"expected a condition (true/false) but found a {Describe(expr.Type)}"),
    };

    private static bool StartsWith(PathNode path, string[] prefix) =>
        path.Segments.Count > prefix.Length && path.Segments.Take(prefix.Length).SequenceEqual(prefix, StringComparer.Ordinal);

    private string Lambda(LambdaNode lambda, Scope scope)
    {
        var (start, segments) = StartOf(lambda.Collection, scope);
        var set = start.Set;
        var alias = start.Alias;
        var from = new List<string>();
        var where = new List<string>();
        for (var i = 0; i < segments.Count; i++)
        {
            var navigation = set.FindNavigation(segments[i])
                ?? throw FilterLexer.Error(lambda.Collection.Position, $"'{segments[i]}' is not a navigation property of {set.EntityName}");
            var target = SensingSchema.TargetOf(navigation);
            var targetAlias = NextAlias();
            from.Add($"{target.Table} {targetAlias}");
            where.Add(navigation.Relate(alias, targetAlias));
            AddGuard(where, target, targetAlias);
            if (i == segments.Count - 1 && !navigation.IsCollection)
            {
                throw FilterLexer.Error(lambda.Position, $"any()/all() need a collection, but {navigation.Name} is a single entity");
            }

            set = target;
            alias = targetAlias;
        }

        if (segments.Count == 0)
        {
            throw FilterLexer.Error(lambda.Position, "any()/all() need a collection navigation path before them");
        }

        var inner = lambda.Variable is null ? null : new Scope(set, alias, lambda.Variable, scope);
        var predicate = lambda.Predicate is null ? null : Boolean(lambda.Predicate, inner!);
        var source = $"SELECT 1 FROM {string.Join(", ", from)} WHERE {string.Join(" AND ", where)}";
        if (lambda.IsAll)
        {
            return $"(NOT EXISTS ({source} AND ({predicate}) IS NOT TRUE))";
        }

        return predicate is null ? $"(EXISTS ({source}))" : $"(EXISTS ({source} AND {predicate}))";
    }

    private void AddGuard(List<string> where, SensingEntitySet set, string alias)
    {
        if (guard?.Invoke(set, alias, parameters) is { Length: > 0 } condition)
        {
            where.Add($"({condition})");
        }
    }

    /// <summary>Where a path starts: a lambda variable's row (first segment) or the given scope's row.</summary>
    private static (Scope Start, IReadOnlyList<string> Segments) StartOf(PathNode path, Scope scope)
    {
        if (path.Segments.Count > 0 && scope.Find(path.Segments[0]) is { } variable)
        {
            return (variable, path.Segments.Skip(1).ToArray());
        }

        if (path.Segments.Count > 0 && path.Segments[0].StartsWith('$'))
        {
            if (path.Segments[0] == "$it")
            {
                return (scope.Root, path.Segments.Skip(1).ToArray());
            }

            throw FilterLexer.Error(path.Position, $"'{path.Segments[0]}' is not a lambda variable in scope");
        }

        return (scope.Root, path.Segments);
    }

    /// <summary>The first path in a comparison (outside lambdas) that navigates through a collection, and how many segments lead to it.</summary>
    private static (PathNode Path, int Length)? FindCollectionPath(FilterNode node, Scope scope)
    {
        switch (node)
        {
            case PathNode path:
                var (start, segments) = StartOf(path, scope);
                var set = start.Set;
                var skipped = path.Segments.Count - segments.Count;
                for (var i = 0; i < segments.Count; i++)
                {
                    var navigation = set.FindNavigation(segments[i]);
                    if (navigation is null)
                    {
                        return null;
                    }

                    if (navigation.IsCollection)
                    {
                        // A path that ends at the collection itself is no property; Path() reports it.
                        return i == segments.Count - 1 ? null : (path, skipped + i + 1);
                    }

                    set = SensingSchema.TargetOf(navigation);
                }

                return null;
            case UnaryNode unary:
                return FindCollectionPath(unary.Operand, scope);
            case BinaryNode binary:
                return FindCollectionPath(binary.Left, scope) ?? FindCollectionPath(binary.Right, scope);
            case InNode @in:
                return FindCollectionPath(@in.Left, scope) ?? @in.Items.Select(i => FindCollectionPath(i, scope)).FirstOrDefault(f => f is not null);
            case FunctionNode function:
                return function.Arguments.Select(a => FindCollectionPath(a, scope)).FirstOrDefault(f => f is not null);
            default:
                return null;
        }
    }

    private static FilterNode Rewrite(FilterNode node, Func<PathNode, PathNode> paths) => node switch
    {
        PathNode path => paths(path),
        UnaryNode unary => unary with { Operand = Rewrite(unary.Operand, paths) },
        BinaryNode binary => binary with { Left = Rewrite(binary.Left, paths), Right = Rewrite(binary.Right, paths) },
        InNode @in => @in with { Left = Rewrite(@in.Left, paths), Items = [.. @in.Items.Select(i => Rewrite(i, paths))] },
        FunctionNode function => function with { Arguments = [.. function.Arguments.Select(a => Rewrite(a, paths))] },
        _ => node,
    };

    // ---------------------------------------------------------------- values

    private SqlExpr Value(FilterNode node, Scope scope)
    {
        switch (node)
        {
            case LiteralNode literal:
                return Literal(literal);
            case PathNode path:
                return Path(path, scope);
            case UnaryNode { Operator: UnaryOperator.Negate } negate:
                return Negate(Value(negate.Operand, scope), negate.Position);
            case UnaryNode { Operator: UnaryOperator.Not } or BinaryNode { Operator: BinaryOperator.And or BinaryOperator.Or } or LambdaNode:
                return new SqlExpr(SqlType.Boolean, Boolean(node, scope));
            case BinaryNode binary when IsComparison(binary.Operator):
                if (FindCollectionPath(binary, scope) is not null)
                {
                    return new SqlExpr(SqlType.Boolean, Boolean(binary, scope));
                }

                return new SqlExpr(SqlType.Boolean, Compare(binary.Operator, Value(binary.Left, scope), Value(binary.Right, scope), binary.Position));
            case BinaryNode binary:
                return Arithmetic(binary.Operator, Value(binary.Left, scope), Value(binary.Right, scope), binary.Position);
            case InNode @in:
                if (FindCollectionPath(@in, scope) is not null)
                {
                    return new SqlExpr(SqlType.Boolean, Boolean(@in, scope));
                }

                return new SqlExpr(SqlType.Boolean, In(@in, scope));
            case FunctionNode function:
                return Function(function, scope);
            default:
                throw FilterLexer.Error(node.Position, "unsupported expression");
        }
    }

    private static bool IsComparison(BinaryOperator op) => op is BinaryOperator.Eq or BinaryOperator.Ne or BinaryOperator.Gt
        or BinaryOperator.Ge or BinaryOperator.Lt or BinaryOperator.Le;

    private SqlExpr Literal(LiteralNode literal)
    {
        switch (literal.Kind)
        {
            case LiteralKind.Null:
                return new SqlExpr(SqlType.Null, "NULL") { Literal = literal };
            case LiteralKind.Boolean:
                return new SqlExpr(SqlType.Boolean, (bool)literal.Value! ? True : False) { Literal = literal };
            case LiteralKind.Integer:
                return new SqlExpr(SqlType.Integer, Param((long)literal.Value!)) { Literal = literal };
            case LiteralKind.Number:
                return new SqlExpr(SqlType.Number, Param((double)literal.Value!)) { Literal = literal };
            case LiteralKind.String:
                return new SqlExpr(SqlType.String, Param((string)literal.Value!)) { Literal = literal };
            case LiteralKind.DateTime:
                return new SqlExpr(SqlType.Time, TimeParam((DateTimeOffset)literal.Value!)) { Literal = literal };
            case LiteralKind.Interval:
                var interval = (TimeInterval)literal.Value!;
                return new SqlExpr(SqlType.Time, TimeParam(interval.Start)) { EndSql = TimeParam(interval.End), Literal = literal };
            case LiteralKind.Date:
                var date = (DateOnly)literal.Value!;
                return new SqlExpr(SqlType.Date, IsPostgres ? Param(date) : Param(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))) { Literal = literal };
            case LiteralKind.TimeOfDay:
                var time = (TimeOnly)literal.Value!;
                return new SqlExpr(SqlType.TimeOfDay, IsPostgres ? Param(time) : Param(time.ToString("HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture))) { Literal = literal };
            case LiteralKind.Duration:
                var duration = (TimeSpan)literal.Value!;
                return new SqlExpr(SqlType.Duration, IsPostgres ? Param(duration) : Param(duration.Ticks)) { Literal = literal };
            case LiteralKind.Geometry:
                var wkt = Param((string)literal.Value!);
                return new SqlExpr(SqlType.Geometry, IsPostgres ? $"ST_GeomFromText({wkt}, 4326)" : wkt) { Literal = literal };
            default:
                throw FilterLexer.Error(literal.Position, "unsupported literal");
        }
    }

    /// <summary>An instant as a parameter: timestamptz on PostgreSQL, EF's 64-bit binary form on SQLite (as the columns store it).</summary>
    private string TimeParam(DateTimeOffset value) =>
        IsPostgres ? Param(value.ToUniversalTime()) : Param(TimeConverter.ConvertToProvider(value.ToUniversalTime()));

    private SqlExpr Path(PathNode path, Scope scope)
    {
        var (start, segments) = StartOf(path, scope);
        if (segments.Count == 0)
        {
            throw FilterLexer.Error(path.Position, $"'{path}' is an entity, not a property; compare one of its properties");
        }

        var set = start.Set;
        var alias = start.Alias;
        var from = new List<string>();
        var where = new List<string>();
        var i = 0;
        for (; i < segments.Count; i++)
        {
            var navigation = set.FindNavigation(segments[i]);
            if (navigation is null)
            {
                break;
            }

            if (navigation.IsCollection)
            {
                throw FilterLexer.Error(path.Position, $"'{path}' reads through the collection {navigation.Name}; use {navigation.Name}/any(x: ...)");
            }

            var target = SensingSchema.TargetOf(navigation);
            var targetAlias = NextAlias();
            from.Add($"{target.Table} {targetAlias}");
            where.Add(navigation.Relate(alias, targetAlias));
            AddGuard(where, target, targetAlias);
            set = target;
            alias = targetAlias;
        }

        if (i == segments.Count)
        {
            throw FilterLexer.Error(path.Position, $"'{path}' is an entity, not a property; compare one of its properties");
        }

        var name = segments[i] == "@iot.id" ? "id" : segments[i];
        var property = set.FindProperty(name)
            ?? throw FilterLexer.Error(path.Position, $"{set.EntityName} has no property '{segments[i]}'");
        var rest = segments.Skip(i + 1).ToArray();
        Func<string, string> wrap = from.Count == 0
            ? static s => s
            : s => $"(SELECT {s} FROM {string.Join(", ", from)} WHERE {string.Join(" AND ", where)})";
        var column = $"{alias}.{property.Column}";

        if (rest.Length > 0 && property.Type is not (SensingValueType.Json or SensingValueType.Result))
        {
            throw FilterLexer.Error(path.Position, $"{set.EntityName}/{property.Name} has no sub-properties");
        }

        switch (property.Type)
        {
            case SensingValueType.Id:
                return new SqlExpr(SqlType.Integer, wrap(column));
            case SensingValueType.String:
                return new SqlExpr(SqlType.String, wrap(column));
            case SensingValueType.Number:
                return new SqlExpr(SqlType.Number, wrap(column));
            case SensingValueType.Time:
                return new SqlExpr(SqlType.Time, wrap(column));
            case SensingValueType.TimeInterval:
                return new SqlExpr(SqlType.Time, wrap(column)) { EndSql = wrap($"{alias}.{property.EndColumn}") };
            case SensingValueType.Json:
                return JsonValue(rest.Length == 0 ? [] : rest, column, wrap, path.Position);
            case SensingValueType.Result:
                if (rest.Length > 0)
                {
                    return JsonValue(rest, $"{alias}.result_json", wrap, path.Position);
                }

                return new SqlExpr(SqlType.Result, wrap($"{alias}.result_number")) { ResultAlias = alias, Wrap = wrap };
            case SensingValueType.Geometry:
                var geometryColumn = property.GeometryColumn ?? property.Column;
                var hasBox = geometryColumn == "geometry";
                var sql = IsPostgres
                    ? hasBox ? $"{alias}.geom" : $"ST_SetSRID(ST_GeomFromGeoJSON(CAST({alias}.{geometryColumn} AS text)), 4326)"
                    : $"{alias}.{geometryColumn}";
                return new SqlExpr(SqlType.Geometry, wrap(sql)) { BoxAlias = hasBox && from.Count == 0 ? alias : null };
            default:
                throw FilterLexer.Error(path.Position, $"{set.EntityName}/{property.Name} cannot be used in a filter");
        }
    }

    private SqlExpr JsonValue(string[] path, string column, Func<string, string> wrap, int position)
    {
        if (path.Length == 0)
        {
            throw FilterLexer.Error(position, "a JSON property is compared by one of its members (e.g. properties/owner)");
        }

        string placeholder;
        if (IsPostgres)
        {
            placeholder = $"CAST({Param(path)} AS text[])";
        }
        else
        {
            var builder = new System.Text.StringBuilder("$");
            foreach (var segment in path)
            {
                if (segment.All(char.IsAsciiDigit) && segment.Length < 10)
                {
                    builder.Append('[').Append(segment).Append(']');
                }
                else if (segment.Contains('"', StringComparison.Ordinal) || segment.Contains('\\', StringComparison.Ordinal))
                {
                    throw FilterLexer.Error(position, "a JSON member name cannot contain quotes or backslashes");
                }
                else
                {
                    builder.Append(".\"").Append(segment).Append('"');
                }
            }

            placeholder = Param(builder.ToString());
        }

        var expr = new SqlExpr(SqlType.Json, "") { JsonColumn = column, JsonPath = placeholder, Wrap = wrap };
        return expr with { Sql = wrap(JsonTyped(expr, SqlType.Json)) };
    }

    /// <summary>A JSON member as a value of <paramref name="type"/>: null when the member has another JSON type, so no cast can fail.</summary>
    private string JsonTyped(SqlExpr json, SqlType type)
    {
        var (c, p) = (json.JsonColumn, json.JsonPath);
        if (IsPostgres)
        {
            return type switch
            {
                SqlType.Number or SqlType.Integer => $"(CASE WHEN jsonb_typeof({c} #> {p}) = 'number' THEN CAST({c} #>> {p} AS double precision) END)",
                SqlType.String => $"(CASE WHEN jsonb_typeof({c} #> {p}) = 'string' THEN {c} #>> {p} END)",
                SqlType.Boolean => $"(CASE WHEN jsonb_typeof({c} #> {p}) = 'boolean' THEN CAST({c} #>> {p} AS boolean) END)",
                _ => $"({c} #>> {p})",
            };
        }

        return type switch
        {
            SqlType.Number or SqlType.Integer => $"(CASE WHEN json_type({c}, {p}) IN ('integer', 'real') THEN json_extract({c}, {p}) END)",
            SqlType.String => $"(CASE WHEN json_type({c}, {p}) = 'text' THEN json_extract({c}, {p}) END)",
            SqlType.Boolean => $"(CASE WHEN json_type({c}, {p}) IN ('true', 'false') THEN json_extract({c}, {p}) END)",
            _ => $"json_extract({c}, {p})",
        };
    }

    private static string ResultTyped(SqlExpr result, SqlType type)
    {
        var a = result.ResultAlias;
        return type switch
        {
            SqlType.String => $"(CASE WHEN {a}.result_kind = 2 THEN {a}.result_string END)",
            SqlType.Boolean => $"(CASE WHEN {a}.result_kind = 3 THEN {a}.result_number <> 0 END)",
            _ => $"(CASE WHEN {a}.result_kind = 1 THEN {a}.result_number END)",
        };
    }

    /// <summary>Converts JSON values and results to a plain type; other expressions must already have it.</summary>
    private SqlExpr As(SqlExpr expr, SqlType type, int position)
    {
        if (expr.Type == type || (type == SqlType.Number && expr.Type == SqlType.Integer))
        {
            return expr;
        }

        switch (expr.Type)
        {
            case SqlType.Json when type is SqlType.Number or SqlType.String or SqlType.Boolean or SqlType.Integer:
                return new SqlExpr(type == SqlType.Integer ? SqlType.Number : type, expr.Wrap(JsonTyped(expr, type)));
            case SqlType.Result when type is SqlType.Number or SqlType.String or SqlType.Boolean or SqlType.Integer:
                return new SqlExpr(type == SqlType.Integer ? SqlType.Number : type, expr.Wrap(ResultTyped(expr, type)));
            case SqlType.Null:
                return new SqlExpr(type, "NULL");
            case SqlType.Date when type == SqlType.Time && expr.Literal?.Value is DateOnly date:
                return new SqlExpr(SqlType.Time, TimeParam(new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)));
            default:
                throw FilterLexer.Error(position, $"expected a {Describe(type)} but found a {Describe(expr.Type)}");
        }
    }

    private static string Describe(SqlType type) => type switch
    {
        SqlType.Null => "null",
        SqlType.Boolean => "condition (true/false)",
        SqlType.Integer => "number",
        SqlType.Number => "number",
        SqlType.String => "string",
        SqlType.Time => "date-time",
        SqlType.Date => "date",
        SqlType.TimeOfDay => "time of day",
        SqlType.Duration => "duration",
        SqlType.Geometry => "geometry",
        SqlType.Json => "JSON value",
        SqlType.Result => "result",
    };
}
