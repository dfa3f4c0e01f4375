using System.Globalization;

namespace Stadtkern.Features.Sensing.Query.Filter;

/// <summary>
/// Recursive-descent parser for the SensorThings 1.1 <c>$filter</c> / <c>$orderby</c> syntax (the OData subset the standard names).
/// Precedence from loose to tight: <c>or</c>, <c>and</c>, <c>not</c>, comparisons and <c>in</c>, <c>add</c>/<c>sub</c>,
/// <c>mul</c>/<c>div</c>/<c>mod</c>, unary <c>-</c>, primaries (literals, paths, calls, parentheses). <c>not</c> takes the
/// whole comparison after it (<c>not name eq 'x'</c> is <c>not (name eq 'x')</c>). Operators and function names are case-insensitive,
/// property names are not. Limits keep hostile input cheap: <see cref="MaxLength"/>, <see cref="MaxDepth"/>, <see cref="MaxNodes"/>.
/// </summary>
internal sealed class FilterParser
{
    /// <summary>Longest accepted text, in characters.</summary>
    public const int MaxLength = 8000;

    /// <summary>Deepest nesting of parentheses, operators and calls.</summary>
    public const int MaxDepth = 60;

    /// <summary>Most nodes in one expression.</summary>
    public const int MaxNodes = 1000;

    /// <summary>Highest tree (longest path from the root to a leaf).</summary>
    public const int MaxHeight = 200;

    private readonly List<FilterToken> tokens;
    private int index;
    private int depth;
    private int nodes;

    private FilterParser(string text)
    {
        if (text.Length > MaxLength)
        {
            throw new SensingQueryException($"The query option is longer than {MaxLength} characters.");
        }

        tokens = FilterLexer.Tokenize(text);
    }

    private FilterToken Current => tokens[index];

    /// <summary>Parses a <c>$filter</c> expression.</summary>
    public static FilterNode ParseFilter(string text)
    {
        var parser = new FilterParser(text);
        if (parser.Current.Kind == TokenKind.End)
        {
            throw FilterLexer.Error(0, "the filter is empty");
        }

        var node = parser.ParseExpression();
        parser.Expect(TokenKind.End, "end of the expression");
        CheckHeight(node);
        return node;
    }

    /// <summary>Parses a <c>$orderby</c> list: <c>expr [asc|desc], ...</c>.</summary>
    public static IReadOnlyList<OrderByItem> ParseOrderBy(string text)
    {
        var parser = new FilterParser(text);
        var items = new List<OrderByItem>();
        if (parser.Current.Kind == TokenKind.End)
        {
            throw FilterLexer.Error(0, "$orderby is empty");
        }

        while (true)
        {
            var expression = parser.ParseExpression();
            var descending = false;
            if (parser.Current.Kind == TokenKind.Identifier && IsWord(parser.Current, "asc"))
            {
                parser.index++;
            }
            else if (parser.Current.Kind == TokenKind.Identifier && IsWord(parser.Current, "desc"))
            {
                parser.index++;
                descending = true;
            }

            CheckHeight(expression);
            items.Add(new OrderByItem(expression, descending));
            if (parser.Current.Kind == TokenKind.Comma)
            {
                parser.index++;
                continue;
            }

            parser.Expect(TokenKind.End, "',' or the end of $orderby");
            return items;
        }
    }

    /// <summary>
    /// Chains such as <c>a and b and c ...</c> are parsed in loops, not by recursion, but make a tree as deep as they are long;
    /// the translation recurses over the tree, so its height is limited too.
    /// </summary>
    private static void CheckHeight(FilterNode root)
    {
        if (Height(root) > MaxHeight)
        {
            throw FilterLexer.Error(root.Position, $"the expression has more than {MaxHeight} operators in a row (use in (...) for long lists)");
        }
    }

    private static int Height(FilterNode node) => node switch
    {
        UnaryNode unary => 1 + Height(unary.Operand),
        BinaryNode binary => 1 + Math.Max(Height(binary.Left), Height(binary.Right)),
        InNode @in => 1 + Math.Max(Height(@in.Left), @in.Items.Max(Height)),
        FunctionNode function => 1 + (function.Arguments.Count == 0 ? 0 : function.Arguments.Max(Height)),
        LambdaNode lambda => 1 + (lambda.Predicate is null ? 0 : Height(lambda.Predicate)),
        _ => 1,
    };

    private static bool IsWord(FilterToken token, string word) =>
        token.Kind == TokenKind.Identifier && string.Equals(token.Text, word, StringComparison.OrdinalIgnoreCase);

    private void Enter()
    {
        if (++depth > MaxDepth)
        {
            throw FilterLexer.Error(Current.Position, $"the expression is nested deeper than {MaxDepth} levels");
        }
    }

    private T Node<T>(T node)
        where T : FilterNode
    {
        if (++nodes > MaxNodes)
        {
            throw FilterLexer.Error(node.Position, $"the expression has more than {MaxNodes} parts");
        }

        return node;
    }

    private FilterToken Expect(TokenKind kind, string what)
    {
        var token = Current;
        if (token.Kind != kind)
        {
            throw FilterLexer.Error(token.Position, $"expected {what} but found {Describe(token)}");
        }

        index++;
        return token;
    }

    private static string Describe(FilterToken token) => token.Kind == TokenKind.End ? "the end of the text" : $"'{token.Text}'";

    private FilterNode ParseExpression()
    {
        Enter();
        var left = ParseAnd();
        while (IsWord(Current, "or"))
        {
            var position = Current.Position;
            index++;
            left = Node(new BinaryNode(position, BinaryOperator.Or, left, ParseAnd()));
        }

        depth--;
        return left;
    }

    private FilterNode ParseAnd()
    {
        var left = ParseNot();
        while (IsWord(Current, "and"))
        {
            var position = Current.Position;
            index++;
            left = Node(new BinaryNode(position, BinaryOperator.And, left, ParseNot()));
        }

        return left;
    }

    private FilterNode ParseNot()
    {
        if (IsWord(Current, "not") && tokens[index + 1].Kind != TokenKind.End)
        {
            var position = Current.Position;
            index++;
            Enter();
            var operand = ParseNot();
            depth--;
            return Node(new UnaryNode(position, UnaryOperator.Not, operand));
        }

        return ParseComparison();
    }

    private static BinaryOperator? ComparisonOperator(FilterToken token) => token.Kind != TokenKind.Identifier ? null : token.Text.ToLowerInvariant() switch
    {
        "eq" => BinaryOperator.Eq,
        "ne" => BinaryOperator.Ne,
        "gt" => BinaryOperator.Gt,
        "ge" => BinaryOperator.Ge,
        "lt" => BinaryOperator.Lt,
        "le" => BinaryOperator.Le,
        _ => null,
    };

    private FilterNode ParseComparison()
    {
        var left = ParseAdditive();
        while (true)
        {
            var position = Current.Position;
            if (ComparisonOperator(Current) is { } op)
            {
                index++;
                left = Node(new BinaryNode(position, op, left, ParseAdditive()));
                continue;
            }

            if (IsWord(Current, "in"))
            {
                index++;
                Expect(TokenKind.OpenParen, "'(' after in");
                var items = new List<FilterNode>();
                if (Current.Kind != TokenKind.CloseParen)
                {
                    items.Add(ParseAdditive());
                    while (Current.Kind == TokenKind.Comma)
                    {
                        index++;
                        items.Add(ParseAdditive());
                    }
                }

                Expect(TokenKind.CloseParen, "',' or ')' in the in list");
                if (items.Count == 0)
                {
                    throw FilterLexer.Error(position, "the in list is empty");
                }

                left = Node(new InNode(position, left, items));
                continue;
            }

            return left;
        }
    }

    private FilterNode ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (true)
        {
            var position = Current.Position;
            BinaryOperator? op = IsWord(Current, "add") ? BinaryOperator.Add : IsWord(Current, "sub") ? BinaryOperator.Sub : null;
            if (op is null)
            {
                return left;
            }

            index++;
            left = Node(new BinaryNode(position, op.Value, left, ParseMultiplicative()));
        }
    }

    private FilterNode ParseMultiplicative()
    {
        var left = ParseUnary();
        while (true)
        {
            var position = Current.Position;
            BinaryOperator? op = IsWord(Current, "mul") ? BinaryOperator.Mul
                : IsWord(Current, "div") ? BinaryOperator.Div
                : IsWord(Current, "mod") ? BinaryOperator.Mod
                : null;
            if (op is null)
            {
                return left;
            }

            index++;
            left = Node(new BinaryNode(position, op.Value, left, ParseUnary()));
        }
    }

    private FilterNode ParseUnary()
    {
        if (Current.Kind == TokenKind.Minus)
        {
            var position = Current.Position;
            index++;
            Enter();
            var operand = ParseUnary();
            depth--;
            return Node(new UnaryNode(position, UnaryOperator.Negate, operand));
        }

        return ParsePrimary();
    }

    private FilterNode ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Literal:
                index++;
                return Node(token.Literal!);
            case TokenKind.OpenParen:
                index++;
                var inner = ParseExpression();
                Expect(TokenKind.CloseParen, "')'");
                return inner;
            case TokenKind.Identifier:
                return ParseIdentifier();
            default:
                throw FilterLexer.Error(token.Position, $"expected a value, a property or a function but found {Describe(token)}");
        }
    }

    private FilterNode ParseIdentifier()
    {
        var token = Current;
        var lower = token.Text.ToLowerInvariant();
        switch (lower)
        {
            case "true":
                index++;
                return Node(new LiteralNode(token.Position, LiteralKind.Boolean, true));
            case "false":
                index++;
                return Node(new LiteralNode(token.Position, LiteralKind.Boolean, false));
            case "null":
                index++;
                return Node(new LiteralNode(token.Position, LiteralKind.Null, null));
        }

        if (tokens[index + 1].Kind == TokenKind.OpenParen)
        {
            if (!FilterFunctions.Arity.TryGetValue(lower, out var arity))
            {
                throw FilterLexer.Error(token.Position, $"unknown function '{token.Text}'");
            }

            index += 2;
            Enter();
            var arguments = new List<FilterNode>();
            if (Current.Kind != TokenKind.CloseParen)
            {
                arguments.Add(ParseExpression());
                while (Current.Kind == TokenKind.Comma)
                {
                    index++;
                    arguments.Add(ParseExpression());
                }
            }

            Expect(TokenKind.CloseParen, $"',' or ')' in {lower}(...)");
            depth--;
            if (arguments.Count < arity.Min || arguments.Count > arity.Max)
            {
                var expected = arity.Min == arity.Max
                    ? arity.Min.ToString(CultureInfo.InvariantCulture)
                    : $"{arity.Min.ToString(CultureInfo.InvariantCulture)} to {arity.Max.ToString(CultureInfo.InvariantCulture)}";
                throw FilterLexer.Error(token.Position, $"{lower}() takes {expected} argument(s), not {arguments.Count.ToString(CultureInfo.InvariantCulture)}");
            }

            return Node(new FunctionNode(token.Position, lower, arguments));
        }

        return ParsePath();
    }

    private FilterNode ParsePath()
    {
        var start = Current.Position;
        var segments = new List<string> { Current.Text };
        index++;
        while (Current.Kind == TokenKind.Slash)
        {
            index++;
            var token = Current;
            if (token.Kind == TokenKind.Identifier && (IsWord(token, "any") || IsWord(token, "all")) && tokens[index + 1].Kind == TokenKind.OpenParen)
            {
                return ParseLambda(new PathNode(start, segments), IsWord(token, "all"), token.Position);
            }

            if (token.Kind == TokenKind.Identifier)
            {
                segments.Add(token.Text);
            }
            else if (token.Kind == TokenKind.Literal && token.Literal!.Kind == LiteralKind.Integer && (long)token.Literal.Value! >= 0)
            {
                // An array index inside a JSON property: properties/values/0.
                segments.Add(((long)token.Literal.Value!).ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                throw FilterLexer.Error(token.Position, $"expected a property name after '/' but found {Describe(token)}");
            }

            index++;
        }

        return Node(new PathNode(start, segments));
    }

    private LambdaNode ParseLambda(PathNode collection, bool isAll, int position)
    {
        index += 2;
        Enter();
        if (Current.Kind == TokenKind.CloseParen)
        {
            index++;
            depth--;
            if (isAll)
            {
                throw FilterLexer.Error(position, "all() needs a variable and a condition");
            }

            return Node(new LambdaNode(position, collection, false, null, null));
        }

        var variable = Expect(TokenKind.Identifier, "a lambda variable name");
        Expect(TokenKind.Colon, "':' after the lambda variable");
        var predicate = ParseExpression();
        Expect(TokenKind.CloseParen, "')' to close the lambda");
        depth--;
        return Node(new LambdaNode(position, collection, isAll, variable.Text, predicate));
    }
}
