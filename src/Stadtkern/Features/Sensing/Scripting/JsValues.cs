using System.Globalization;

namespace Stadtkern.Features.Sensing.Scripting;

// JavaScript values are plain CLR objects: JsUndefined.Value, null (JS null), bool, double, string, and JsObject (with
// JsArray and JsFunction). Numbers are always double.

/// <summary>The JavaScript <c>undefined</c> value.</summary>
internal sealed class JsUndefined
{
    public static readonly JsUndefined Value = new();

    private JsUndefined()
    {
    }

    public override string ToString() => "undefined";
}

internal class JsObject(JsObject? prototype)
{
    private OrderedDictionary<string, object?>? _properties;

    public JsObject? Prototype { get; set; } = prototype;

    /// <summary>The [[Class]]-like tag used by typeof, toString and the JSON conversion.</summary>
    public virtual string ClassName => "Object";

    public int PropertyCount => _properties?.Count ?? 0;

    public virtual object? Get(string key)
    {
        for (var o = this; o is not null; o = o.Prototype)
        {
            if (o.TryGetOwn(key, out var value))
            {
                return value;
            }
        }

        return JsUndefined.Value;
    }

    public virtual bool TryGetOwn(string key, out object? value)
    {
        if (_properties is not null && _properties.TryGetValue(key, out value))
        {
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>Sets an own property; returns true when the property is new (the caller charges its allocation).</summary>
    public virtual bool Set(string key, object? value)
    {
        _properties ??= new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        var added = !_properties.ContainsKey(key);
        _properties[key] = value;
        return added;
    }

    public virtual bool Delete(string key) => _properties?.Remove(key) ?? true;

    public virtual bool HasOwn(string key) => _properties?.ContainsKey(key) ?? false;

    public bool Has(string key)
    {
        for (var o = this; o is not null; o = o.Prototype)
        {
            if (o.HasOwn(key))
            {
                return true;
            }
        }

        return false;
    }

    public virtual IEnumerable<string> OwnKeys()
    {
        if (_properties is null)
        {
            return [];
        }

        // Integer-like keys come first in ascending order, as in JavaScript.
        var keys = _properties.Keys.ToList();
        var integers = keys.Where(k => JsArray.TryParseIndex(k, out _)).OrderBy(k => long.Parse(k, CultureInfo.InvariantCulture)).ToList();
        return integers.Count == 0 ? keys : integers.Concat(keys.Where(k => !JsArray.TryParseIndex(k, out _)));
    }
}

internal sealed class JsArray(JsObject? prototype, List<object?> items) : JsObject(prototype)
{
    public List<object?> Items { get; } = items;

    public override string ClassName => "Array";

    public static bool TryParseIndex(string key, out int index)
    {
        index = 0;
        if (key.Length == 0 || key.Length > 10 || (key.Length > 1 && key[0] == '0'))
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }

    public override bool TryGetOwn(string key, out object? value)
    {
        if (TryParseIndex(key, out var index))
        {
            value = index < Items.Count ? Items[index] : JsUndefined.Value;
            return index < Items.Count;
        }

        if (key == "length")
        {
            value = (double)Items.Count;
            return true;
        }

        return base.TryGetOwn(key, out value);
    }

    public override bool Set(string key, object? value)
    {
        if (TryParseIndex(key, out var index))
        {
            SetIndex(index, value);
            return false;
        }

        if (key == "length")
        {
            throw new InvalidOperationException("length is set through the interpreter");
        }

        return base.Set(key, value);
    }

    public void SetIndex(int index, object? value)
    {
        while (Items.Count <= index)
        {
            Items.Add(JsUndefined.Value);
        }

        Items[index] = value;
    }

    public override bool Delete(string key)
    {
        if (TryParseIndex(key, out var index))
        {
            if (index < Items.Count)
            {
                Items[index] = JsUndefined.Value;
            }

            return true;
        }

        return base.Delete(key);
    }

    public override bool HasOwn(string key) =>
        TryParseIndex(key, out var index) ? index < Items.Count : key == "length" || base.HasOwn(key);

    public override IEnumerable<string> OwnKeys() =>
        Enumerable.Range(0, Items.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)).Concat(base.OwnKeys());
}

internal sealed class JsErrorObject(JsObject? prototype) : JsObject(prototype)
{
    public override string ClassName => "Error";
}

internal abstract class JsFunction(JsObject? prototype) : JsObject(prototype)
{
    public override string ClassName => "Function";

    public abstract string Name { get; }

    public abstract object? Call(JsInterpreter interpreter, object? thisValue, object?[] arguments);

    /// <summary><c>new F(...)</c>: by default a fresh object whose prototype is <c>F.prototype</c>.</summary>
    public virtual object? Construct(JsInterpreter interpreter, object?[] arguments)
    {
        var prototype = Get("prototype") as JsObject ?? interpreter.Realm.ObjectPrototype;
        var instance = interpreter.NewObject(prototype);
        var result = Call(interpreter, instance, arguments);
        return result is JsObject o ? o : instance;
    }
}

internal delegate object? NativeCall(JsInterpreter interpreter, object? thisValue, object?[] arguments);

internal sealed class JsNativeFunction(JsObject? prototype, string name, NativeCall call, NativeCall? construct = null) : JsFunction(prototype)
{
    public override string Name => name;

    public override object? Call(JsInterpreter interpreter, object? thisValue, object?[] arguments) => call(interpreter, thisValue, arguments);

    public override object? Construct(JsInterpreter interpreter, object?[] arguments) =>
        construct is null ? throw interpreter.TypeError($"{name} is not a constructor") : construct(interpreter, null, arguments);
}

internal sealed class JsClosure(JsObject? prototype, FunctionInfo function, Scope scope, object? lexicalThis) : JsFunction(prototype)
{
    public FunctionInfo Function { get; } = function;

    public Scope Scope { get; } = scope;

    public object? LexicalThis { get; } = lexicalThis;

    public override string Name => Function.Name ?? "";

    public override object? Call(JsInterpreter interpreter, object? thisValue, object?[] arguments) =>
        interpreter.Invoke(this, thisValue, arguments);

    public override object? Construct(JsInterpreter interpreter, object?[] arguments)
    {
        if (Function.IsArrow)
        {
            throw interpreter.TypeError("Arrow functions are not constructors");
        }

        return base.Construct(interpreter, arguments);
    }
}

/// <summary>A variable binding.</summary>
internal sealed class Binding(object? value, bool isConst)
{
    public object? Value { get; set; } = value;

    public bool IsConst { get; } = isConst;
}

/// <summary>A lexical scope: function bodies, blocks and loop iterations each get one.</summary>
internal sealed class Scope(Scope? parent)
{
    private Dictionary<string, Binding>? _bindings;

    public Scope? Parent { get; } = parent;

    public Binding? Lookup(string name)
    {
        for (var s = this; s is not null; s = s.Parent)
        {
            if (s._bindings is not null && s._bindings.TryGetValue(name, out var binding))
            {
                return binding;
            }
        }

        return null;
    }

    public bool HasOwn(string name) => _bindings?.ContainsKey(name) ?? false;

    public void Declare(string name, object? value, bool isConst = false)
    {
        _bindings ??= new Dictionary<string, Binding>(StringComparer.Ordinal);
        _bindings[name] = new Binding(value, isConst);
    }

    public IEnumerable<KeyValuePair<string, Binding>> Own() => _bindings ?? [];
}
