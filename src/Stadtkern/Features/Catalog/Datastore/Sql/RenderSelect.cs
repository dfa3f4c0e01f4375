using System.Globalization;
using System.Text;
using Stadtkern.Features.Catalog.Datastore.Model;

namespace Stadtkern.Features.Catalog.Datastore.Sql;

/// <summary>A query parameter with the datastore type it binds as (null: as given).</summary>
internal sealed record SqlParameterValue(string Name, DatastoreType? Type, object? Value);

/// <summary>A column of a query result: its name and, where known, its datastore type.</summary>
internal sealed record ResultColumn(string Id, DatastoreType? Type);

/// <summary>SQL ready to run: text, parameters and the columns it returns.</summary>
internal sealed record RenderedQuery(string Sql, IReadOnlyList<SqlParameterValue> Parameters, IReadOnlyList<ResultColumn> Columns);

/// <summary>
/// Writes provider SQL from a parsed <see cref="SelectStatement"/>: every column is checked against the
/// table's schema and quoted, every literal becomes a parameter (typed like the column it is compared with),
/// the physical table name replaces the resource id, and LIMIT is capped.
/// </summary>
internal sealed class RenderSelect
{
    private readonly DatastoreTable table;
    private readonly DatastoreSchema schema;
    private readonly SelectStatement statement;
    private readonly List<SqlParameterValue> parameters = [];
    private readonly HashSet<string> aliases = new(StringComparer.Ordinal);

    private RenderSelect(SelectStatement statement, DatastoreTable table)
    {
        this.statement = statement;
        this.table = table;
        schema = table.Schema;
        foreach (var item in statement.Items)
        {
            if (item.Alias is { } alias)
            {
                aliases.Add(alias);
            }
        }
    }

    /// <summary>Renders the statement; at most <paramref name="maxRows"/> + 1 rows are asked for, so truncation can be told.</summary>
    public static RenderedQuery Render(SelectStatement statement, DatastoreTable table, int maxRows)
    {
        var renderer = new RenderSelect(statement, table);
        return renderer.Build(maxRows);
    }

    private RenderedQuery Build(int maxRows)
    {
        var sql = new StringBuilder("SELECT ");
        if (statement.Distinct)
        {
            sql.Append("DISTINCT ");
        }

        var columns = new List<ResultColumn>();
        var first = true;
        foreach (var item in statement.Items)
        {
            sql.Append(first ? "" : ", ");
            first = false;
            if (item.Expression is StarExpr)
            {
                var all = new[] { new ResultColumn("_id", DatastoreType.Integer) }.Concat(schema.Fields.Select(f => new ResultColumn(f.Id, f.Type))).ToList();
                sql.AppendJoin(", ", all.Select(c => DatastoreDatabase.Quote(c.Id)));
                columns.AddRange(all);
                continue;
            }

            sql.Append(Expr(item.Expression, allowAlias: false));
            var name = item.Alias ?? item.Expression switch
            {
                ColumnExpr c => Field(c).Id,
                FunctionExpr f => f.Name,
                _ => "?column?",
            };
            sql.Append(" AS ").Append(DatastoreDatabase.Quote(name));
            columns.Add(new ResultColumn(name, TypeOf(item.Expression)));
        }

        sql.Append(" FROM ").Append(DatastoreDatabase.Quote(table.TableName));
        if (statement.TableAlias is { } tableAlias)
        {
            sql.Append(" AS ").Append(DatastoreDatabase.Quote(tableAlias));
        }

        if (statement.Where is { } where)
        {
            sql.Append(" WHERE ").Append(Expr(where, allowAlias: false));
        }

        if (statement.GroupBy.Count > 0)
        {
            sql.Append(" GROUP BY ").AppendJoin(", ", statement.GroupBy.Select(g => Ordinal(g) ?? Expr(g, allowAlias: true)));
        }

        if (statement.Having is { } having)
        {
            sql.Append(" HAVING ").Append(Expr(having, allowAlias: false));
        }

        if (statement.OrderBy.Count > 0)
        {
            sql.Append(" ORDER BY ").AppendJoin(", ", statement.OrderBy.Select(o => (Ordinal(o.Expression) ?? Expr(o.Expression, allowAlias: true)) + (o.Descending ? " DESC" : " ASC")));
        }

        var limit = Math.Min(statement.Limit ?? long.MaxValue, maxRows + 1L);
        sql.Append(CultureInfo.InvariantCulture, $" LIMIT {limit}");
        if (statement.Offset is { } offset)
        {
            sql.Append(CultureInfo.InvariantCulture, $" OFFSET {offset}");
        }

        return new RenderedQuery(sql.ToString(), parameters, columns);
    }

    private string? Ordinal(SqlExpr expression)
    {
        if (expression is NumberExpr number && int.TryParse(number.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var position))
        {
            return position >= 1 && position <= statement.Items.Count
                ? position.ToString(CultureInfo.InvariantCulture)
                : throw new SqlRejectedException($"Es gibt keine Ergebnisspalte Nummer {position}.");
        }

        return null;
    }

    private DatastoreField Field(ColumnExpr column)
    {
        if (column.Qualifier is { } qualifier && qualifier != statement.TableAlias && qualifier != statement.Table)
        {
            throw new SqlRejectedException($"Unbekannte Tabelle „{qualifier}“.");
        }

        if (column.Name == "_id")
        {
            return new DatastoreField("_id", DatastoreType.Integer);
        }

        var exact = schema.Fields.FirstOrDefault(f => f.Id == column.Name);
        if (exact is not null)
        {
            return exact;
        }

        var similar = column.Quoted ? [] : schema.Fields.Where(f => f.Id.Equals(column.Name, StringComparison.OrdinalIgnoreCase)).ToList();
        return similar.Count == 1 ? similar[0] : throw new SqlRejectedException($"Die Spalte „{column.Name}“ gibt es in dieser Tabelle nicht.");
    }

    private string Expr(SqlExpr expression, bool allowAlias) => expression switch
    {
        ColumnExpr c when allowAlias && c.Qualifier is null && aliases.Contains(c.Name) && !schema.Fields.Any(f => f.Id == c.Name) => DatastoreDatabase.Quote(c.Name),
        ColumnExpr c => DatastoreDatabase.Quote(Field(c).Id),
        StringExpr s => Parameter(DatastoreType.Text, s.Value),
        NumberExpr n => Number(n, null),
        BooleanExpr b => Parameter(DatastoreType.Boolean, b.Value),
        NullExpr => "NULL",
        StarExpr => throw new SqlRejectedException("„*“ steht nur allein in der Spaltenliste oder in count(*)."),
        FunctionExpr f => Function(f),
        UnaryExpr { Operator: "NOT" } u => $"(NOT {Expr(u.Operand, allowAlias)})",
        UnaryExpr u => $"(-{Expr(u.Operand, allowAlias)})",
        BinaryExpr { Operator: "AND" or "OR" } b => $"({Expr(b.Left, allowAlias)} {b.Operator} {Expr(b.Right, allowAlias)})",
        BinaryExpr { Operator: "=" or "<>" or "<" or "<=" or ">" or ">=" } b => Comparison(b, allowAlias),
        BinaryExpr b => $"({Expr(b.Left, allowAlias)} {b.Operator} {Expr(b.Right, allowAlias)})",
        LikeExpr l => Like(l),
        InExpr i => $"({Expr(i.Value, allowAlias)}{(i.Negated ? " NOT" : "")} IN ({string.Join(", ", i.Items.Select(item => Operand(item, TypeOf(i.Value))))}))",
        BetweenExpr b => $"({Expr(b.Value, allowAlias)}{(b.Negated ? " NOT" : "")} BETWEEN {Operand(b.Low, TypeOf(b.Value))} AND {Operand(b.High, TypeOf(b.Value))})",
        IsNullExpr n => $"({Expr(n.Value, allowAlias)} IS{(n.Negated ? " NOT" : "")} NULL)",
        _ => throw new SqlRejectedException("Dieser Ausdruck ist nicht erlaubt."),
    };

    private string Comparison(BinaryExpr b, bool allowAlias)
    {
        var left = IsLiteral(b.Left) ? Operand(b.Left, TypeOf(b.Right)) : Expr(b.Left, allowAlias);
        var right = IsLiteral(b.Right) ? Operand(b.Right, TypeOf(b.Left)) : Expr(b.Right, allowAlias);
        return $"({left} {b.Operator} {right})";
    }

    private string Like(LikeExpr like)
    {
        var value = $"CAST({Expr(like.Value, allowAlias: false)} AS TEXT)";
        var pattern = Expr(like.Pattern, allowAlias: false);
        return like.IgnoreCase
            ? $"(lower({value}){(like.Negated ? " NOT" : "")} LIKE lower({pattern}))"
            : $"({value}{(like.Negated ? " NOT" : "")} LIKE {pattern})";
    }

    private static bool IsLiteral(SqlExpr expression) => expression is StringExpr or NumberExpr or BooleanExpr;

    /// <summary>A literal compared with a column binds as that column's type, so <c>datum &gt;= '2024-01-01'</c> compares dates.</summary>
    private string Operand(SqlExpr expression, DatastoreType? type)
    {
        if (!IsLiteral(expression) || type is null)
        {
            return Expr(expression, allowAlias: false);
        }

        var text = expression switch
        {
            StringExpr s => s.Value,
            NumberExpr n => n.Text,
            BooleanExpr b => b.Value ? "true" : "false",
            _ => "",
        };
        if (type == DatastoreType.Text)
        {
            return Parameter(DatastoreType.Text, text);
        }

        if (expression is NumberExpr number && type is DatastoreType.Integer or DatastoreType.Numeric)
        {
            return Number(number, type);
        }

        return ParseValue.TryConvert(text, new DatastoreField("x", type.Value, DecimalComma: false), false, out var value, out var error)
            ? Parameter(type.Value, value)
            : throw new SqlRejectedException(error);
    }

    private string Number(NumberExpr number, DatastoreType? type) =>
        type != DatastoreType.Numeric && long.TryParse(number.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var integer)
            ? Parameter(DatastoreType.Integer, integer)
            : Parameter(DatastoreType.Numeric, decimal.Parse(number.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));

    private string Function(FunctionExpr f)
    {
        var isAggregate = f.Name is "count" or "sum" or "avg" or "min" or "max";
        if (!isAggregate && f.Distinct)
        {
            throw new SqlRejectedException($"DISTINCT ist in {f.Name}() nicht erlaubt.");
        }

        var arguments = f.Arguments.Count == 1 && f.Arguments[0] is StarExpr
            ? "*"
            : string.Join(", ", f.Arguments.Select(a => Expr(a, allowAlias: false)));
        return $"{f.Name}({(f.Distinct ? "DISTINCT " : "")}{arguments})";
    }

    private string Parameter(DatastoreType type, object value)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"@q{parameters.Count}");
        parameters.Add(new SqlParameterValue(name, type, value));
        return name;
    }

    private DatastoreType? TypeOf(SqlExpr expression) => expression switch
    {
        ColumnExpr c when c.Qualifier is null && aliases.Contains(c.Name) && !schema.Fields.Any(f => f.Id == c.Name) && c.Name != "_id" => null,
        ColumnExpr c => Field(c).Type,
        StringExpr => DatastoreType.Text,
        NumberExpr n => n.Text.Contains('.', StringComparison.Ordinal) ? DatastoreType.Numeric : DatastoreType.Integer,
        BooleanExpr => DatastoreType.Boolean,
        FunctionExpr { Name: "count" or "length" } => DatastoreType.Integer,
        FunctionExpr { Name: "avg" or "round" } => DatastoreType.Numeric,
        FunctionExpr { Name: "lower" or "upper" or "trim" } => DatastoreType.Text,
        FunctionExpr f when f.Arguments.Count > 0 => TypeOf(f.Arguments[0]),
        BinaryExpr { Operator: "+" or "-" or "*" or "/" or "%" } b => TypeOf(b.Left) == DatastoreType.Integer && TypeOf(b.Right) == DatastoreType.Integer ? DatastoreType.Integer : DatastoreType.Numeric,
        UnaryExpr { Operator: "-" } u => TypeOf(u.Operand),
        BinaryExpr or UnaryExpr or LikeExpr or InExpr or BetweenExpr or IsNullExpr => DatastoreType.Boolean,
        _ => null,
    };
}
