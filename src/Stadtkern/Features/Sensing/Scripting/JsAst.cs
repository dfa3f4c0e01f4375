namespace Stadtkern.Features.Sensing.Scripting;

// The syntax tree of the codec subset. Nodes carry their source position for error messages.
internal abstract class Node(int line, int column)
{
    public int Line { get; } = line;

    public int Column { get; } = column;
}

internal abstract class Expr(int line, int column) : Node(line, column);

internal abstract class Stmt(int line, int column) : Node(line, column);

internal sealed class LiteralExpr(int line, int column, object? value) : Expr(line, column)
{
    public object? Value { get; } = value;
}

internal sealed class TemplateExpr(int line, int column, IReadOnlyList<string> strings, IReadOnlyList<Expr> expressions) : Expr(line, column)
{
    public IReadOnlyList<string> Strings { get; } = strings;

    public IReadOnlyList<Expr> Expressions { get; } = expressions;
}

internal sealed class IdentifierExpr(int line, int column, string name) : Expr(line, column)
{
    public string Name { get; } = name;
}

internal sealed class ThisExpr(int line, int column) : Expr(line, column);

internal sealed class SpreadExpr(int line, int column, Expr argument) : Expr(line, column)
{
    public Expr Argument { get; } = argument;
}

internal sealed class ArrayExpr(int line, int column, IReadOnlyList<Expr?> elements) : Expr(line, column)
{
    public IReadOnlyList<Expr?> Elements { get; } = elements;
}

internal sealed record PropertyInit(string? Key, Expr? ComputedKey, Expr Value);

internal sealed class ObjectExpr(int line, int column, IReadOnlyList<PropertyInit> properties) : Expr(line, column)
{
    public IReadOnlyList<PropertyInit> Properties { get; } = properties;
}

internal sealed class FunctionExpr(int line, int column, FunctionInfo function) : Expr(line, column)
{
    public FunctionInfo Function { get; } = function;
}

internal sealed class UnaryExpr(int line, int column, string op, Expr operand) : Expr(line, column)
{
    public string Op { get; } = op;

    public Expr Operand { get; } = operand;
}

internal sealed class UpdateExpr(int line, int column, bool increment, bool prefix, Expr target) : Expr(line, column)
{
    public bool Increment { get; } = increment;

    public bool Prefix { get; } = prefix;

    public Expr Target { get; } = target;
}

internal sealed class BinaryExpr(int line, int column, string op, Expr left, Expr right) : Expr(line, column)
{
    public string Op { get; } = op;

    public Expr Left { get; } = left;

    public Expr Right { get; } = right;
}

internal sealed class LogicalExpr(int line, int column, string op, Expr left, Expr right) : Expr(line, column)
{
    public string Op { get; } = op;

    public Expr Left { get; } = left;

    public Expr Right { get; } = right;
}

internal sealed class ConditionalExpr(int line, int column, Expr test, Expr then, Expr otherwise) : Expr(line, column)
{
    public Expr Test { get; } = test;

    public Expr Then { get; } = then;

    public Expr Otherwise { get; } = otherwise;
}

internal sealed class AssignExpr(int line, int column, string op, Expr target, Expr value) : Expr(line, column)
{
    /// <summary>"=" or the binary/logical operator of a compound assignment (for example "+" or ">>>").</summary>
    public string Op { get; } = op;

    public Expr Target { get; } = target;

    public Expr Value { get; } = value;
}

internal sealed class SequenceExpr(int line, int column, IReadOnlyList<Expr> expressions) : Expr(line, column)
{
    public IReadOnlyList<Expr> Expressions { get; } = expressions;
}

internal sealed class MemberExpr(int line, int column, Expr target, string? name, Expr? index, bool optional) : Expr(line, column)
{
    public Expr Target { get; } = target;

    /// <summary>The property name of <c>a.b</c>; null for <c>a[expr]</c>.</summary>
    public string? Name { get; } = name;

    public Expr? Index { get; } = index;

    public bool Optional { get; } = optional;
}

internal sealed class CallExpr(int line, int column, Expr callee, IReadOnlyList<Expr> arguments, bool optional) : Expr(line, column)
{
    public Expr Callee { get; } = callee;

    public IReadOnlyList<Expr> Arguments { get; } = arguments;

    public bool Optional { get; } = optional;
}

internal sealed class NewExpr(int line, int column, Expr callee, IReadOnlyList<Expr> arguments) : Expr(line, column)
{
    public Expr Callee { get; } = callee;

    public IReadOnlyList<Expr> Arguments { get; } = arguments;
}

/// <summary>A binding target: a name, or an object/array pattern (<c>const { bytes, fPort } = input</c>).</summary>
internal abstract class Pattern(int line, int column) : Node(line, column);

internal sealed class NamePattern(int line, int column, string name) : Pattern(line, column)
{
    public string Name { get; } = name;
}

internal sealed record PatternElement(string? Key, Pattern Target, Expr? Default, bool Rest);

internal sealed class ObjectPattern(int line, int column, IReadOnlyList<PatternElement> elements) : Pattern(line, column)
{
    public IReadOnlyList<PatternElement> Elements { get; } = elements;
}

internal sealed class ArrayPattern(int line, int column, IReadOnlyList<PatternElement?> elements) : Pattern(line, column)
{
    public IReadOnlyList<PatternElement?> Elements { get; } = elements;
}

internal sealed record Parameter(Pattern Target, Expr? Default, bool Rest);

internal sealed class FunctionInfo(string? name, IReadOnlyList<Parameter> parameters, IReadOnlyList<Stmt> body, Expr? expressionBody, bool isArrow)
{
    public string? Name { get; } = name;

    public IReadOnlyList<Parameter> Parameters { get; } = parameters;

    public IReadOnlyList<Stmt> Body { get; } = body;

    public Expr? ExpressionBody { get; } = expressionBody;

    public bool IsArrow { get; } = isArrow;

    /// <summary>Names declared with <c>var</c> anywhere in the body (hoisted to the function scope).</summary>
    public List<string> VarNames { get; } = [];

    public bool UsesArguments { get; set; }
}

internal sealed record Declarator(Pattern Target, Expr? Init);

internal sealed class VarStmt(int line, int column, string kind, IReadOnlyList<Declarator> declarations) : Stmt(line, column)
{
    /// <summary>"var", "let" or "const".</summary>
    public string Kind { get; } = kind;

    public IReadOnlyList<Declarator> Declarations { get; } = declarations;
}

internal sealed class FunctionStmt(int line, int column, FunctionInfo function) : Stmt(line, column)
{
    public FunctionInfo Function { get; } = function;
}

internal sealed class ExprStmt(int line, int column, Expr expression) : Stmt(line, column)
{
    public Expr Expression { get; } = expression;
}

internal sealed class ReturnStmt(int line, int column, Expr? value) : Stmt(line, column)
{
    public Expr? Value { get; } = value;
}

internal sealed class IfStmt(int line, int column, Expr test, Stmt then, Stmt? otherwise) : Stmt(line, column)
{
    public Expr Test { get; } = test;

    public Stmt Then { get; } = then;

    public Stmt? Otherwise { get; } = otherwise;
}

internal sealed class BlockStmt(int line, int column, IReadOnlyList<Stmt> body) : Stmt(line, column)
{
    public IReadOnlyList<Stmt> Body { get; } = body;

    /// <summary>Whether the block declares something block-scoped (let, const, function) and so needs its own scope.</summary>
    public bool NeedsScope { get; } = body.Any(s => s is VarStmt { Kind: not "var" } or FunctionStmt);
}

internal sealed class EmptyStmt(int line, int column) : Stmt(line, column);

internal sealed class ForStmt(int line, int column, Stmt? init, Expr? test, Expr? update, Stmt body) : Stmt(line, column)
{
    public Stmt? Init { get; } = init;

    public Expr? Test { get; } = test;

    public Expr? Update { get; } = update;

    public Stmt Body { get; } = body;
}

internal sealed class ForInStmt(int line, int column, string? kind, Pattern? declared, Expr? target, Expr source, bool isOf, Stmt body)
    : Stmt(line, column)
{
    /// <summary>"var"/"let"/"const" when the loop declares its variable, else null and <see cref="Target"/> is assigned.</summary>
    public string? Kind { get; } = kind;

    public Pattern? Declared { get; } = declared;

    public Expr? Target { get; } = target;

    public Expr Source { get; } = source;

    public bool IsOf { get; } = isOf;

    public Stmt Body { get; } = body;
}

internal sealed class WhileStmt(int line, int column, Expr test, Stmt body, bool doWhile) : Stmt(line, column)
{
    public Expr Test { get; } = test;

    public Stmt Body { get; } = body;

    public bool DoWhile { get; } = doWhile;
}

internal sealed record SwitchCase(Expr? Test, IReadOnlyList<Stmt> Body);

internal sealed class SwitchStmt(int line, int column, Expr discriminant, IReadOnlyList<SwitchCase> cases) : Stmt(line, column)
{
    public Expr Discriminant { get; } = discriminant;

    public IReadOnlyList<SwitchCase> Cases { get; } = cases;
}

internal sealed class JumpStmt(int line, int column, bool isBreak, string? label) : Stmt(line, column)
{
    public bool IsBreak { get; } = isBreak;

    public string? Label { get; } = label;
}

internal sealed class LabeledStmt(int line, int column, string label, Stmt body) : Stmt(line, column)
{
    public string Label { get; } = label;

    public Stmt Body { get; } = body;
}

internal sealed class ThrowStmt(int line, int column, Expr value) : Stmt(line, column)
{
    public Expr Value { get; } = value;
}

internal sealed class TryStmt(int line, int column, BlockStmt block, Pattern? catchParameter, BlockStmt? handler, BlockStmt? finalizer)
    : Stmt(line, column)
{
    public BlockStmt Block { get; } = block;

    public Pattern? CatchParameter { get; } = catchParameter;

    public BlockStmt? Handler { get; } = handler;

    public BlockStmt? Finalizer { get; } = finalizer;
}

/// <summary>A parsed codec: top-level statements plus the names its top level declares with <c>var</c>.</summary>
internal sealed class JsProgram(IReadOnlyList<Stmt> body, IReadOnlyList<string> varNames)
{
    public IReadOnlyList<Stmt> Body { get; } = body;

    public IReadOnlyList<string> VarNames { get; } = varNames;
}
