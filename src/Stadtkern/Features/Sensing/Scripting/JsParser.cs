using System.Runtime.CompilerServices;

namespace Stadtkern.Features.Sensing.Scripting;

/// <summary>
/// Recursive-descent parser for the codec subset of JavaScript (ES5 statements plus let/const, arrow functions,
/// template literals, destructuring declarations, spread, optional chaining, <c>**</c> and <c>??</c>).
/// Errors are <see cref="CodecException"/>s with line and column.
/// </summary>
internal sealed class JsParser
{
    private const int MaxNesting = 128;

    private static readonly Dictionary<string, int> BinaryPrecedence = new(StringComparer.Ordinal)
    {
        ["??"] = 1,
        ["||"] = 2,
        ["&&"] = 3,
        ["|"] = 4,
        ["^"] = 5,
        ["&"] = 6,
        ["=="] = 7,
        ["!="] = 7,
        ["==="] = 7,
        ["!=="] = 7,
        ["<"] = 8,
        [">"] = 8,
        ["<="] = 8,
        [">="] = 8,
        ["instanceof"] = 8,
        ["in"] = 8,
        ["<<"] = 9,
        [">>"] = 9,
        [">>>"] = 9,
        ["+"] = 10,
        ["-"] = 10,
        ["*"] = 11,
        ["/"] = 11,
        ["%"] = 11,
    };

    private static readonly HashSet<string> AssignmentOperators =
        ["=", "+=", "-=", "*=", "/=", "%=", "**=", "<<=", ">>=", ">>>=", "&=", "|=", "^=", "&&=", "||=", "??="];

    private readonly List<Token> _tokens;
    private readonly Stack<FunctionInfo?> _functions = new();
    private readonly List<string> _topLevelVars = [];
    private int _index;
    private int _nesting;

    private JsParser(List<Token> tokens)
    {
        _tokens = tokens;
        _functions.Push(null);
    }

    public static JsProgram ParseProgram(string source)
    {
        var parser = new JsParser(new JsLexer(source).Tokenize());
        var body = new List<Stmt>();
        while (parser.Current.Kind != TokenKind.End)
        {
            body.Add(parser.ParseStatement());
        }

        return new JsProgram(body, parser._topLevelVars.Distinct(StringComparer.Ordinal).ToList());
    }

    private Token Current => _tokens[_index];

    private Token Peek(int ahead = 1) => _tokens[Math.Min(_index + ahead, _tokens.Count - 1)];

    private Token Next() => _tokens[_index++ < _tokens.Count - 1 ? _index - 1 : _tokens.Count - 1];

    private bool At(string punctuator) => Current.Is(punctuator);

    private bool Eat(string punctuator)
    {
        if (!At(punctuator))
        {
            return false;
        }

        _index++;
        return true;
    }

    private Token Expect(string punctuator)
    {
        if (!At(punctuator))
        {
            throw Error($"Expected '{punctuator}' but found {Describe(Current)}", Current);
        }

        return Next();
    }

    private static string Describe(Token token) => token.Kind switch
    {
        TokenKind.End => "end of input",
        TokenKind.Number => "a number",
        TokenKind.String => "a string",
        TokenKind.Template => "a template literal",
        TokenKind.Identifier or TokenKind.Keyword or TokenKind.Punctuator => $"'{token.Text}'",
        _ => "a token",
    };

    private static CodecException Error(string message, Token at) => new(message, CodecFailure.Syntax, at.Line, at.Column);

    private string ExpectIdentifier()
    {
        var token = Current;
        if (token.Kind != TokenKind.Identifier)
        {
            throw Error($"Expected a name but found {Describe(token)}", token);
        }

        _index++;
        if (token.Text == "arguments" && _functions.Peek() is { } f)
        {
            f.UsesArguments = true;
        }

        return token.Text;
    }

    private void ConsumeSemicolon()
    {
        if (Eat(";") || At("}") || Current.Kind == TokenKind.End || Current.NewlineBefore)
        {
            return;
        }

        throw Error($"Expected ';' but found {Describe(Current)}", Current);
    }

    private void Enter()
    {
        if (++_nesting > MaxNesting || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw Error("Code is nested too deeply", Current);
        }
    }

    private void DeclareVar(string name)
    {
        if (_functions.Peek() is { } f)
        {
            f.VarNames.Add(name);
        }
        else
        {
            _topLevelVars.Add(name);
        }
    }

    private static IEnumerable<string> BoundNames(Pattern pattern) => pattern switch
    {
        NamePattern n => [n.Name],
        ObjectPattern o => o.Elements.SelectMany(e => BoundNames(e.Target)),
        ArrayPattern a => a.Elements.Where(e => e is not null).SelectMany(e => BoundNames(e!.Target)),
        _ => [],
    };

    // ---- statements ----

    private Stmt ParseStatement()
    {
        Enter();
        try
        {
            return ParseStatementCore();
        }
        finally
        {
            _nesting--;
        }
    }

    private bool IsLetDeclaration() =>
        Current.Kind == TokenKind.Identifier && Current.Text == "let" && (Peek().Kind == TokenKind.Identifier || Peek().Is("[") || Peek().Is("{"));

    private Stmt ParseStatementCore()
    {
        var token = Current;
        if (token.Is("var") || token.Is("const") || IsLetDeclaration())
        {
            var declaration = ParseVarDeclarations(noIn: false);
            ConsumeSemicolon();
            return declaration;
        }

        if (token.Kind == TokenKind.Identifier && Peek().Is(":"))
        {
            _index += 2;
            return new LabeledStmt(token.Line, token.Column, token.Text, ParseStatement());
        }

        if (token.Kind != TokenKind.Keyword && token.Kind != TokenKind.Punctuator)
        {
            return ParseExpressionStatement();
        }

        switch (token.Text)
        {
            case "{":
                return ParseBlock();
            case ";":
                _index++;
                return new EmptyStmt(token.Line, token.Column);
            case "function":
                {
                    _index++;
                    var name = ExpectIdentifier();
                    var function = ParseFunctionRest(name);
                    DeclareVar(name);
                    return new FunctionStmt(token.Line, token.Column, function);
                }

            case "return":
                {
                    _index++;
                    Expr? value = null;
                    if (!At(";") && !At("}") && Current.Kind != TokenKind.End && !Current.NewlineBefore)
                    {
                        value = ParseExpression();
                    }

                    ConsumeSemicolon();
                    return new ReturnStmt(token.Line, token.Column, value);
                }

            case "if":
                {
                    _index++;
                    Expect("(");
                    var test = ParseExpression();
                    Expect(")");
                    var then = ParseStatement();
                    var otherwise = Eat("else") ? ParseStatement() : null;
                    return new IfStmt(token.Line, token.Column, test, then, otherwise);
                }

            case "for":
                return ParseFor();
            case "while":
                {
                    _index++;
                    Expect("(");
                    var test = ParseExpression();
                    Expect(")");
                    return new WhileStmt(token.Line, token.Column, test, ParseStatement(), doWhile: false);
                }

            case "do":
                {
                    _index++;
                    var body = ParseStatement();
                    Expect("while");
                    Expect("(");
                    var test = ParseExpression();
                    Expect(")");
                    Eat(";");
                    return new WhileStmt(token.Line, token.Column, test, body, doWhile: true);
                }

            case "break":
            case "continue":
                {
                    _index++;
                    string? label = null;
                    if (Current.Kind == TokenKind.Identifier && !Current.NewlineBefore)
                    {
                        label = Next().Text;
                    }

                    ConsumeSemicolon();
                    return new JumpStmt(token.Line, token.Column, token.Text == "break", label);
                }

            case "throw":
                {
                    _index++;
                    if (Current.NewlineBefore)
                    {
                        throw Error("Line break after 'throw'", Current);
                    }

                    var value = ParseExpression();
                    ConsumeSemicolon();
                    return new ThrowStmt(token.Line, token.Column, value);
                }

            case "try":
                return ParseTry();
            case "switch":
                return ParseSwitch();
            default:
                return ParseExpressionStatement();
        }
    }

    private ExprStmt ParseExpressionStatement()
    {
        var token = Current;
        var expression = ParseExpression();
        ConsumeSemicolon();
        return new ExprStmt(token.Line, token.Column, expression);
    }

    private BlockStmt ParseBlock()
    {
        var open = Expect("{");
        var body = new List<Stmt>();
        while (!At("}"))
        {
            if (Current.Kind == TokenKind.End)
            {
                throw Error("Expected '}' but found end of input", Current);
            }

            body.Add(ParseStatement());
        }

        _index++;
        return new BlockStmt(open.Line, open.Column, body);
    }

    private VarStmt ParseVarDeclarations(bool noIn)
    {
        var token = Next();
        var declarations = new List<Declarator>();
        do
        {
            var target = ParseBindingTarget();
            Expr? init = null;
            if (Eat("="))
            {
                init = ParseAssignment(noIn);
            }
            else if (token.Text == "const" && !(noIn && (At("of") || At("in") || (Current.Kind == TokenKind.Identifier && Current.Text == "of"))))
            {
                throw Error("Missing initializer in const declaration", Current);
            }

            if (token.Text == "var")
            {
                foreach (var name in BoundNames(target))
                {
                    DeclareVar(name);
                }
            }

            declarations.Add(new Declarator(target, init));
        }
        while (Eat(","));
        return new VarStmt(token.Line, token.Column, token.Text, declarations);
    }

    private Pattern ParseBindingTarget()
    {
        var token = Current;
        if (Eat("{"))
        {
            var elements = new List<PatternElement>();
            while (!Eat("}"))
            {
                if (Eat("..."))
                {
                    var restName = Current;
                    elements.Add(new PatternElement(null, new NamePattern(restName.Line, restName.Column, ExpectIdentifier()), null, Rest: true));
                }
                else
                {
                    var keyToken = Next();
                    var key = keyToken.Kind switch
                    {
                        TokenKind.Identifier or TokenKind.Keyword or TokenKind.String => keyToken.Text,
                        TokenKind.Number => JsConvert.NumberToString(keyToken.Number),
                        _ => throw Error($"Unexpected {Describe(keyToken)} in a destructuring pattern", keyToken),
                    };
                    Pattern target = Eat(":") ? ParseBindingTarget() : new NamePattern(keyToken.Line, keyToken.Column, key);
                    if (target is NamePattern { Name: var n } && JsLexer.IsKeyword(n))
                    {
                        throw Error($"'{n}' cannot be a variable name", keyToken);
                    }

                    var fallback = Eat("=") ? ParseAssignment(noIn: false) : null;
                    elements.Add(new PatternElement(key, target, fallback, Rest: false));
                }

                if (!At("}"))
                {
                    Expect(",");
                }
            }

            return new ObjectPattern(token.Line, token.Column, elements);
        }

        if (Eat("["))
        {
            var elements = new List<PatternElement?>();
            while (!Eat("]"))
            {
                if (At(","))
                {
                    _index++;
                    elements.Add(null);
                    continue;
                }

                var rest = Eat("...");
                var target = ParseBindingTarget();
                var fallback = !rest && Eat("=") ? ParseAssignment(noIn: false) : null;
                elements.Add(new PatternElement(null, target, fallback, rest));
                if (!At("]"))
                {
                    Expect(",");
                }
            }

            return new ArrayPattern(token.Line, token.Column, elements);
        }

        return new NamePattern(token.Line, token.Column, ExpectIdentifier());
    }

    private Stmt ParseFor()
    {
        var token = Next();
        Expect("(");
        Stmt? init = null;
        if (At(";"))
        {
            // no initialiser
        }
        else if (At("var") || At("const") || IsLetDeclaration())
        {
            var declaration = ParseVarDeclarations(noIn: true);
            if (declaration.Declarations.Count == 1 && declaration.Declarations[0].Init is null && IsInOrOf(out var isOf))
            {
                var source = isOf ? ParseAssignment(noIn: false) : ParseExpression();
                Expect(")");
                return new ForInStmt(token.Line, token.Column, declaration.Kind, declaration.Declarations[0].Target, null, source, isOf, ParseStatement());
            }

            init = declaration;
        }
        else
        {
            var start = Current;
            var expression = ParseExpression(noIn: true);
            if (IsInOrOf(out var isOf))
            {
                if (expression is not (IdentifierExpr or MemberExpr))
                {
                    throw Error("Invalid left-hand side in for loop", start);
                }

                var source = isOf ? ParseAssignment(noIn: false) : ParseExpression();
                Expect(")");
                return new ForInStmt(token.Line, token.Column, null, null, expression, source, isOf, ParseStatement());
            }

            init = new ExprStmt(start.Line, start.Column, expression);
        }

        Expect(";");
        var test = At(";") ? null : ParseExpression();
        Expect(";");
        var update = At(")") ? null : ParseExpression();
        Expect(")");
        return new ForStmt(token.Line, token.Column, init, test, update, ParseStatement());
    }

    private bool IsInOrOf(out bool isOf)
    {
        isOf = Current.Kind == TokenKind.Identifier && Current.Text == "of";
        if (isOf || At("in"))
        {
            _index++;
            return true;
        }

        return false;
    }

    private TryStmt ParseTry()
    {
        var token = Next();
        var block = ParseBlock();
        Pattern? parameter = null;
        BlockStmt? handler = null;
        BlockStmt? finalizer = null;
        if (Eat("catch"))
        {
            if (Eat("("))
            {
                parameter = ParseBindingTarget();
                Expect(")");
            }

            handler = ParseBlock();
        }

        if (Eat("finally"))
        {
            finalizer = ParseBlock();
        }

        if (handler is null && finalizer is null)
        {
            throw Error("Missing catch or finally after try", Current);
        }

        return new TryStmt(token.Line, token.Column, block, parameter, handler, finalizer);
    }

    private SwitchStmt ParseSwitch()
    {
        var token = Next();
        Expect("(");
        var discriminant = ParseExpression();
        Expect(")");
        Expect("{");
        var cases = new List<SwitchCase>();
        var seenDefault = false;
        while (!Eat("}"))
        {
            Expr? test = null;
            if (Eat("default"))
            {
                if (seenDefault)
                {
                    throw Error("More than one default clause in switch", Current);
                }

                seenDefault = true;
            }
            else
            {
                Expect("case");
                test = ParseExpression();
            }

            Expect(":");
            var body = new List<Stmt>();
            while (!At("case") && !At("default") && !At("}"))
            {
                if (Current.Kind == TokenKind.End)
                {
                    throw Error("Expected '}' but found end of input", Current);
                }

                body.Add(ParseStatement());
            }

            cases.Add(new SwitchCase(test, body));
        }

        return new SwitchStmt(token.Line, token.Column, discriminant, cases);
    }

    private FunctionInfo ParseFunctionRest(string? name)
    {
        Expect("(");
        var parameters = ParseParameters();
        return ParseFunctionBody(name, parameters, isArrow: false);
    }

    private List<Parameter> ParseParameters()
    {
        var parameters = new List<Parameter>();
        while (!Eat(")"))
        {
            var rest = Eat("...");
            var target = ParseBindingTarget();
            var fallback = !rest && Eat("=") ? ParseAssignment(noIn: false) : null;
            parameters.Add(new Parameter(target, fallback, rest));
            if (!At(")"))
            {
                Expect(",");
            }
        }

        return parameters;
    }

    private FunctionInfo ParseFunctionBody(string? name, List<Parameter> parameters, bool isArrow)
    {
        var placeholder = new FunctionInfo(name, parameters, [], null, isArrow);
        _functions.Push(placeholder);
        try
        {
            if (isArrow && !At("{"))
            {
                var expression = ParseAssignment(noIn: false);
                var arrow = new FunctionInfo(name, parameters, [], expression, isArrow: true) { UsesArguments = placeholder.UsesArguments };
                arrow.VarNames.AddRange(placeholder.VarNames);
                return arrow;
            }

            var block = ParseBlock();
            var function = new FunctionInfo(name, parameters, block.Body, null, isArrow) { UsesArguments = placeholder.UsesArguments };
            function.VarNames.AddRange(placeholder.VarNames.Distinct(StringComparer.Ordinal));
            return function;
        }
        finally
        {
            _functions.Pop();
            // An arrow function sees its enclosing function's arguments.
            if (isArrow && placeholder.UsesArguments && _functions.Peek() is { } outer)
            {
                outer.UsesArguments = true;
            }
        }
    }

    // ---- expressions ----

    private Expr ParseExpression(bool noIn = false)
    {
        var start = Current;
        var first = ParseAssignment(noIn);
        if (!At(","))
        {
            return first;
        }

        var list = new List<Expr> { first };
        while (Eat(","))
        {
            list.Add(ParseAssignment(noIn));
        }

        return new SequenceExpr(start.Line, start.Column, list);
    }

    private Expr ParseAssignment(bool noIn)
    {
        Enter();
        try
        {
            var start = Current;
            if (IsArrowAhead())
            {
                return ParseArrow();
            }

            var left = ParseConditional(noIn);
            if (Current.Kind == TokenKind.Punctuator && AssignmentOperators.Contains(Current.Text))
            {
                var op = Next();
                if (left is not (IdentifierExpr or MemberExpr { Optional: false }))
                {
                    throw Error("Invalid assignment target", start);
                }

                var value = ParseAssignment(noIn);
                return new AssignExpr(op.Line, op.Column, op.Text == "=" ? "=" : op.Text[..^1], left, value);
            }

            return left;
        }
        finally
        {
            _nesting--;
        }
    }

    private bool IsArrowAhead()
    {
        if (Current.Kind == TokenKind.Identifier)
        {
            return Peek().Is("=>") && !Peek().NewlineBefore;
        }

        if (!At("("))
        {
            return false;
        }

        var depth = 0;
        for (var i = _index; i < _tokens.Count; i++)
        {
            var t = _tokens[i];
            if (t.Kind == TokenKind.End)
            {
                return false;
            }

            if (t.Is("(") || t.Is("[") || t.Is("{"))
            {
                depth++;
            }
            else if (t.Is(")") || t.Is("]") || t.Is("}"))
            {
                depth--;
                if (depth == 0)
                {
                    return i + 1 < _tokens.Count && _tokens[i + 1].Is("=>");
                }
            }
        }

        return false;
    }

    private FunctionExpr ParseArrow()
    {
        var start = Current;
        List<Parameter> parameters;
        if (Current.Kind == TokenKind.Identifier)
        {
            parameters = [new Parameter(new NamePattern(start.Line, start.Column, ExpectIdentifier()), null, false)];
        }
        else
        {
            Expect("(");
            parameters = ParseParameters();
        }

        Expect("=>");
        return new FunctionExpr(start.Line, start.Column, ParseFunctionBody(null, parameters, isArrow: true));
    }

    private Expr ParseConditional(bool noIn)
    {
        var test = ParseBinary(1, noIn);
        if (!At("?"))
        {
            return test;
        }

        var question = Next();
        var then = ParseAssignment(noIn: false);
        Expect(":");
        var otherwise = ParseAssignment(noIn);
        return new ConditionalExpr(question.Line, question.Column, test, then, otherwise);
    }

    private Expr ParseBinary(int minPrecedence, bool noIn)
    {
        var left = ParseUnary();
        while (true)
        {
            var token = Current;
            if (token.Kind is not (TokenKind.Punctuator or TokenKind.Keyword)
                || !BinaryPrecedence.TryGetValue(token.Text, out var precedence) || precedence < minPrecedence
                || (noIn && token.Text == "in"))
            {
                return left;
            }

            _index++;
            Enter();
            try
            {
                var right = ParseBinary(precedence + 1, noIn);
                left = token.Text is "&&" or "||" or "??"
                    ? new LogicalExpr(token.Line, token.Column, token.Text, left, right)
                    : new BinaryExpr(token.Line, token.Column, token.Text, left, right);
            }
            finally
            {
                _nesting--;
            }
        }
    }

    private Expr ParseUnary()
    {
        var token = Current;
        if (token.Kind is TokenKind.Punctuator or TokenKind.Keyword)
        {
            switch (token.Text)
            {
                case "!" or "~" or "+" or "-" or "typeof" or "void" or "delete":
                    {
                        _index++;
                        Enter();
                        try
                        {
                            var operand = ParseUnary();
                            if (At("**"))
                            {
                                throw Error("Unary operator before '**' needs parentheses", Current);
                            }

                            return new UnaryExpr(token.Line, token.Column, token.Text, operand);
                        }
                        finally
                        {
                            _nesting--;
                        }
                    }

                case "++" or "--":
                    {
                        _index++;
                        var target = ParseUnary();
                        CheckUpdateTarget(target, token);
                        return new UpdateExpr(token.Line, token.Column, token.Text == "++", prefix: true, target);
                    }
            }
        }

        var expression = ParsePostfix();
        if (At("**"))
        {
            var op = Next();
            Enter();
            try
            {
                // Right-associative: a ** b ** c is a ** (b ** c).
                var right = ParseUnary();
                return new BinaryExpr(op.Line, op.Column, "**", expression, right);
            }
            finally
            {
                _nesting--;
            }
        }

        return expression;
    }

    private static void CheckUpdateTarget(Expr target, Token at)
    {
        if (target is not (IdentifierExpr or MemberExpr { Optional: false }))
        {
            throw Error("Invalid increment/decrement target", at);
        }
    }

    private Expr ParsePostfix()
    {
        var expression = ParseCallOrMember();
        if ((At("++") || At("--")) && !Current.NewlineBefore)
        {
            var op = Next();
            CheckUpdateTarget(expression, op);
            return new UpdateExpr(op.Line, op.Column, op.Text == "++", prefix: false, expression);
        }

        return expression;
    }

    private Expr ParseCallOrMember()
    {
        var token = Current;
        Expr expression;
        if (At("new"))
        {
            _index++;
            Enter();
            try
            {
                var callee = ParseNewCallee();
                var arguments = Eat("(") ? ParseArguments() : [];
                expression = new NewExpr(token.Line, token.Column, callee, arguments);
            }
            finally
            {
                _nesting--;
            }
        }
        else
        {
            expression = ParsePrimary();
        }

        while (true)
        {
            var t = Current;
            if (Eat("."))
            {
                expression = new MemberExpr(t.Line, t.Column, expression, PropertyName(), null, optional: false);
            }
            else if (Eat("?."))
            {
                if (Eat("("))
                {
                    expression = new CallExpr(t.Line, t.Column, expression, ParseArguments(), optional: true);
                }
                else if (Eat("["))
                {
                    var index = ParseExpression();
                    Expect("]");
                    expression = new MemberExpr(t.Line, t.Column, expression, null, index, optional: true);
                }
                else
                {
                    expression = new MemberExpr(t.Line, t.Column, expression, PropertyName(), null, optional: true);
                }
            }
            else if (Eat("["))
            {
                var index = ParseExpression();
                Expect("]");
                expression = new MemberExpr(t.Line, t.Column, expression, null, index, optional: false);
            }
            else if (Eat("("))
            {
                expression = new CallExpr(t.Line, t.Column, expression, ParseArguments(), optional: false);
            }
            else if (t.Kind == TokenKind.Template)
            {
                throw Error("Tagged template literals are not supported", t);
            }
            else
            {
                return expression;
            }
        }
    }

    private Expr ParseNewCallee()
    {
        if (At("new"))
        {
            return ParseCallOrMember();
        }

        var expression = ParsePrimary();
        while (true)
        {
            var t = Current;
            if (Eat("."))
            {
                expression = new MemberExpr(t.Line, t.Column, expression, PropertyName(), null, optional: false);
            }
            else if (Eat("["))
            {
                var index = ParseExpression();
                Expect("]");
                expression = new MemberExpr(t.Line, t.Column, expression, null, index, optional: false);
            }
            else
            {
                return expression;
            }
        }
    }

    private string PropertyName()
    {
        var token = Current;
        if (token.Kind is TokenKind.Identifier or TokenKind.Keyword)
        {
            _index++;
            return token.Text;
        }

        throw Error($"Expected a property name but found {Describe(token)}", token);
    }

    private List<Expr> ParseArguments()
    {
        var arguments = new List<Expr>();
        while (!Eat(")"))
        {
            var t = Current;
            arguments.Add(Eat("...") ? new SpreadExpr(t.Line, t.Column, ParseAssignment(noIn: false)) : ParseAssignment(noIn: false));
            if (!At(")"))
            {
                Expect(",");
            }
        }

        return arguments;
    }

    private Expr ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                _index++;
                return new LiteralExpr(token.Line, token.Column, token.Number);
            case TokenKind.String:
                _index++;
                return new LiteralExpr(token.Line, token.Column, token.Text);
            case TokenKind.Template:
                _index++;
                return ParseTemplate(token);
            case TokenKind.Identifier:
                return new IdentifierExpr(token.Line, token.Column, ExpectIdentifier());
            case TokenKind.End:
                throw Error("Unexpected end of input", token);
        }

        switch (token.Text)
        {
            case "true":
                _index++;
                return new LiteralExpr(token.Line, token.Column, true);
            case "false":
                _index++;
                return new LiteralExpr(token.Line, token.Column, false);
            case "null":
                _index++;
                return new LiteralExpr(token.Line, token.Column, null);
            case "this":
                _index++;
                return new ThisExpr(token.Line, token.Column);
            case "(":
                {
                    _index++;
                    var inner = ParseExpression();
                    Expect(")");
                    return inner;
                }

            case "[":
                return ParseArrayLiteral();
            case "{":
                return ParseObjectLiteral();
            case "function":
                {
                    _index++;
                    var name = Current.Kind == TokenKind.Identifier ? ExpectIdentifier() : null;
                    return new FunctionExpr(token.Line, token.Column, ParseFunctionRest(name));
                }

            case "/" or "/=":
                throw Error("Regular expressions are not supported by the codec sandbox", token);
            default:
                throw Error($"Unexpected {Describe(token)}", token);
        }
    }

    private TemplateExpr ParseTemplate(Token token)
    {
        var expressions = new List<Expr>();
        foreach (var (source, line, column) in token.TemplateExpressions!)
        {
            var tokens = new JsLexer(source, line, column).Tokenize();
            var inner = new JsParser(tokens) { _nesting = _nesting };
            foreach (var f in _functions.Reverse())
            {
                inner._functions.Push(f);
            }

            var expression = inner.ParseExpression();
            if (inner.Current.Kind != TokenKind.End)
            {
                throw Error($"Unexpected {Describe(inner.Current)} in template expression", inner.Current);
            }

            expressions.Add(expression);
        }

        return new TemplateExpr(token.Line, token.Column, token.TemplateStrings!, expressions);
    }

    private ArrayExpr ParseArrayLiteral()
    {
        var open = Next();
        var elements = new List<Expr?>();
        while (!Eat("]"))
        {
            if (At(","))
            {
                _index++;
                elements.Add(null);
                continue;
            }

            var t = Current;
            elements.Add(Eat("...") ? new SpreadExpr(t.Line, t.Column, ParseAssignment(noIn: false)) : ParseAssignment(noIn: false));
            if (!At("]"))
            {
                Expect(",");
            }
        }

        return new ArrayExpr(open.Line, open.Column, elements);
    }

    private ObjectExpr ParseObjectLiteral()
    {
        var open = Next();
        var properties = new List<PropertyInit>();
        while (!Eat("}"))
        {
            var keyToken = Current;
            if (Eat("..."))
            {
                properties.Add(new PropertyInit(null, null, ParseAssignment(noIn: false)));
            }
            else
            {
                string? key = null;
                Expr? computed = null;
                if (Eat("["))
                {
                    computed = ParseAssignment(noIn: false);
                    Expect("]");
                }
                else
                {
                    _index++;
                    key = keyToken.Kind switch
                    {
                        TokenKind.Identifier or TokenKind.Keyword or TokenKind.String => keyToken.Text,
                        TokenKind.Number => JsConvert.NumberToString(keyToken.Number),
                        _ => throw Error($"Unexpected {Describe(keyToken)} in object literal", keyToken),
                    };
                }

                Expr value;
                if (Eat(":"))
                {
                    value = ParseAssignment(noIn: false);
                }
                else if (At("("))
                {
                    value = new FunctionExpr(keyToken.Line, keyToken.Column, ParseFunctionRest(null));
                }
                else if (key is not null && keyToken.Kind == TokenKind.Identifier)
                {
                    value = new IdentifierExpr(keyToken.Line, keyToken.Column, key);
                }
                else
                {
                    throw Error($"Expected ':' but found {Describe(Current)}", Current);
                }

                properties.Add(new PropertyInit(key, computed, value));
            }

            if (!At("}"))
            {
                Expect(",");
            }
        }

        return new ObjectExpr(open.Line, open.Column, properties);
    }
}
