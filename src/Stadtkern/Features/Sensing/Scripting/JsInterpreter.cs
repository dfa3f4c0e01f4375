using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Stadtkern.Features.Sensing.Scripting;

/// <summary>A JavaScript exception travelling through the interpreter (<c>throw</c>, or a TypeError raised by an operation).</summary>
internal sealed class JsThrow(object? value, string message) : Exception(message)
{
    public object? Value { get; } = value;

    public int Line { get; set; }

    public int Column { get; set; }
}

/// <summary>
/// Tree-walking evaluator for one codec run. Every statement and expression costs a step; allocations of strings,
/// arrays and objects are charged against a byte budget; calls are depth-limited. Limits end the run with a
/// <see cref="CodecException"/> that JavaScript's try/catch cannot intercept.
/// </summary>
internal sealed partial class JsInterpreter
{
    private enum Flow
    {
        Normal,
        Break,
        Continue,
        Return,
    }

    private readonly CodecLimits _limits;
    private readonly long _deadline;
    private readonly CancellationToken _cancellationToken;
    private readonly Scope _globals;
    private long _steps;
    private long _allocated;
    private int _depth;
    private object? _returnValue;
    private string? _jumpLabel;

    public JsInterpreter(CodecLimits limits, CancellationToken cancellationToken)
    {
        _limits = limits;
        _cancellationToken = cancellationToken;
        _deadline = Stopwatch.GetTimestamp() + (limits.TimeLimitMilliseconds * Stopwatch.Frequency / 1000);
        _globals = new Scope(null);
        Realm = new JsRealm(this, _globals);
        _globals.Declare("this", JsUndefined.Value);
    }

    public JsRealm Realm { get; }

    public long Steps => _steps;

    public long AllocatedBytes => _allocated;

    // ---- budget ----

    public void Step(long count = 1)
    {
        _steps += count;
        if (_steps > _limits.MaxSteps)
        {
            throw new CodecException($"The codec exceeded its step budget of {_limits.MaxSteps} steps", CodecFailure.StepLimit);
        }

        if ((_steps & 1023) < count)
        {
            if (Stopwatch.GetTimestamp() > _deadline)
            {
                throw new CodecException($"The codec exceeded its time limit of {_limits.TimeLimitMilliseconds} ms", CodecFailure.TimeLimit);
            }

            if (_cancellationToken.IsCancellationRequested)
            {
                throw new CodecException("The codec run was cancelled", CodecFailure.TimeLimit);
            }
        }
    }

    public void Charge(double bytes)
    {
        _allocated += (long)Math.Min(bytes, long.MaxValue / 4);
        if (bytes > _limits.MaxAllocationBytes || _allocated > _limits.MaxAllocationBytes)
        {
            throw new CodecException($"The codec exceeded its memory budget of {_limits.MaxAllocationBytes} bytes", CodecFailure.Memory);
        }
    }

    public string NewString(string value)
    {
        Charge(2.0 * value.Length);
        return value;
    }

    public JsObject NewObject(JsObject? prototype = null)
    {
        Charge(48);
        return new JsObject(prototype ?? Realm.ObjectPrototype);
    }

    public JsArray NewArray(List<object?> items)
    {
        Charge(48 + (16.0 * items.Count));
        return new JsArray(Realm.ArrayPrototype, items);
    }

    public JsThrow TypeError(string message) => Realm.MakeError("TypeError", message);

    public JsThrow RangeError(string message) => Realm.MakeError("RangeError", message);

    // ---- entry points ----

    public void RunProgram(JsProgram program)
    {
        foreach (var name in program.VarNames)
        {
            if (!_globals.HasOwn(name))
            {
                _globals.Declare(name, JsUndefined.Value);
            }
        }

        try
        {
            HoistFunctions(program.Body, _globals);
            foreach (var statement in program.Body)
            {
                if (Exec(statement, _globals) != Flow.Normal)
                {
                    break;
                }
            }
        }
        catch (JsThrow e)
        {
            throw Uncaught(e);
        }
    }

    public object? GetGlobal(string name) => _globals.Lookup(name)?.Value ?? JsUndefined.Value;

    public object? CallGlobal(object? function, params object?[] arguments)
    {
        try
        {
            return Call(function, JsUndefined.Value, arguments);
        }
        catch (JsThrow e)
        {
            throw Uncaught(e);
        }
    }

    private static CodecException Uncaught(JsThrow e) =>
        new($"Uncaught {JsConvert.ToString(e.Value)}", CodecFailure.Runtime, e.Line, e.Column);

    public object? Call(object? function, object? thisValue, object?[] arguments)
    {
        if (function is not JsFunction f)
        {
            throw TypeError($"{JsConvert.TypeOf(function)} is not a function");
        }

        return f.Call(this, thisValue, arguments);
    }

    internal object? Invoke(JsClosure closure, object? thisValue, object?[] arguments)
    {
        if (++_depth > _limits.MaxCallDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            _depth--;
            throw new CodecException($"The codec exceeded the maximum call depth of {_limits.MaxCallDepth}", CodecFailure.CallDepth);
        }

        try
        {
            Step();
            var function = closure.Function;
            var scope = new Scope(closure.Scope);
            if (!function.IsArrow)
            {
                scope.Declare("this", thisValue);
                if (function.UsesArguments)
                {
                    scope.Declare("arguments", NewArray([.. arguments]));
                }
            }

            for (var i = 0; i < function.Parameters.Count; i++)
            {
                var parameter = function.Parameters[i];
                object? value;
                if (parameter.Rest)
                {
                    value = NewArray(i < arguments.Length ? [.. arguments[i..]] : []);
                }
                else
                {
                    value = i < arguments.Length ? arguments[i] : JsUndefined.Value;
                    if (parameter.Default is not null && JsConvert.IsUndefined(value))
                    {
                        value = Eval(parameter.Default, scope);
                    }
                }

                BindPattern(parameter.Target, value, scope, "let");
            }

            foreach (var name in function.VarNames)
            {
                if (!scope.HasOwn(name))
                {
                    scope.Declare(name, JsUndefined.Value);
                }
            }

            if (function.ExpressionBody is not null)
            {
                return Eval(function.ExpressionBody, scope);
            }

            HoistFunctions(function.Body, scope);
            foreach (var statement in function.Body)
            {
                var flow = Exec(statement, scope);
                if (flow == Flow.Return)
                {
                    var value = _returnValue;
                    _returnValue = null;
                    return value;
                }

                if (flow != Flow.Normal)
                {
                    break;
                }
            }

            return JsUndefined.Value;
        }
        finally
        {
            _depth--;
        }
    }

    private void HoistFunctions(IReadOnlyList<Stmt> statements, Scope scope)
    {
        foreach (var statement in statements)
        {
            if (statement is FunctionStmt f)
            {
                scope.Declare(f.Function.Name!, MakeClosure(f.Function, scope));
            }
        }
    }

    private JsClosure MakeClosure(FunctionInfo function, Scope scope)
    {
        Charge(64);
        var closure = new JsClosure(Realm.FunctionPrototype, function, scope, null);
        if (!function.IsArrow)
        {
            var prototype = NewObject();
            prototype.Set("constructor", closure);
            closure.Set("prototype", prototype);
        }

        return closure;
    }

    // ---- statements ----

    private Flow Exec(Stmt statement, Scope scope)
    {
        Step();
        switch (statement)
        {
            case ExprStmt e:
                Eval(e.Expression, scope);
                return Flow.Normal;
            case VarStmt v:
                foreach (var declaration in v.Declarations)
                {
                    if (declaration.Init is null && v.Kind == "var")
                    {
                        continue;
                    }

                    var value = declaration.Init is null ? JsUndefined.Value : Eval(declaration.Init, scope);
                    BindPattern(declaration.Target, value, scope, v.Kind);
                }

                return Flow.Normal;
            case IfStmt i:
                return JsConvert.ToBoolean(Eval(i.Test, scope)) ? Exec(i.Then, scope)
                    : i.Otherwise is not null ? Exec(i.Otherwise, scope) : Flow.Normal;
            case BlockStmt b:
                return ExecBlock(b.Body, b.NeedsScope ? new Scope(scope) : scope);
            case ReturnStmt r:
                _returnValue = r.Value is null ? JsUndefined.Value : Eval(r.Value, scope);
                return Flow.Return;
            case ForStmt f:
                return ExecFor(f, scope, null);
            case ForInStmt f:
                return ExecForIn(f, scope, null);
            case WhileStmt w:
                return ExecWhile(w, scope, null);
            case JumpStmt j:
                _jumpLabel = j.Label;
                return j.IsBreak ? Flow.Break : Flow.Continue;
            case SwitchStmt s:
                return ExecSwitch(s, scope);
            case ThrowStmt t:
                throw new JsThrow(Eval(t.Value, scope), "throw") { Line = t.Line, Column = t.Column };
            case TryStmt t:
                return ExecTry(t, scope);
            case FunctionStmt:
            case EmptyStmt:
                return Flow.Normal;
            case LabeledStmt l:
                {
                    var flow = l.Body switch
                    {
                        ForStmt f => ExecFor(f, scope, l.Label),
                        ForInStmt f => ExecForIn(f, scope, l.Label),
                        WhileStmt w => ExecWhile(w, scope, l.Label),
                        _ => Exec(l.Body, scope),
                    };
                    if (flow == Flow.Break && _jumpLabel == l.Label)
                    {
                        _jumpLabel = null;
                        return Flow.Normal;
                    }

                    return flow;
                }

            default:
                throw new CodecException($"Unsupported statement {statement.GetType().Name}", CodecFailure.Syntax, statement.Line, statement.Column);
        }
    }

    private Flow ExecBlock(IReadOnlyList<Stmt> body, Scope scope)
    {
        HoistFunctions(body, scope);
        foreach (var statement in body)
        {
            var flow = Exec(statement, scope);
            if (flow != Flow.Normal)
            {
                return flow;
            }
        }

        return Flow.Normal;
    }

    /// <summary>Decides what a loop does with a body's completion: true = leave the loop with <paramref name="result"/>.</summary>
    private bool LoopExit(Flow flow, string? label, out Flow result)
    {
        result = Flow.Normal;
        switch (flow)
        {
            case Flow.Break:
                if (_jumpLabel is null || _jumpLabel == label)
                {
                    _jumpLabel = null;
                    return true;
                }

                result = Flow.Break;
                return true;
            case Flow.Continue:
                if (_jumpLabel is null || _jumpLabel == label)
                {
                    _jumpLabel = null;
                    return false;
                }

                result = Flow.Continue;
                return true;
            case Flow.Return:
                result = Flow.Return;
                return true;
            default:
                return false;
        }
    }

    private Flow ExecWhile(WhileStmt w, Scope scope, string? label)
    {
        if (w.DoWhile)
        {
            do
            {
                if (LoopExit(Exec(w.Body, scope), label, out var result))
                {
                    return result;
                }
            }
            while (JsConvert.ToBoolean(Eval(w.Test, scope)));
            return Flow.Normal;
        }

        while (JsConvert.ToBoolean(Eval(w.Test, scope)))
        {
            if (LoopExit(Exec(w.Body, scope), label, out var result))
            {
                return result;
            }
        }

        return Flow.Normal;
    }

    private Flow ExecFor(ForStmt f, Scope scope, string? label)
    {
        var perIteration = f.Init is VarStmt { Kind: not "var" };
        var iteration = perIteration ? new Scope(scope) : scope;
        if (f.Init is not null)
        {
            Exec(f.Init, iteration);
        }

        while (true)
        {
            if (f.Test is not null && !JsConvert.ToBoolean(Eval(f.Test, iteration)))
            {
                return Flow.Normal;
            }

            if (LoopExit(Exec(f.Body, iteration), label, out var result))
            {
                return result;
            }

            if (perIteration)
            {
                // Each iteration gets a fresh copy of the loop variables, so closures capture that iteration's values.
                var next = new Scope(scope);
                foreach (var (name, binding) in iteration.Own())
                {
                    next.Declare(name, binding.Value, binding.IsConst);
                }

                iteration = next;
            }

            if (f.Update is not null)
            {
                Eval(f.Update, iteration);
            }
        }
    }

    private Flow ExecForIn(ForInStmt f, Scope scope, string? label)
    {
        var source = Eval(f.Source, scope);
        IEnumerable<object?> values;
        if (f.IsOf)
        {
            values = source switch
            {
                JsArray a => IterateArray(a),
                string s => s.Select(c => (object?)c.ToString()),
                _ => throw TypeError($"{JsConvert.TypeOf(source)} is not iterable"),
            };
        }
        else
        {
            values = source switch
            {
                JsObject o => o.OwnKeys().ToList(),
                string s => Enumerable.Range(0, s.Length).Select(i => (object?)JsConvert.NumberToString(i)),
                _ => [],
            };
        }

        foreach (var value in values)
        {
            Step();
            var iteration = scope;
            if (f.Declared is not null)
            {
                if (f.Kind != "var")
                {
                    iteration = new Scope(scope);
                }

                BindPattern(f.Declared, value, iteration, f.Kind!);
            }
            else
            {
                AssignTo(f.Target!, value, scope);
            }

            if (LoopExit(Exec(f.Body, iteration), label, out var result))
            {
                return result;
            }
        }

        return Flow.Normal;
    }

    private static IEnumerable<object?> IterateArray(JsArray array)
    {
        for (var i = 0; i < array.Items.Count; i++)
        {
            yield return array.Items[i];
        }
    }

    private Flow ExecSwitch(SwitchStmt s, Scope scope)
    {
        var value = Eval(s.Discriminant, scope);
        var inner = new Scope(scope);
        var start = -1;
        for (var i = 0; i < s.Cases.Count && start < 0; i++)
        {
            if (s.Cases[i].Test is { } test && JsConvert.StrictEquals(value, Eval(test, inner)))
            {
                start = i;
            }
        }

        if (start < 0)
        {
            for (var i = 0; i < s.Cases.Count; i++)
            {
                if (s.Cases[i].Test is null)
                {
                    start = i;
                }
            }
        }

        if (start < 0)
        {
            return Flow.Normal;
        }

        foreach (var c in s.Cases)
        {
            HoistFunctions(c.Body, inner);
        }

        for (var i = start; i < s.Cases.Count; i++)
        {
            foreach (var statement in s.Cases[i].Body)
            {
                var flow = Exec(statement, inner);
                if (flow == Flow.Break && _jumpLabel is null)
                {
                    return Flow.Normal;
                }

                if (flow != Flow.Normal)
                {
                    return flow;
                }
            }
        }

        return Flow.Normal;
    }

    private Flow ExecTry(TryStmt t, Scope scope)
    {
        Flow flow;
        try
        {
            flow = Exec(t.Block, scope);
        }
        catch (JsThrow e) when (t.Handler is not null)
        {
            var catchScope = new Scope(scope);
            if (t.CatchParameter is not null)
            {
                BindPattern(t.CatchParameter, e.Value, catchScope, "let");
            }

            if (t.Finalizer is null)
            {
                return Exec(t.Handler, catchScope);
            }

            try
            {
                flow = Exec(t.Handler, catchScope);
            }
            catch (JsThrow)
            {
                var after = RunFinalizer(t.Finalizer, scope);
                if (after != Flow.Normal)
                {
                    return after;
                }

                throw;
            }
        }
        catch (JsThrow) when (t.Finalizer is not null)
        {
            var after = RunFinalizer(t.Finalizer, scope);
            if (after != Flow.Normal)
            {
                return after;
            }

            throw;
        }

        if (t.Finalizer is not null)
        {
            var pendingReturn = _returnValue;
            var pendingLabel = _jumpLabel;
            var after = RunFinalizer(t.Finalizer, scope);
            if (after != Flow.Normal)
            {
                return after;
            }

            _returnValue = pendingReturn;
            _jumpLabel = pendingLabel;
        }

        return flow;
    }

    private Flow RunFinalizer(BlockStmt finalizer, Scope scope) => Exec(finalizer, scope);

    // ---- bindings ----

    /// <summary>Binds a declaration or parameter pattern. kind: "var" assigns the hoisted binding, "let"/"const" declare here.</summary>
    private void BindPattern(Pattern pattern, object? value, Scope scope, string kind)
    {
        switch (pattern)
        {
            case NamePattern n:
                if (kind == "var")
                {
                    var binding = scope.Lookup(n.Name);
                    if (binding is null)
                    {
                        _globals.Declare(n.Name, value);
                    }
                    else
                    {
                        binding.Value = value;
                    }
                }
                else
                {
                    scope.Declare(n.Name, value, kind == "const");
                }

                break;
            case ObjectPattern o:
                {
                    if (JsConvert.IsNullish(value))
                    {
                        throw TypeError($"Cannot destructure '{JsConvert.ToString(value)}'");
                    }

                    var used = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var element in o.Elements)
                    {
                        if (element.Rest)
                        {
                            var rest = NewObject();
                            if (value is JsObject source)
                            {
                                foreach (var key in source.OwnKeys().Where(k => !used.Contains(k)))
                                {
                                    rest.Set(key, source.Get(key));
                                    Charge(32);
                                }
                            }

                            BindPattern(element.Target, rest, scope, kind);
                            continue;
                        }

                        used.Add(element.Key!);
                        var property = GetProperty(value, element.Key!, pattern);
                        if (element.Default is not null && JsConvert.IsUndefined(property))
                        {
                            property = Eval(element.Default, scope);
                        }

                        BindPattern(element.Target, property, scope, kind);
                    }

                    break;
                }

            case ArrayPattern a:
                {
                    if (value is not JsArray array)
                    {
                        throw TypeError($"{JsConvert.TypeOf(value)} is not iterable");
                    }

                    for (var i = 0; i < a.Elements.Count; i++)
                    {
                        if (a.Elements[i] is not { } element)
                        {
                            continue;
                        }

                        if (element.Rest)
                        {
                            BindPattern(element.Target, NewArray(array.Items.Skip(i).ToList()), scope, kind);
                            break;
                        }

                        var item = i < array.Items.Count ? array.Items[i] : JsUndefined.Value;
                        if (element.Default is not null && JsConvert.IsUndefined(item))
                        {
                            item = Eval(element.Default, scope);
                        }

                        BindPattern(element.Target, item, scope, kind);
                    }

                    break;
                }
        }
    }

    private void AssignTo(Expr target, object? value, Scope scope)
    {
        switch (target)
        {
            case IdentifierExpr id:
                AssignVariable(id, value, scope);
                break;
            case MemberExpr m:
                SetProperty(Eval(m.Target, scope), MemberKey(m, scope), value, m);
                break;
            default:
                throw new CodecException("Invalid assignment target", CodecFailure.Syntax, target.Line, target.Column);
        }
    }

    private void AssignVariable(IdentifierExpr id, object? value, Scope scope)
    {
        var binding = scope.Lookup(id.Name);
        if (binding is null)
        {
            // Sloppy-mode JavaScript creates a global; many published codecs rely on it (for (i = 0; ...)).
            _globals.Declare(id.Name, value);
            Charge(32);
            return;
        }

        if (binding.IsConst)
        {
            throw At(TypeError($"Assignment to constant variable '{id.Name}'"), id);
        }

        binding.Value = value;
    }

    private static JsThrow At(JsThrow e, Node node)
    {
        if (e.Line == 0)
        {
            e.Line = node.Line;
            e.Column = node.Column;
        }

        return e;
    }
}
