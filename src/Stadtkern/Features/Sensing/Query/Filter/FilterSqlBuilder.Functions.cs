using System.Text.RegularExpressions;

namespace Stadtkern.Features.Sensing.Query.Filter;

/// <summary>The string, date/time, math and geo functions.</summary>
internal sealed partial class FilterSqlBuilder
{
    [GeneratedRegex("^[TFtf*012]{9}$", RegexOptions.CultureInvariant)]
    private static partial Regex RelatePattern();

    private SqlExpr Function(FunctionNode node, Scope scope)
    {
        var p = node.Position;
        var args = node.Arguments.Select(a => Value(a, scope)).ToArray();
        string S(int i) => As(args[i], SqlType.String, node.Arguments[i].Position).Sql;
        string N(int i) => As(args[i], SqlType.Number, node.Arguments[i].Position).Sql;
        SqlExpr Bool(string sql) => new(SqlType.Boolean, sql);
        SqlExpr Int(string sql) => new(SqlType.Integer, sql);
        SqlExpr Str(string sql) => new(SqlType.String, sql);

        switch (node.Name)
        {
            // ---- strings (ordinal, case-sensitive; positions 0-based as in OData)
            case "substringof":
                return Bool(IsPostgres ? $"(strpos({S(1)}, {S(0)}) > 0)" : $"(instr({S(1)}, {S(0)}) > 0)");
            case "contains":
                return Bool(IsPostgres ? $"(strpos({S(0)}, {S(1)}) > 0)" : $"(instr({S(0)}, {S(1)}) > 0)");
            case "startswith":
                return Bool($"(substr({S(0)}, 1, length({S(1)})) = {S(1)})");
            case "endswith":
                return Bool(IsPostgres
                    ? $"(right({S(0)}, length({S(1)})) = {S(1)})"
                    : $"(length({S(1)}) = 0 OR substr({S(0)}, -length({S(1)})) = {S(1)})");
            case "length":
                return Int($"length({S(0)})");
            case "indexof":
                return Int(IsPostgres ? $"(strpos({S(0)}, {S(1)}) - 1)" : $"(instr({S(0)}, {S(1)}) - 1)");
            case "substring":
                var from = IsPostgres ? $"(GREATEST(CAST({Integer(args[1], node.Arguments[1].Position)} AS integer), 0) + 1)" : $"(max({Integer(args[1], node.Arguments[1].Position)}, 0) + 1)";
                if (args.Length == 2)
                {
                    return Str($"substr({S(0)}, {from})");
                }

                var count = IsPostgres ? $"GREATEST(CAST({Integer(args[2], node.Arguments[2].Position)} AS integer), 0)" : $"max({Integer(args[2], node.Arguments[2].Position)}, 0)";
                return Str($"substr({S(0)}, {from}, {count})");
            case "tolower":
                return Str(IsPostgres ? $"lower({S(0)})" : $"stk_lower({S(0)})");
            case "toupper":
                return Str(IsPostgres ? $"upper({S(0)})" : $"stk_upper({S(0)})");
            case "trim":
                return Str($"trim({S(0)})");
            case "concat":
                return Str($"({S(0)} || {S(1)})");

            // ---- date and time (UTC)
            case "year" or "month" or "day" or "hour" or "minute" or "second":
                return Int(DatePart(node.Name, args[0], node.Arguments[0].Position));
            case "fractionalseconds":
                var instant = TimeArgument(args[0], node.Arguments[0].Position);
                return new SqlExpr(SqlType.Number, IsPostgres
                    ? $"CAST(MOD(CAST(EXTRACT(MICROSECONDS FROM {instant}) AS bigint), 1000000) / 1000000.0 AS double precision)"
                    : $"stk_fractionalseconds({instant})");
            case "date":
                return new SqlExpr(SqlType.Date, IsPostgres
                    ? $"CAST(({TimeArgument(args[0], node.Arguments[0].Position)}) AT TIME ZONE 'UTC' AS date)"
                    : $"stk_date({TimeArgument(args[0], node.Arguments[0].Position)})");
            case "time":
                return new SqlExpr(SqlType.TimeOfDay, IsPostgres
                    ? $"CAST(({TimeArgument(args[0], node.Arguments[0].Position)}) AT TIME ZONE 'UTC' AS time)"
                    : $"stk_time({TimeArgument(args[0], node.Arguments[0].Position)})");
            case "totaloffsetminutes":
                // Stadtkern stores and compares every instant in UTC, so the offset is always 0.
                TimeArgument(args[0], node.Arguments[0].Position);
                return Int(Param(0L));
            case "now":
                return new SqlExpr(SqlType.Time, TimeParam(now));
            case "mindatetime":
                return new SqlExpr(SqlType.Time, TimeParam(new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero)));
            case "maxdatetime":
                return new SqlExpr(SqlType.Time, TimeParam(new DateTimeOffset(9999, 12, 31, 23, 59, 59, 999, TimeSpan.Zero)));

            // ---- math
            case "round" or "floor" or "ceiling":
                if (args[0].Type == SqlType.Integer)
                {
                    return args[0];
                }

                var value = N(0);
                return new SqlExpr(SqlType.Number, (node.Name, IsPostgres) switch
                {
                    // numeric rounds halves away from zero, as OData asks; double precision would round them to even.
                    ("round", true) => $"CAST(round(CAST({value} AS numeric)) AS double precision)",
                    ("round", false) => $"round({value})",
                    ("floor", true) => $"floor({value})",
                    ("ceiling", true) => $"ceiling({value})",
                    (_, false) => $"stk_{node.Name}({value})",
                    _ => throw new InvalidOperationException(),
                });

            // ---- geo (EPSG:4326; distances and lengths in degrees, the unit of that reference system, as the standard says)
            case "geo.distance":
                return new SqlExpr(SqlType.Number, IsPostgres
                    ? $"ST_Distance({Geometry(args[0], node.Arguments[0].Position)}, {Geometry(args[1], node.Arguments[1].Position)})"
                    : $"stk_distance({Geometry(args[0], node.Arguments[0].Position)}, {Geometry(args[1], node.Arguments[1].Position)})");
            case "geo.length":
                return new SqlExpr(SqlType.Number, IsPostgres
                    ? $"ST_Length({Geometry(args[0], node.Arguments[0].Position)})"
                    : $"stk_length({Geometry(args[0], node.Arguments[0].Position)})");
            case "st_relate":
                if (node.Arguments[2] is not LiteralNode { Kind: LiteralKind.String, Value: string pattern } || !RelatePattern().IsMatch(pattern))
                {
                    throw FilterLexer.Error(node.Arguments[2].Position, "st_relate needs a DE-9IM pattern string of nine characters from T, F, *, 0, 1, 2");
                }

                return Bool(IsPostgres
                    ? $"ST_Relate({Geometry(args[0], node.Arguments[0].Position)}, {Geometry(args[1], node.Arguments[1].Position)}, {args[2].Sql})"
                    : $"(stk_relate({Geometry(args[0], node.Arguments[0].Position)}, {Geometry(args[1], node.Arguments[1].Position)}, {args[2].Sql}) = 1)");
            default:
                if (FilterFunctions.SpatialPredicates.TryGetValue(node.Name, out var relation))
                {
                    return Bool(Spatial(relation, args, node));
                }

                throw FilterLexer.Error(p, $"unknown function '{node.Name}'");
        }
    }

    private string Integer(SqlExpr expr, int position)
    {
        var number = As(expr, SqlType.Number, position);
        return number.Type == SqlType.Integer ? number.Sql : IsPostgres ? $"CAST(round({number.Sql}) AS bigint)" : $"CAST({number.Sql} AS INTEGER)";
    }

    /// <summary>An instant argument (a time interval gives its start; a date literal its midnight UTC).</summary>
    private string TimeArgument(SqlExpr expr, int position)
    {
        if (expr.Type == SqlType.Date && expr.Literal is not null)
        {
            return As(expr, SqlType.Time, position).Sql;
        }

        if (expr.Type == SqlType.Null)
        {
            return "NULL";
        }

        if (expr.Type != SqlType.Time)
        {
            throw FilterLexer.Error(position, $"expected a date-time but found a {Describe(expr.Type)}");
        }

        return expr.Sql;
    }

    private string DatePart(string part, SqlExpr expr, int position)
    {
        if (expr.Type == SqlType.Date && expr.Literal is null)
        {
            if (part is "hour" or "minute" or "second")
            {
                throw FilterLexer.Error(position, $"{part}() needs a date-time or a time of day, not a date");
            }

            return IsPostgres
                ? $"CAST(EXTRACT({part.ToUpperInvariant()} FROM {expr.Sql}) AS bigint)"
                : $"CAST(substr({expr.Sql}, {(part == "year" ? "1, 4" : part == "month" ? "6, 2" : "9, 2")}) AS INTEGER)";
        }

        if (expr.Type == SqlType.TimeOfDay)
        {
            if (part is "year" or "month" or "day")
            {
                throw FilterLexer.Error(position, $"{part}() needs a date-time or a date, not a time of day");
            }

            return IsPostgres
                ? $"CAST(FLOOR(EXTRACT({part.ToUpperInvariant()} FROM {expr.Sql})) AS bigint)"
                : $"CAST(substr({expr.Sql}, {(part == "hour" ? "1" : part == "minute" ? "4" : "7")}, 2) AS INTEGER)";
        }

        var instant = TimeArgument(expr, position);
        return IsPostgres
            ? $"CAST(FLOOR(EXTRACT({part.ToUpperInvariant()} FROM ({instant}) AT TIME ZONE 'UTC')) AS bigint)"
            : $"stk_{part}({instant})";
    }

    private static string Geometry(SqlExpr expr, int position) => expr.Type switch
    {
        SqlType.Geometry => expr.Sql,
        SqlType.Null => "NULL",
        _ => throw FilterLexer.Error(position, $"expected a geometry (a geometry property or geography'POINT(...)') but found a {Describe(expr.Type)}"),
    };

    private string Spatial(string relation, SqlExpr[] args, FunctionNode node)
    {
        var a = Geometry(args[0], node.Arguments[0].Position);
        var b = Geometry(args[1], node.Arguments[1].Position);
        if (IsPostgres)
        {
            return $"ST_{char.ToUpperInvariant(relation[0])}{relation[1..]}({a}, {b})";
        }

        var test = $"(stk_spatial('{relation}', {a}, {b}) = 1)";

        // SQLite has no spatial index: rows whose bounding box misses the literal's are ruled out by the min_x..max_y columns first.
        if (relation != "disjoint")
        {
            var (column, literal) = args[0].BoxAlias is not null && args[1].Literal is not null ? (args[0], args[1])
                : args[1].BoxAlias is not null && args[0].Literal is not null ? (args[1], args[0])
                : (null, null);
            if (column is not null && FilterGeometry.ReadWkt((string)literal!.Literal!.Value!) is { IsEmpty: false } geometry)
            {
                var box = geometry.EnvelopeInternal;
                var t = column.BoxAlias;
                return $"({t}.max_x >= {Param(box.MinX)} AND {t}.min_x <= {Param(box.MaxX)} AND {t}.max_y >= {Param(box.MinY)} AND {t}.min_y <= {Param(box.MaxY)} AND {test})";
            }
        }

        return test;
    }
}
