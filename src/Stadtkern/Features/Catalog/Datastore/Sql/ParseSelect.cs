using System.Globalization;

namespace Stadtkern.Features.Catalog.Datastore.Sql;

/// <summary>
/// Parses the safe subset of SQL that <c>datastore_search_sql</c> accepts: a single <c>SELECT</c> with columns,
/// aggregates and a few scalar functions, <c>FROM</c> one table named by its resource id in double quotes,
/// <c>WHERE</c> (comparisons, AND/OR/NOT, LIKE/ILIKE, IN, BETWEEN, IS NULL), <c>GROUP BY</c>, <c>HAVING</c>,
/// <c>ORDER BY</c>, <c>LIMIT</c> and <c>OFFSET</c>. Everything else is refused with a reason. The statement is
/// never passed on as written: <see cref="RenderSelect"/> writes new SQL from the parsed tree.
/// </summary>
internal sealed class ParseSelect
{
    /// <summary>Functions that may be called; nothing that reads files, sleeps, or touches other tables.</summary>
    public static readonly IReadOnlySet<string> Functions = new HashSet<string>(StringComparer.Ordinal)
    {
        "count", "sum", "avg", "min", "max", "lower", "upper", "length", "abs", "round", "coalesce", "trim",
    };

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "select", "from", "where", "group", "by", "having", "order", "limit", "offset", "and", "or", "not", "as", "asc", "desc",
        "like", "ilike", "in", "is", "null", "between", "distinct", "true", "false", "union", "join", "on", "into", "with",
        "insert", "update", "delete", "drop", "create", "alter", "grant", "copy", "execute", "call", "truncate", "nulls",
    };

    private readonly List<SqlToken> tokens;
    private int index;
    private int depth;

    private ParseSelect(List<SqlToken> tokens) => this.tokens = tokens;

    public static SelectStatement Parse(string sql)
    {
        var parser = new ParseSelect(SqlTokenizer.Tokenize(sql));
        return parser.Statement();
    }

    private SqlToken Current => tokens[index];

    private SelectStatement Statement()
    {
        if (!Current.IsWord("select"))
        {
            throw SqlTokenizer.Rejected(Current.Position, "Nur SELECT-Abfragen sind erlaubt");
        }

        index++;
        var distinct = Accept("distinct");
        var items = new List<SelectItem>();
        do
        {
            if (Current.IsSymbol("*"))
            {
                index++;
                items.Add(new SelectItem(new StarExpr(), null));
                continue;
            }

            var expression = Expression();
            string? alias = null;
            if (Accept("as"))
            {
                alias = Name("einen Spaltennamen nach AS");
            }
            else if (Current.Kind == TokenKind.QuotedName || Current.Kind == TokenKind.Word && !Reserved.Contains(Current.Text))
            {
                alias = Name("einen Spaltennamen");
            }

            items.Add(new SelectItem(expression, alias));
        }
        while (AcceptSymbol(","));

        Expect("from");
        if (Current.Kind != TokenKind.QuotedName)
        {
            throw SqlTokenizer.Rejected(Current.Position,
                Current.IsSymbol("(") ? "Unterabfragen sind nicht erlaubt" : "Nach FROM steht die Ressourcen-ID in doppelten Anführungszeichen");
        }

        var table = Current.Text;
        index++;
        string? tableAlias = null;
        if (Accept("as") || Current.Kind == TokenKind.Word && !Reserved.Contains(Current.Text))
        {
            tableAlias = Name("einen Tabellen-Alias");
        }

        if (Current.IsSymbol(",") || Current.IsWord("join"))
        {
            throw SqlTokenizer.Rejected(Current.Position, "Abfragen über mehrere Tabellen sind nicht erlaubt");
        }

        var where = Accept("where") ? Expression() : null;
        var groupBy = new List<SqlExpr>();
        if (Accept("group"))
        {
            Expect("by");
            do
            {
                groupBy.Add(Expression());
            }
            while (AcceptSymbol(","));
        }

        var having = Accept("having") ? Expression() : null;
        var orderBy = new List<OrderItem>();
        if (Accept("order"))
        {
            Expect("by");
            do
            {
                var expression = Expression();
                var descending = Accept("desc");
                if (!descending)
                {
                    Accept("asc");
                }

                orderBy.Add(new OrderItem(expression, descending));
            }
            while (AcceptSymbol(","));
        }

        long? limit = Accept("limit") ? Count("LIMIT") : null;
        long? offset = Accept("offset") ? Count("OFFSET") : null;
        if (limit is null && Accept("limit"))
        {
            limit = Count("LIMIT");
        }

        if (Current.Kind != TokenKind.End)
        {
            throw SqlTokenizer.Rejected(Current.Position, $"Unerwartet: „{Current.Text}“");
        }

        return new SelectStatement(distinct, items, table, tableAlias, where, groupBy, having, orderBy, limit, offset);
    }

    private long Count(string clause)
    {
        if (Current.Kind != TokenKind.Number || !long.TryParse(Current.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw SqlTokenizer.Rejected(Current.Position, $"{clause} braucht eine ganze Zahl");
        }

        index++;
        return value;
    }

    private SqlExpr Expression()
    {
        if (++depth > 100)
        {
            throw SqlTokenizer.Rejected(Current.Position, "Die Abfrage ist zu tief verschachtelt");
        }

        var result = Or();
        depth--;
        return result;
    }

    private SqlExpr Or()
    {
        var left = And();
        while (Accept("or"))
        {
            left = new BinaryExpr("OR", left, And());
        }

        return left;
    }

    private SqlExpr And()
    {
        var left = Not();
        while (Accept("and"))
        {
            left = new BinaryExpr("AND", left, Not());
        }

        return left;
    }

    private SqlExpr Not() => Accept("not") ? new UnaryExpr("NOT", Not()) : Predicate();

    private SqlExpr Predicate()
    {
        var left = Additive();
        if (Current.Kind == TokenKind.Symbol && Current.Text is "=" or "<>" or "!=" or "<" or "<=" or ">" or ">=")
        {
            var op = Current.Text == "!=" ? "<>" : Current.Text;
            index++;
            return new BinaryExpr(op, left, Additive());
        }

        if (Accept("is"))
        {
            var negated = Accept("not");
            Expect("null");
            return new IsNullExpr(left, negated);
        }

        var not = Accept("not");
        if (Current.IsWord("like") || Current.IsWord("ilike"))
        {
            var ignoreCase = Current.IsWord("ilike");
            index++;
            return new LikeExpr(left, Additive(), not, ignoreCase);
        }

        if (Accept("in"))
        {
            ExpectSymbol("(");
            if (Current.IsWord("select"))
            {
                throw SqlTokenizer.Rejected(Current.Position, "Unterabfragen sind nicht erlaubt");
            }

            var items = new List<SqlExpr>();
            do
            {
                items.Add(Additive());
            }
            while (AcceptSymbol(","));

            ExpectSymbol(")");
            return new InExpr(left, items, not);
        }

        if (Accept("between"))
        {
            var low = Additive();
            Expect("and");
            return new BetweenExpr(left, low, Additive(), not);
        }

        if (not)
        {
            throw SqlTokenizer.Rejected(Current.Position, "Nach NOT wird LIKE, IN oder BETWEEN erwartet");
        }

        return left;
    }

    private SqlExpr Additive()
    {
        var left = Multiplicative();
        while (Current.IsSymbol("+") || Current.IsSymbol("-"))
        {
            var op = Current.Text;
            index++;
            left = new BinaryExpr(op, left, Multiplicative());
        }

        return left;
    }

    private SqlExpr Multiplicative()
    {
        var left = Unary();
        while (Current.IsSymbol("*") || Current.IsSymbol("/") || Current.IsSymbol("%"))
        {
            var op = Current.Text;
            index++;
            left = new BinaryExpr(op, left, Unary());
        }

        return left;
    }

    private SqlExpr Unary() => AcceptSymbol("-") ? new UnaryExpr("-", Unary()) : Primary();

    private SqlExpr Primary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.String:
                index++;
                return new StringExpr(token.Text);
            case TokenKind.Number:
                index++;
                return new NumberExpr(token.Text);
            case TokenKind.QuotedName:
                index++;
                return Qualified(token.Text, quoted: true);
            case TokenKind.Symbol when token.Text == "(":
                index++;
                if (Current.IsWord("select"))
                {
                    throw SqlTokenizer.Rejected(Current.Position, "Unterabfragen sind nicht erlaubt");
                }

                var inner = Expression();
                ExpectSymbol(")");
                return inner;
            case TokenKind.Word when token.IsWord("null"):
                index++;
                return new NullExpr();
            case TokenKind.Word when token.IsWord("true") || token.IsWord("false"):
                index++;
                return new BooleanExpr(token.IsWord("true"));
            case TokenKind.Word when tokens[index + 1].IsSymbol("("):
                return Function();
            case TokenKind.Word when !Reserved.Contains(token.Text):
                index++;
                return Qualified(token.Text, quoted: false);
            default:
                throw SqlTokenizer.Rejected(token.Position, token.Kind == TokenKind.End ? "Die Abfrage endet zu früh" : $"Unerwartet: „{token.Text}“");
        }
    }

    private SqlExpr Qualified(string name, bool quoted)
    {
        if (!AcceptSymbol("."))
        {
            return new ColumnExpr(name, quoted, null);
        }

        var column = Current;
        if (column.Kind is not (TokenKind.Word or TokenKind.QuotedName))
        {
            throw SqlTokenizer.Rejected(column.Position, "Nach „.“ wird ein Spaltenname erwartet");
        }

        index++;
        return new ColumnExpr(column.Text, column.Kind == TokenKind.QuotedName, name);
    }

    private SqlExpr Function()
    {
        var token = Current;
        var name = token.Text.ToLowerInvariant();
        if (!Functions.Contains(name))
        {
            throw SqlTokenizer.Rejected(token.Position, $"Die Funktion „{token.Text}“ ist nicht erlaubt (erlaubt: {string.Join(", ", Functions.Order(StringComparer.Ordinal))})");
        }

        index += 2;
        var distinct = Accept("distinct");
        var arguments = new List<SqlExpr>();
        if (Current.IsSymbol("*") && name == "count")
        {
            index++;
            arguments.Add(new StarExpr());
        }
        else if (!Current.IsSymbol(")"))
        {
            do
            {
                arguments.Add(Expression());
            }
            while (AcceptSymbol(","));
        }

        ExpectSymbol(")");
        return new FunctionExpr(name, arguments, distinct);
    }

    private string Name(string what)
    {
        var token = Current;
        if (token.Kind == TokenKind.QuotedName || token.Kind == TokenKind.Word && !Reserved.Contains(token.Text))
        {
            index++;
            return token.Text;
        }

        throw SqlTokenizer.Rejected(token.Position, $"Erwartet wird {what}");
    }

    private bool Accept(string word)
    {
        if (Current.IsWord(word))
        {
            index++;
            return true;
        }

        return false;
    }

    private bool AcceptSymbol(string symbol)
    {
        if (Current.IsSymbol(symbol))
        {
            index++;
            return true;
        }

        return false;
    }

    private void Expect(string word)
    {
        if (!Accept(word))
        {
            throw SqlTokenizer.Rejected(Current.Position, $"Erwartet wird {word.ToUpperInvariant()}");
        }
    }

    private void ExpectSymbol(string symbol)
    {
        if (!AcceptSymbol(symbol))
        {
            throw SqlTokenizer.Rejected(Current.Position, $"Erwartet wird „{symbol}“");
        }
    }
}
