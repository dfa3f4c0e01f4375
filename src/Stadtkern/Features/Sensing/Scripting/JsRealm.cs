using System.Globalization;

namespace Stadtkern.Features.Sensing.Scripting;

/// <summary>
/// The global environment of one codec run: the built-in prototypes and the small standard library codecs use
/// (Math, JSON, Number, String, Array, Object, Error, parseInt, parseFloat, isNaN, isFinite). No I/O, no timers, no eval.
/// </summary>
internal sealed partial class JsRealm
{
    private readonly JsInterpreter _i;

    public JsRealm(JsInterpreter interpreter, Scope globals)
    {
        _i = interpreter;
        ObjectPrototype = new JsObject(null);
        FunctionPrototype = new JsObject(ObjectPrototype);
        ArrayPrototype = new JsObject(ObjectPrototype);
        StringPrototype = new JsObject(ObjectPrototype);
        NumberPrototype = new JsObject(ObjectPrototype);
        BooleanPrototype = new JsObject(ObjectPrototype);
        ErrorPrototype = new JsObject(ObjectPrototype);

        SetUpObject(globals);
        SetUpFunction();
        SetUpArray(globals);
        SetUpString(globals);
        SetUpNumber(globals);
        SetUpBoolean(globals);
        SetUpErrors(globals);
        SetUpMath(globals);
        SetUpJson(globals);
        SetUpGlobals(globals);
    }

    public JsObject ObjectPrototype { get; }

    public JsObject FunctionPrototype { get; }

    public JsObject ArrayPrototype { get; }

    public JsObject StringPrototype { get; }

    public JsObject NumberPrototype { get; }

    public JsObject BooleanPrototype { get; }

    public JsObject ErrorPrototype { get; }

    private readonly Dictionary<string, JsObject> _errorPrototypes = new(StringComparer.Ordinal);

    public JsThrow MakeError(string type, string message)
    {
        var error = NewError(type, message);
        return new JsThrow(error, $"{type}: {message}");
    }

    private JsErrorObject NewError(string type, string? message)
    {
        _i.Charge(64);
        var error = new JsErrorObject(_errorPrototypes.GetValueOrDefault(type) ?? ErrorPrototype);
        if (message is not null)
        {
            error.Set("message", message);
        }

        return error;
    }

    private static object? Arg(object?[] arguments, int index) => index < arguments.Length ? arguments[index] : JsUndefined.Value;

    private JsNativeFunction Function(string name, NativeCall call, NativeCall? construct = null) =>
        new(FunctionPrototype, name, call, construct);

    private void Method(JsObject target, string name, NativeCall call) => target.Set(name, Function(name, call));

    private static void Constant(JsObject target, string name, object? value) => target.Set(name, value);

    private string S(string value) => _i.NewString(value);

    // ---- Object, Function ----

    private void SetUpObject(Scope globals)
    {
        var objectConstructor = Function("Object", (_, _, a) => Arg(a, 0) is JsObject o ? o : _i.NewObject(), (_, _, a) => Arg(a, 0) is JsObject o ? o : _i.NewObject());
        objectConstructor.Set("prototype", ObjectPrototype);
        ObjectPrototype.Set("constructor", objectConstructor);
        Method(ObjectPrototype, "hasOwnProperty", (_, t, a) => t is JsObject o && o.HasOwn(JsConvert.PropertyKey(Arg(a, 0))));
        Method(ObjectPrototype, "toString", (_, t, _) => JsConvert.ToString(t));
        Method(ObjectPrototype, "valueOf", (_, t, _) => t);
        Method(objectConstructor, "keys", (_, _, a) => _i.NewArray(OwnKeys(Arg(a, 0)).Select(k => (object?)k).ToList()));
        Method(objectConstructor, "values", (_, _, a) =>
            _i.NewArray(Arg(a, 0) is JsObject o ? o.OwnKeys().Select(o.Get).ToList() : []));
        Method(objectConstructor, "entries", (_, _, a) =>
            _i.NewArray(Arg(a, 0) is JsObject o
                ? o.OwnKeys().Select(k => (object?)_i.NewArray([k, o.Get(k)])).ToList()
                : []));
        Method(objectConstructor, "assign", (_, _, a) =>
        {
            if (Arg(a, 0) is not JsObject target)
            {
                throw _i.TypeError("Cannot convert undefined or null to object");
            }

            foreach (var source in a.Skip(1).OfType<JsObject>())
            {
                foreach (var key in source.OwnKeys())
                {
                    _i.SetProperty(target, key, source.Get(key));
                }
            }

            return target;
        });
        Method(objectConstructor, "freeze", (_, _, a) => Arg(a, 0));
        Method(objectConstructor, "create", (_, _, a) => Arg(a, 0) switch
        {
            JsObject p => _i.NewObject(p),
            null => new JsObject(null),
            _ => throw _i.TypeError("Object prototype may only be an Object or null"),
        });
        globals.Declare("Object", objectConstructor);
    }

    private List<string> OwnKeys(object? value) => value switch
    {
        JsObject o => o.OwnKeys().ToList(),
        string s => Enumerable.Range(0, s.Length).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList(),
        null or JsUndefined => throw _i.TypeError("Cannot convert undefined or null to object"),
        _ => [],
    };

    private void SetUpFunction()
    {
        Method(FunctionPrototype, "call", (_, t, a) => _i.Call(t, Arg(a, 0), a.Length > 1 ? a[1..] : []));
        Method(FunctionPrototype, "apply", (_, t, a) =>
            _i.Call(t, Arg(a, 0), Arg(a, 1) is JsArray args ? [.. args.Items] : []));
        Method(FunctionPrototype, "bind", (_, t, a) =>
        {
            if (t is not JsFunction target)
            {
                throw _i.TypeError("Bind must be called on a function");
            }

            var boundThis = Arg(a, 0);
            var bound = a.Length > 1 ? a[1..] : [];
            return Function(target.Name, (_, _, args) => _i.Call(target, boundThis, [.. bound, .. args]));
        });
        Method(FunctionPrototype, "toString", (_, t, _) => JsConvert.ToString(t));
    }

    // ---- Boolean ----

    private void SetUpBoolean(Scope globals)
    {
        var constructor = Function("Boolean", (_, _, a) => JsConvert.ToBoolean(Arg(a, 0)));
        constructor.Set("prototype", BooleanPrototype);
        Method(BooleanPrototype, "toString", (_, t, _) => JsConvert.ToString(t));
        Method(BooleanPrototype, "valueOf", (_, t, _) => t);
        globals.Declare("Boolean", constructor);
    }

    // ---- Errors ----

    private void SetUpErrors(Scope globals)
    {
        Constant(ErrorPrototype, "name", "Error");
        Constant(ErrorPrototype, "message", "");
        Method(ErrorPrototype, "toString", (_, t, _) => JsConvert.ToString(t));
        _errorPrototypes["Error"] = ErrorPrototype;
        globals.Declare("Error", ErrorConstructor("Error", ErrorPrototype));
        foreach (var type in new[] { "TypeError", "RangeError", "SyntaxError", "ReferenceError" })
        {
            var prototype = new JsObject(ErrorPrototype);
            Constant(prototype, "name", type);
            _errorPrototypes[type] = prototype;
            globals.Declare(type, ErrorConstructor(type, prototype));
        }
    }

    private JsNativeFunction ErrorConstructor(string type, JsObject prototype)
    {
        NativeCall create = (_, _, a) => NewError(type, JsConvert.IsUndefined(Arg(a, 0)) ? null : S(JsConvert.ToString(Arg(a, 0))));
        var constructor = Function(type, create, create);
        constructor.Set("prototype", prototype);
        prototype.Set("constructor", constructor);
        return constructor;
    }

    // ---- Math ----

    private void SetUpMath(Scope globals)
    {
        var math = new JsObject(ObjectPrototype);
        Constant(math, "PI", Math.PI);
        Constant(math, "E", Math.E);
        Constant(math, "LN2", Math.Log(2));
        Constant(math, "LN10", Math.Log(10));
        Constant(math, "LOG2E", 1 / Math.Log(2));
        Constant(math, "LOG10E", 1 / Math.Log(10));
        Constant(math, "SQRT2", Math.Sqrt(2));
        Constant(math, "SQRT1_2", Math.Sqrt(0.5));
        Unary(math, "abs", Math.Abs);
        Unary(math, "ceil", Math.Ceiling);
        Unary(math, "floor", Math.Floor);
        Unary(math, "trunc", Math.Truncate);
        Unary(math, "round", JsRound);
        Unary(math, "sign", x => double.IsNaN(x) ? double.NaN : x > 0 ? 1 : x < 0 ? -1 : x);
        Unary(math, "sqrt", Math.Sqrt);
        Unary(math, "cbrt", x =>
        {
            var root = Math.Cbrt(x);
            var rounded = Math.Round(root);
            return rounded * rounded * rounded == x ? rounded : root;
        });
        Unary(math, "exp", Math.Exp);
        Unary(math, "expm1", x => Math.Exp(x) - 1);
        Unary(math, "log", Math.Log);
        Unary(math, "log10", Math.Log10);
        Unary(math, "log2", Math.Log2);
        Unary(math, "log1p", x => Math.Log(1 + x));
        Unary(math, "sin", Math.Sin);
        Unary(math, "cos", Math.Cos);
        Unary(math, "tan", Math.Tan);
        Unary(math, "asin", Math.Asin);
        Unary(math, "acos", Math.Acos);
        Unary(math, "atan", Math.Atan);
        Unary(math, "sinh", Math.Sinh);
        Unary(math, "cosh", Math.Cosh);
        Unary(math, "tanh", Math.Tanh);
        Unary(math, "fround", x => (double)(float)x);
        Method(math, "atan2", (_, _, a) => Math.Atan2(JsConvert.ToNumber(Arg(a, 0)), JsConvert.ToNumber(Arg(a, 1))));
        Method(math, "pow", (_, _, a) => JsInterpreter.JsPow(JsConvert.ToNumber(Arg(a, 0)), JsConvert.ToNumber(Arg(a, 1))));
        Method(math, "imul", (_, _, a) => (double)unchecked(JsConvert.ToInt32(JsConvert.ToNumber(Arg(a, 0))) * JsConvert.ToInt32(JsConvert.ToNumber(Arg(a, 1)))));
        Method(math, "hypot", (_, _, a) => Math.Sqrt(a.Select(JsConvert.ToNumber).Sum(x => x * x)));
        Method(math, "max", (_, _, a) =>
        {
            var result = double.NegativeInfinity;
            foreach (var x in a.Select(JsConvert.ToNumber))
            {
                if (double.IsNaN(x))
                {
                    return double.NaN;
                }

                result = Math.Max(result, x);
            }

            return result;
        });
        Method(math, "min", (_, _, a) =>
        {
            var result = double.PositiveInfinity;
            foreach (var x in a.Select(JsConvert.ToNumber))
            {
                if (double.IsNaN(x))
                {
                    return double.NaN;
                }

                result = Math.Min(result, x);
            }

            return result;
        });
        Method(math, "random", (_, _, _) => Random.Shared.NextDouble());
        globals.Declare("Math", math);
    }

    private static double JsRound(double x)
    {
        if (double.IsNaN(x) || double.IsInfinity(x))
        {
            return x;
        }

        var floor = Math.Floor(x);
        var rounded = x - floor >= 0.5 ? floor + 1 : floor;
        return rounded == 0 && double.IsNegative(x) ? -0.0 : rounded;
    }

    private void Unary(JsObject target, string name, Func<double, double> f) =>
        Method(target, name, (_, _, a) => f(JsConvert.ToNumber(Arg(a, 0))));

    // ---- globals ----

    private void SetUpGlobals(Scope globals)
    {
        globals.Declare("NaN", double.NaN, isConst: true);
        globals.Declare("Infinity", double.PositiveInfinity, isConst: true);
        globals.Declare("undefined", JsUndefined.Value, isConst: true);
        globals.Declare("parseInt", Function("parseInt", (_, _, a) => ParseInt(JsConvert.ToString(Arg(a, 0)), Arg(a, 1))));
        globals.Declare("parseFloat", Function("parseFloat", (_, _, a) => ParseFloat(JsConvert.ToString(Arg(a, 0)))));
        globals.Declare("isNaN", Function("isNaN", (_, _, a) => double.IsNaN(JsConvert.ToNumber(Arg(a, 0)))));
        globals.Declare("isFinite", Function("isFinite", (_, _, a) => double.IsFinite(JsConvert.ToNumber(Arg(a, 0)))));
    }

    public static double ParseInt(string input, object? radixValue)
    {
        var s = input.TrimStart();
        var i = 0;
        var negative = false;
        if (i < s.Length && s[i] is '+' or '-')
        {
            negative = s[i] == '-';
            i++;
        }

        var radix = JsConvert.ToInt32(JsConvert.ToNumber(radixValue));
        var stripPrefix = true;
        if (radix != 0)
        {
            if (radix is < 2 or > 36)
            {
                return double.NaN;
            }

            stripPrefix = radix == 16;
        }
        else
        {
            radix = 10;
        }

        if (stripPrefix && i + 1 < s.Length && s[i] == '0' && s[i + 1] is 'x' or 'X')
        {
            i += 2;
            radix = 16;
        }

        double value = 0;
        var digits = 0;
        for (; i < s.Length; i++)
        {
            var d = JsConvert.DigitValue(s[i]);
            if (d < 0 || d >= radix)
            {
                break;
            }

            value = (value * radix) + d;
            digits++;
        }

        if (digits == 0)
        {
            return double.NaN;
        }

        return negative ? -value : value;
    }

    public static double ParseFloat(string input)
    {
        var s = input.TrimStart();
        return JsConvert.DecimalPrefixLength(s, 0, out var value) > 0 ? value : double.NaN;
    }

    // ---- Boolean/Number/String helpers ----

    private static string ThisString(object? thisValue) => JsConvert.ToString(thisValue);

    private double ThisNumber(object? thisValue, string method) => thisValue is double d
        ? d
        : throw _i.TypeError($"Number.prototype.{method} requires that 'this' be a Number");
}
