using System.Text;

namespace Stadtkern.Features.Sensing.Scripting;

internal sealed partial class JsInterpreter
{
    private object? Eval(Expr expression, Scope scope)
    {
        Step();
        try
        {
            return EvalCore(expression, scope);
        }
        catch (JsThrow e) when (e.Line == 0)
        {
            e.Line = expression.Line;
            e.Column = expression.Column;
            throw;
        }
    }

    private object? EvalCore(Expr expression, Scope scope)
    {
        switch (expression)
        {
            case IdentifierExpr id:
                return scope.Lookup(id.Name) is { } binding
                    ? binding.Value
                    : throw Realm.MakeError("ReferenceError", $"{id.Name} is not defined");
            case LiteralExpr l:
                return l.Value;
            case MemberExpr m:
                {
                    var target = Eval(m.Target, scope);
                    if (m.Optional && JsConvert.IsNullish(target))
                    {
                        return JsUndefined.Value;
                    }

                    if (m.Index is not null)
                    {
                        var index = Eval(m.Index, scope);
                        if (index is double d && target is JsArray array && d >= 0 && d < array.Items.Count && d == Math.Floor(d))
                        {
                            return array.Items[(int)d];
                        }

                        return GetProperty(target, JsConvert.PropertyKey(index), m);
                    }

                    return GetProperty(target, m.Name!, m);
                }

            case BinaryExpr b:
                return Binary(b.Op, Eval(b.Left, scope), Eval(b.Right, scope));
            case CallExpr c:
                return EvalCall(c, scope);
            case AssignExpr a:
                return EvalAssign(a, scope);
            case UpdateExpr u:
                {
                    var old = JsConvert.ToNumber(ReadReference(u.Target, scope, out var reference));
                    var updated = u.Increment ? old + 1 : old - 1;
                    WriteReference(u.Target, reference, updated, scope);
                    return u.Prefix ? updated : old;
                }

            case LogicalExpr l:
                {
                    var left = Eval(l.Left, scope);
                    return l.Op switch
                    {
                        "&&" => JsConvert.ToBoolean(left) ? Eval(l.Right, scope) : left,
                        "||" => JsConvert.ToBoolean(left) ? left : Eval(l.Right, scope),
                        _ => JsConvert.IsNullish(left) ? Eval(l.Right, scope) : left,
                    };
                }

            case ConditionalExpr c:
                return JsConvert.ToBoolean(Eval(c.Test, scope)) ? Eval(c.Then, scope) : Eval(c.Otherwise, scope);
            case UnaryExpr u:
                return EvalUnary(u, scope);
            case ObjectExpr o:
                {
                    var result = NewObject();
                    foreach (var property in o.Properties)
                    {
                        if (property.Key is null && property.ComputedKey is null)
                        {
                            if (Eval(property.Value, scope) is JsObject source)
                            {
                                foreach (var key in source.OwnKeys())
                                {
                                    Charge(32);
                                    result.Set(key, source.Get(key));
                                }
                            }

                            continue;
                        }

                        var name = property.Key ?? JsConvert.PropertyKey(Eval(property.ComputedKey!, scope));
                        Charge(32);
                        result.Set(name, Eval(property.Value, scope));
                    }

                    return result;
                }

            case ArrayExpr a:
                {
                    var items = new List<object?>(a.Elements.Count);
                    foreach (var element in a.Elements)
                    {
                        if (element is SpreadExpr spread)
                        {
                            items.AddRange(Spread(Eval(spread.Argument, scope)));
                        }
                        else
                        {
                            items.Add(element is null ? JsUndefined.Value : Eval(element, scope));
                        }
                    }

                    return NewArray(items);
                }

            case FunctionExpr f:
                if (f.Function.Name is { } ownName && !f.Function.IsArrow)
                {
                    // A named function expression sees its own name (var f = function fib(n) { ... fib(n - 1) ... }).
                    var own = new Scope(scope);
                    var closure = MakeClosure(f.Function, own);
                    own.Declare(ownName, closure);
                    return closure;
                }

                return MakeClosure(f.Function, scope);
            case TemplateExpr t:
                {
                    var sb = new StringBuilder(t.Strings[0]);
                    for (var i = 0; i < t.Expressions.Count; i++)
                    {
                        sb.Append(JsConvert.ToString(Eval(t.Expressions[i], scope))).Append(t.Strings[i + 1]);
                    }

                    return NewString(sb.ToString());
                }

            case ThisExpr:
                return scope.Lookup("this")?.Value ?? JsUndefined.Value;
            case NewExpr n:
                {
                    var callee = Eval(n.Callee, scope);
                    var arguments = EvalArguments(n.Arguments, scope);
                    if (callee is not JsFunction f)
                    {
                        throw TypeError($"{Describe(n.Callee)} is not a constructor");
                    }

                    return f.Construct(this, arguments);
                }

            case SequenceExpr s:
                {
                    object? last = JsUndefined.Value;
                    foreach (var e in s.Expressions)
                    {
                        last = Eval(e, scope);
                    }

                    return last;
                }

            case SpreadExpr:
                throw new CodecException("Spread is only allowed in arrays and calls", CodecFailure.Syntax, expression.Line, expression.Column);
            default:
                throw new CodecException($"Unsupported expression {expression.GetType().Name}", CodecFailure.Syntax, expression.Line, expression.Column);
        }
    }

    private List<object?> Spread(object? value) => value switch
    {
        JsArray a => [.. a.Items],
        string s => s.Select(c => (object?)c.ToString()).ToList(),
        _ => throw TypeError($"{JsConvert.TypeOf(value)} is not iterable"),
    };

    private object?[] EvalArguments(IReadOnlyList<Expr> arguments, Scope scope)
    {
        if (arguments.Count == 0)
        {
            return [];
        }

        if (!arguments.Any(a => a is SpreadExpr))
        {
            var values = new object?[arguments.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = Eval(arguments[i], scope);
            }

            return values;
        }

        var list = new List<object?>();
        foreach (var argument in arguments)
        {
            if (argument is SpreadExpr spread)
            {
                list.AddRange(Spread(Eval(spread.Argument, scope)));
            }
            else
            {
                list.Add(Eval(argument, scope));
            }
        }

        Charge(16.0 * list.Count);
        return [.. list];
    }

    private static string Describe(Expr expression) => expression switch
    {
        IdentifierExpr id => id.Name,
        MemberExpr { Name: { } name } m => $"{Describe(m.Target)}.{name}",
        MemberExpr m => $"{Describe(m.Target)}[...]",
        ThisExpr => "this",
        CallExpr c => $"{Describe(c.Callee)}(...)",
        _ => "expression",
    };

    private object? EvalCall(CallExpr c, Scope scope)
    {
        object? thisValue = JsUndefined.Value;
        object? callee;
        if (c.Callee is MemberExpr m)
        {
            thisValue = Eval(m.Target, scope);
            if (m.Optional && JsConvert.IsNullish(thisValue))
            {
                return JsUndefined.Value;
            }

            var key = m.Name ?? JsConvert.PropertyKey(Eval(m.Index!, scope));
            callee = GetProperty(thisValue, key, m);
        }
        else
        {
            callee = Eval(c.Callee, scope);
        }

        if (c.Optional && JsConvert.IsNullish(callee))
        {
            return JsUndefined.Value;
        }

        var arguments = EvalArguments(c.Arguments, scope);
        if (callee is not JsFunction function)
        {
            throw TypeError($"{Describe(c.Callee)} is not a function");
        }

        return function.Call(this, thisValue, arguments);
    }

    private object? EvalAssign(AssignExpr a, Scope scope)
    {
        if (a.Op == "=")
        {
            if (a.Target is IdentifierExpr id)
            {
                var value = Eval(a.Value, scope);
                AssignVariable(id, value, scope);
                return value;
            }

            var m = (MemberExpr)a.Target;
            var target = Eval(m.Target, scope);
            var key = MemberKey(m, scope);
            var assigned = Eval(a.Value, scope);
            SetProperty(target, key, assigned, m);
            return assigned;
        }

        var old = ReadReference(a.Target, scope, out var reference);
        object? result;
        switch (a.Op)
        {
            case "&&":
                if (!JsConvert.ToBoolean(old))
                {
                    return old;
                }

                result = Eval(a.Value, scope);
                break;
            case "||":
                if (JsConvert.ToBoolean(old))
                {
                    return old;
                }

                result = Eval(a.Value, scope);
                break;
            case "??":
                if (!JsConvert.IsNullish(old))
                {
                    return old;
                }

                result = Eval(a.Value, scope);
                break;
            default:
                result = Binary(a.Op, old, Eval(a.Value, scope));
                break;
        }

        WriteReference(a.Target, reference, result, scope);
        return result;
    }

    private readonly record struct Reference(object? Target, string? Key);

    private object? ReadReference(Expr target, Scope scope, out Reference reference)
    {
        if (target is IdentifierExpr id)
        {
            reference = default;
            return scope.Lookup(id.Name) is { } binding
                ? binding.Value
                : throw Realm.MakeError("ReferenceError", $"{id.Name} is not defined");
        }

        var m = (MemberExpr)target;
        var obj = Eval(m.Target, scope);
        var key = MemberKey(m, scope);
        reference = new Reference(obj, key);
        return GetProperty(obj, key, m);
    }

    private void WriteReference(Expr target, Reference reference, object? value, Scope scope)
    {
        if (target is IdentifierExpr id)
        {
            AssignVariable(id, value, scope);
        }
        else
        {
            SetProperty(reference.Target, reference.Key!, value, target);
        }
    }

    private string MemberKey(MemberExpr m, Scope scope) => m.Name ?? JsConvert.PropertyKey(Eval(m.Index!, scope));

    public object? GetProperty(object? target, string key, Node? at = null)
    {
        switch (target)
        {
            case JsObject o:
                return o.Get(key);
            case string s:
                if (key == "length")
                {
                    return (double)s.Length;
                }

                if (JsArray.TryParseIndex(key, out var index))
                {
                    return index < s.Length ? s[index].ToString() : JsUndefined.Value;
                }

                return Realm.StringPrototype.Get(key);
            case double:
                return Realm.NumberPrototype.Get(key);
            case bool:
                return Realm.BooleanPrototype.Get(key);
            default:
                var error = TypeError($"Cannot read properties of {JsConvert.ToString(target)} (reading '{key}')");
                throw at is null ? error : At(error, at);
        }
    }

    public void SetProperty(object? target, string key, object? value, Node? at = null)
    {
        switch (target)
        {
            case JsArray array when key == "length":
                {
                    var length = JsConvert.ToNumber(value);
                    if (length < 0 || length != Math.Floor(length) || length > int.MaxValue)
                    {
                        throw RangeError("Invalid array length");
                    }

                    var n = (int)length;
                    if (n < array.Items.Count)
                    {
                        array.Items.RemoveRange(n, array.Items.Count - n);
                    }
                    else
                    {
                        Charge(16.0 * (n - array.Items.Count));
                        array.SetIndex(n - 1, JsUndefined.Value);
                    }

                    break;
                }

            case JsArray array when JsArray.TryParseIndex(key, out var index):
                if (index >= array.Items.Count)
                {
                    Charge(16.0 * (index + 1 - array.Items.Count));
                }

                array.SetIndex(index, value);
                break;
            case JsObject o:
                if (o.Set(key, value))
                {
                    Charge(64 + (2.0 * key.Length));
                }

                break;
            case null or JsUndefined:
                var error = TypeError($"Cannot set properties of {JsConvert.ToString(target)} (setting '{key}')");
                throw at is null ? error : At(error, at);
            default:
                // Properties of primitives are silently dropped, as in sloppy-mode JavaScript.
                break;
        }
    }

    private object? EvalUnary(UnaryExpr u, Scope scope)
    {
        switch (u.Op)
        {
            case "typeof":
                if (u.Operand is IdentifierExpr id && scope.Lookup(id.Name) is null)
                {
                    return "undefined";
                }

                return JsConvert.TypeOf(Eval(u.Operand, scope));
            case "delete":
                if (u.Operand is MemberExpr m)
                {
                    var target = Eval(m.Target, scope);
                    var key = MemberKey(m, scope);
                    return target is JsObject o ? o.Delete(key) : true;
                }

                return true;
        }

        var value = Eval(u.Operand, scope);
        return u.Op switch
        {
            "!" => !JsConvert.ToBoolean(value),
            "-" => -JsConvert.ToNumber(value),
            "+" => JsConvert.ToNumber(value),
            "~" => (double)~JsConvert.ToInt32(JsConvert.ToNumber(value)),
            "void" => JsUndefined.Value,
            _ => throw new CodecException($"Unsupported operator {u.Op}", CodecFailure.Syntax, u.Line, u.Column),
        };
    }

    public object? Binary(string op, object? left, object? right)
    {
        if (left is double a && right is double b && op is not ("in" or "instanceof"))
        {
            return NumericBinary(op, a, b);
        }

        switch (op)
        {
            case "+":
                {
                    var l = JsConvert.ToPrimitive(left);
                    var r = JsConvert.ToPrimitive(right);
                    if (l is string || r is string)
                    {
                        var ls = JsConvert.ToString(l);
                        var rs = JsConvert.ToString(r);
                        Charge(2.0 * (ls.Length + rs.Length));
                        return string.Concat(ls, rs);
                    }

                    return JsConvert.ToNumber(l) + JsConvert.ToNumber(r);
                }

            case "===":
                return JsConvert.StrictEquals(left, right);
            case "!==":
                return !JsConvert.StrictEquals(left, right);
            case "==":
                return JsConvert.LooseEquals(left, right);
            case "!=":
                return !JsConvert.LooseEquals(left, right);
            case "<" or ">" or "<=" or ">=":
                {
                    var l = JsConvert.ToPrimitive(left);
                    var r = JsConvert.ToPrimitive(right);
                    if (l is string ls && r is string rs)
                    {
                        var c = string.CompareOrdinal(ls, rs);
                        return op switch { "<" => c < 0, ">" => c > 0, "<=" => c <= 0, _ => c >= 0 };
                    }

                    return NumericBinary(op, JsConvert.ToNumber(l), JsConvert.ToNumber(r));
                }

            case "in":
                if (right is not JsObject container)
                {
                    throw TypeError("Cannot use 'in' operator on a non-object");
                }

                return container.Has(JsConvert.PropertyKey(left));
            case "instanceof":
                {
                    if (right is not JsFunction f)
                    {
                        throw TypeError("Right-hand side of 'instanceof' is not callable");
                    }

                    if (left is not JsObject o || f.Get("prototype") is not JsObject prototype)
                    {
                        return false;
                    }

                    for (var p = o.Prototype; p is not null; p = p.Prototype)
                    {
                        if (ReferenceEquals(p, prototype))
                        {
                            return true;
                        }
                    }

                    return false;
                }

            default:
                return NumericBinary(op, JsConvert.ToNumber(JsConvert.ToPrimitive(left)), JsConvert.ToNumber(JsConvert.ToPrimitive(right)));
        }
    }

    private static object NumericBinary(string op, double a, double b) => op switch
    {
        "+" => a + b,
        "-" => a - b,
        "*" => a * b,
        "/" => a / b,
        "%" => JsRemainder(a, b),
        "**" => JsPow(a, b),
        "&" => (double)(JsConvert.ToInt32(a) & JsConvert.ToInt32(b)),
        "|" => (double)(JsConvert.ToInt32(a) | JsConvert.ToInt32(b)),
        "^" => (double)(JsConvert.ToInt32(a) ^ JsConvert.ToInt32(b)),
        "<<" => (double)(JsConvert.ToInt32(a) << (int)(JsConvert.ToUint32(b) & 31)),
        ">>" => (double)(JsConvert.ToInt32(a) >> (int)(JsConvert.ToUint32(b) & 31)),
        ">>>" => (double)(JsConvert.ToUint32(a) >> (int)(JsConvert.ToUint32(b) & 31)),
        "===" or "==" => a == b,
        "!==" or "!=" => a != b,
        "<" => a < b,
        ">" => a > b,
        "<=" => a <= b,
        ">=" => a >= b,
        _ => throw new CodecException($"Unsupported operator {op}", CodecFailure.Syntax),
    };

    private static double JsRemainder(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b) || double.IsInfinity(a) || b == 0)
        {
            return double.NaN;
        }

        return double.IsInfinity(b) ? a : a % b;
    }

    public static double JsPow(double a, double b)
    {
        // JavaScript: 1 ** NaN and (±1) ** ±Infinity are NaN (C#'s Math.Pow returns 1).
        if (double.IsNaN(b) || (Math.Abs(a) == 1 && double.IsInfinity(b)))
        {
            return double.NaN;
        }

        return Math.Pow(a, b);
    }
}
