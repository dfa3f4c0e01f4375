namespace Stadtkern.Features.Sensing.Query.Filter;

/// <summary>Comparisons, <c>in</c> and arithmetic.</summary>
internal sealed partial class FilterSqlBuilder
{
    private static string SqlOperator(BinaryOperator op) => op switch
    {
        BinaryOperator.Eq => "=",
        BinaryOperator.Ne => "<>",
        BinaryOperator.Gt => ">",
        BinaryOperator.Ge => ">=",
        BinaryOperator.Lt => "<",
        BinaryOperator.Le => "<=",
        BinaryOperator.Add => "+",
        BinaryOperator.Sub => "-",
        BinaryOperator.Mul => "*",
        BinaryOperator.Div => "/",
        BinaryOperator.Mod => "%",
        BinaryOperator.And => "AND",
        BinaryOperator.Or => "OR",
    };

    /// <summary>The type both sides of a comparison are brought to; JSON values and results take the other side's type.</summary>
    private static SqlType CommonType(SqlExpr left, SqlExpr right, int position)
    {
        var l = left.Type;
        var r = right.Type;
        if (l is SqlType.Json or SqlType.Result && r is SqlType.Json or SqlType.Result)
        {
            return l == SqlType.Json && r == SqlType.Json ? SqlType.Json : SqlType.Number;
        }

        if (l is SqlType.Json or SqlType.Result)
        {
            return Loose(r, position);
        }

        if (r is SqlType.Json or SqlType.Result)
        {
            return Loose(l, position);
        }

        if (left.IsNumeric && right.IsNumeric)
        {
            return l == SqlType.Integer && r == SqlType.Integer ? SqlType.Integer : SqlType.Number;
        }

        if (l == SqlType.Time && r == SqlType.Date && right.Literal is not null)
        {
            return SqlType.Time;
        }

        if (r == SqlType.Time && l == SqlType.Date && left.Literal is not null)
        {
            return SqlType.Time;
        }

        if (l == r && l != SqlType.Geometry)
        {
            return l;
        }

        if (l == SqlType.Geometry || r == SqlType.Geometry)
        {
            throw FilterLexer.Error(position, "geometries are compared with the geo./st_ functions (e.g. st_equals), not with operators");
        }

        throw FilterLexer.Error(position, $"cannot compare a {Describe(l)} with a {Describe(r)}");

        static SqlType Loose(SqlType other, int position) => other switch
        {
            SqlType.Integer or SqlType.Number => SqlType.Number,
            SqlType.String or SqlType.Boolean => other,
            _ => throw FilterLexer.Error(position, $"a JSON property or result can be compared with numbers, strings and booleans, not with a {Describe(other)}"),
        };
    }

    private string Compare(BinaryOperator op, SqlExpr left, SqlExpr right, int position)
    {
        if (left.Type == SqlType.Null || right.Type == SqlType.Null)
        {
            if (left.Type == SqlType.Null && right.Type == SqlType.Null)
            {
                return op is BinaryOperator.Eq or BinaryOperator.Le or BinaryOperator.Ge ? True : False;
            }

            var other = left.Type == SqlType.Null ? right : left;
            var sql = other.Type switch
            {
                SqlType.Result => $"COALESCE({other.Wrap($"{other.ResultAlias}.result_kind")}, 0) = 0",
                _ => other.Sql + " IS NULL",
            };
            return op switch
            {
                BinaryOperator.Eq => $"({sql})",
                BinaryOperator.Ne => $"(NOT ({sql}))",
                _ => False,
            };
        }

        var type = CommonType(left, right, position);
        var l = type == SqlType.Json ? left : As(left, type, position);
        var r = type == SqlType.Json ? right : As(right, type, position);
        if (type == SqlType.Time && (l.EndSql is not null || r.EndSql is not null))
        {
            return CompareTimes(op, l, r);
        }

        var collate = type == SqlType.String && op is not (BinaryOperator.Eq or BinaryOperator.Ne) ? Collate : "";
        return $"({l.Sql}{collate} {SqlOperator(op)} {r.Sql})";
    }

    /// <summary>
    /// Compares instants and intervals (start inclusive, end exclusive; an interval property whose end is null is an instant):
    /// <c>eq</c> same start and end; <c>gt</c>/<c>ge</c> the left starts after / not before the right ends; <c>lt</c>/<c>le</c> the left
    /// ends before / not after the right starts. With instants on both sides these are the plain comparisons.
    /// </summary>
    private static string CompareTimes(BinaryOperator op, SqlExpr left, SqlExpr right)
    {
        var leftEnd = left.EndSql is null ? left.Sql : $"COALESCE({left.EndSql}, {left.Sql})";
        var rightEnd = right.EndSql is null ? right.Sql : $"COALESCE({right.EndSql}, {right.Sql})";
        var equal = $"({left.Sql} = {right.Sql} AND {leftEnd} = {rightEnd})";
        return op switch
        {
            BinaryOperator.Eq => equal,
            BinaryOperator.Ne => $"(NOT {equal})",
            BinaryOperator.Gt => $"({left.Sql} > {rightEnd})",
            BinaryOperator.Ge => $"({left.Sql} >= {rightEnd})",
            // The start comparison is implied by the end comparison; it is there so an index on the start column can be used.
            BinaryOperator.Lt => left.EndSql is null ? $"({left.Sql} < {right.Sql})" : $"({left.Sql} < {right.Sql} AND {leftEnd} < {right.Sql})",
            BinaryOperator.Le => left.EndSql is null ? $"({left.Sql} <= {right.Sql})" : $"({left.Sql} <= {right.Sql} AND {leftEnd} <= {right.Sql})",
            _ => throw new InvalidOperationException("not a comparison"),
        };
    }

    private string In(InNode node, Scope scope)
    {
        var left = Value(node.Left, scope);
        var items = node.Items.Select(i => Value(i, scope)).ToList();
        var simple = left.Type is SqlType.Integer or SqlType.Number or SqlType.String or SqlType.Date or SqlType.TimeOfDay or SqlType.Duration
            || (left.Type == SqlType.Time && left.EndSql is null);
        if (simple && items.All(i => i.Type != SqlType.Null && i.EndSql is null))
        {
            var type = items.Aggregate(left.Type, (t, i) => CommonType(new SqlExpr(t, ""), i, node.Position));
            var l = As(left, type, node.Position);
            var list = items.Select(i => As(i, type, node.Position).Sql);
            return $"({l.Sql} IN ({string.Join(", ", list)}))";
        }

        return "(" + string.Join(" OR ", items.Select(i => Compare(BinaryOperator.Eq, left, i, node.Position))) + ")";
    }

    private SqlExpr Negate(SqlExpr operand, int position)
    {
        return operand.Type switch
        {
            SqlType.Integer => new SqlExpr(SqlType.Integer, $"(-{operand.Sql})"),
            SqlType.Number or SqlType.Json or SqlType.Result => new SqlExpr(SqlType.Number, $"(-{As(operand, SqlType.Number, position).Sql})"),
            SqlType.Duration => new SqlExpr(SqlType.Duration, $"(-{operand.Sql})"),
            SqlType.Null => operand,
            _ => throw FilterLexer.Error(position, $"cannot negate a {Describe(operand.Type)}"),
        };
    }

    private SqlExpr Arithmetic(BinaryOperator op, SqlExpr left, SqlExpr right, int position)
    {
        if (left.Type == SqlType.Null || right.Type == SqlType.Null)
        {
            return new SqlExpr(SqlType.Null, "NULL");
        }

        var l = left.Type == SqlType.Date && left.Literal is not null ? As(left, SqlType.Time, position) : left;
        var r = right.Type == SqlType.Date && right.Literal is not null ? As(right, SqlType.Time, position) : right;

        // Date-time arithmetic: instant ± duration, instant - instant, duration ± duration.
        if (l.Type == SqlType.Time || r.Type == SqlType.Time || l.Type == SqlType.Duration || r.Type == SqlType.Duration)
        {
            return TimeArithmetic(op, l, r, position);
        }

        var a = As(l, SqlType.Number, position);
        var b = As(r, SqlType.Number, position);
        var integer = a.Type == SqlType.Integer && b.Type == SqlType.Integer;
        var type = integer ? SqlType.Integer : SqlType.Number;
        return op switch
        {
            // Division by zero gives null (no row matches) rather than a database error.
            BinaryOperator.Div => new SqlExpr(type, $"({a.Sql} / NULLIF({b.Sql}, 0))"),
            BinaryOperator.Mod when integer => new SqlExpr(type, $"({a.Sql} % NULLIF({b.Sql}, 0))"),
            BinaryOperator.Mod => new SqlExpr(type, IsPostgres
                ? $"CAST(mod(CAST({a.Sql} AS numeric), CAST(NULLIF({b.Sql}, 0) AS numeric)) AS double precision)"
                : $"stk_mod({a.Sql}, {b.Sql})"),
            _ => new SqlExpr(type, $"({a.Sql} {SqlOperator(op)} {b.Sql})"),
        };
    }

    private SqlExpr TimeArithmetic(BinaryOperator op, SqlExpr l, SqlExpr r, int position)
    {
        var lt = l.Type;
        var rt = r.Type;
        if (lt == SqlType.Time && rt == SqlType.Duration && op is BinaryOperator.Add or BinaryOperator.Sub)
        {
            return new SqlExpr(SqlType.Time, IsPostgres
                ? $"({l.Sql} {SqlOperator(op)} {r.Sql})"
                : $"stk_time_add({l.Sql}, {(op == BinaryOperator.Sub ? "-" : "")}{r.Sql})");
        }

        if (lt == SqlType.Duration && rt == SqlType.Time && op == BinaryOperator.Add)
        {
            return TimeArithmetic(op, r, l, position);
        }

        if (lt == SqlType.Time && rt == SqlType.Time && op == BinaryOperator.Sub)
        {
            return new SqlExpr(SqlType.Duration, IsPostgres ? $"({l.Sql} - {r.Sql})" : $"stk_time_diff({l.Sql}, {r.Sql})");
        }

        if (lt == SqlType.Duration && rt == SqlType.Duration && op is BinaryOperator.Add or BinaryOperator.Sub)
        {
            return new SqlExpr(SqlType.Duration, $"({l.Sql} {SqlOperator(op)} {r.Sql})");
        }

        throw FilterLexer.Error(position, $"cannot {op.ToString().ToLowerInvariant()} a {Describe(lt)} and a {Describe(rt)} (date-times take add/sub with durations)");
    }
}
