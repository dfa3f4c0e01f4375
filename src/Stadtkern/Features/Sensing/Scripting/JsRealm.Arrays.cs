using System.Text;

namespace Stadtkern.Features.Sensing.Scripting;

internal sealed partial class JsRealm
{
    private JsArray ThisArray(object? thisValue, string method) => thisValue as JsArray
        ?? throw _i.TypeError($"Array.prototype.{method} called on a non-array");

    private JsFunction Callback(object? value, string method) => value as JsFunction
        ?? throw _i.TypeError($"{JsConvert.TypeOf(value)} is not a function (in Array.prototype.{method})");

    private void SetUpArray(Scope globals)
    {
        NativeCall create = (_, _, a) =>
        {
            if (a.Length == 1 && a[0] is double length)
            {
                if (length < 0 || length != Math.Floor(length) || length > int.MaxValue)
                {
                    throw _i.RangeError("Invalid array length");
                }

                _i.Charge(16.0 * length);
                return _i.NewArray(Enumerable.Repeat<object?>(JsUndefined.Value, (int)length).ToList());
            }

            return _i.NewArray([.. a]);
        };
        var constructor = Function("Array", create, create);
        constructor.Set("prototype", ArrayPrototype);
        ArrayPrototype.Set("constructor", constructor);
        Method(constructor, "isArray", (_, _, a) => Arg(a, 0) is JsArray);
        Method(constructor, "of", (_, _, a) => _i.NewArray([.. a]));
        Method(constructor, "from", (_, _, a) =>
        {
            var source = Arg(a, 0);
            List<object?> items = source switch
            {
                JsArray array => [.. array.Items],
                string s => s.Select(c => (object?)c.ToString()).ToList(),
                JsObject o when o.Get("length") is double n => ArrayLike(o, n),
                _ => [],
            };
            if (Arg(a, 1) is JsFunction map)
            {
                for (var k = 0; k < items.Count; k++)
                {
                    items[k] = _i.Call(map, JsUndefined.Value, [items[k], (double)k]);
                }
            }

            return _i.NewArray(items);
        });
        globals.Declare("Array", constructor);

        var p = ArrayPrototype;
        Method(p, "push", (_, t, a) =>
        {
            var array = ThisArray(t, "push");
            _i.Charge(16.0 * a.Length);
            array.Items.AddRange(a);
            return (double)array.Items.Count;
        });
        Method(p, "pop", (_, t, _) =>
        {
            var items = ThisArray(t, "pop").Items;
            if (items.Count == 0)
            {
                return JsUndefined.Value;
            }

            var last = items[^1];
            items.RemoveAt(items.Count - 1);
            return last;
        });
        Method(p, "shift", (_, t, _) =>
        {
            var items = ThisArray(t, "shift").Items;
            if (items.Count == 0)
            {
                return JsUndefined.Value;
            }

            _i.Step(items.Count / 16);
            var first = items[0];
            items.RemoveAt(0);
            return first;
        });
        Method(p, "unshift", (_, t, a) =>
        {
            var items = ThisArray(t, "unshift").Items;
            _i.Charge(16.0 * a.Length);
            _i.Step(items.Count / 16);
            items.InsertRange(0, a);
            return (double)items.Count;
        });
        Method(p, "slice", (_, t, a) =>
        {
            var items = ThisArray(t, "slice").Items;
            var (start, end) = RelativeRange(items.Count, Arg(a, 0), Arg(a, 1));
            return _i.NewArray(start < end ? items.GetRange(start, end - start) : []);
        });
        Method(p, "splice", (_, t, a) =>
        {
            var items = ThisArray(t, "splice").Items;
            var (start, _) = RelativeRange(items.Count, Arg(a, 0), JsUndefined.Value);
            var deleteCount = a.Length < 2 ? items.Count - start : (int)Math.Clamp(JsConvert.ToIntegerOrInfinity(a[1]), 0, items.Count - start);
            var removed = items.GetRange(start, deleteCount);
            items.RemoveRange(start, deleteCount);
            if (a.Length > 2)
            {
                _i.Charge(16.0 * (a.Length - 2));
                items.InsertRange(start, a[2..]);
            }

            _i.Step(items.Count / 16);
            return _i.NewArray(removed);
        });
        Method(p, "concat", (_, t, a) =>
        {
            var result = new List<object?>(ThisArray(t, "concat").Items);
            foreach (var value in a)
            {
                if (value is JsArray other)
                {
                    result.AddRange(other.Items);
                }
                else
                {
                    result.Add(value);
                }
            }

            return _i.NewArray(result);
        });
        Method(p, "join", (_, t, a) => Join(ThisArray(t, "join"), JsConvert.IsUndefined(Arg(a, 0)) ? "," : JsConvert.ToString(Arg(a, 0))));
        Method(p, "toString", (_, t, _) => Join(ThisArray(t, "toString"), ","));
        Method(p, "reverse", (_, t, _) =>
        {
            var array = ThisArray(t, "reverse");
            array.Items.Reverse();
            return array;
        });
        Method(p, "indexOf", (_, t, a) =>
        {
            var items = ThisArray(t, "indexOf").Items;
            var (start, _) = RelativeRange(items.Count, Arg(a, 1), JsUndefined.Value);
            for (var k = start; k < items.Count; k++)
            {
                _i.Step();
                if (JsConvert.StrictEquals(items[k], Arg(a, 0)))
                {
                    return (double)k;
                }
            }

            return -1.0;
        });
        Method(p, "lastIndexOf", (_, t, a) =>
        {
            var items = ThisArray(t, "lastIndexOf").Items;
            for (var k = items.Count - 1; k >= 0; k--)
            {
                _i.Step();
                if (JsConvert.StrictEquals(items[k], Arg(a, 0)))
                {
                    return (double)k;
                }
            }

            return -1.0;
        });
        Method(p, "includes", (_, t, a) =>
        {
            var items = ThisArray(t, "includes").Items;
            _i.Step(items.Count);
            return items.Exists(x => JsConvert.SameValueZero(x, Arg(a, 0)));
        });
        Method(p, "fill", (_, t, a) =>
        {
            var array = ThisArray(t, "fill");
            var (start, end) = RelativeRange(array.Items.Count, Arg(a, 1), Arg(a, 2));
            for (var k = start; k < end; k++)
            {
                array.Items[k] = Arg(a, 0);
            }

            _i.Step(array.Items.Count);
            return array;
        });
        Method(p, "forEach", (_, t, a) =>
        {
            Iterate(t, a, "forEach", (_, _) => false);
            return JsUndefined.Value;
        });
        Method(p, "map", (_, t, a) =>
        {
            var result = new List<object?>();
            Iterate(t, a, "map", (_, mapped) =>
            {
                result.Add(mapped);
                return false;
            });
            return _i.NewArray(result);
        });
        Method(p, "filter", (_, t, a) =>
        {
            var result = new List<object?>();
            Iterate(t, a, "filter", (item, keep) =>
            {
                if (JsConvert.ToBoolean(keep))
                {
                    result.Add(item);
                }

                return false;
            });
            return _i.NewArray(result);
        });
        Method(p, "some", (_, t, a) =>
        {
            var found = false;
            Iterate(t, a, "some", (_, r) => found = JsConvert.ToBoolean(r));
            return found;
        });
        Method(p, "every", (_, t, a) =>
        {
            var all = true;
            Iterate(t, a, "every", (_, r) => !(all = JsConvert.ToBoolean(r)));
            return all;
        });
        Method(p, "find", (_, t, a) =>
        {
            object? found = JsUndefined.Value;
            Iterate(t, a, "find", (item, r) =>
            {
                if (JsConvert.ToBoolean(r))
                {
                    found = item;
                    return true;
                }

                return false;
            });
            return found;
        });
        Method(p, "findIndex", (_, t, a) =>
        {
            var index = -1.0;
            var k = 0;
            Iterate(t, a, "findIndex", (_, r) =>
            {
                if (JsConvert.ToBoolean(r))
                {
                    index = k;
                    return true;
                }

                k++;
                return false;
            });
            return index;
        });
        Method(p, "reduce", (_, t, a) =>
        {
            var items = ThisArray(t, "reduce").Items;
            var callback = Callback(Arg(a, 0), "reduce");
            var k = 0;
            object? accumulator;
            if (a.Length > 1)
            {
                accumulator = a[1];
            }
            else if (items.Count > 0)
            {
                accumulator = items[0];
                k = 1;
            }
            else
            {
                throw _i.TypeError("Reduce of empty array with no initial value");
            }

            for (; k < items.Count; k++)
            {
                accumulator = _i.Call(callback, JsUndefined.Value, [accumulator, items[k], (double)k, t]);
            }

            return accumulator;
        });
        Method(p, "sort", (_, t, a) =>
        {
            var array = ThisArray(t, "sort");
            var comparer = Arg(a, 0) as JsFunction;
            _i.Step(array.Items.Count * (long)Math.Max(1, Math.Log2(Math.Max(array.Items.Count, 1))));
            // A stable merge sort: List.Sort is unstable and throws on inconsistent comparers.
            var sorted = MergeSort(array.Items, (x, y) =>
            {
                if (JsConvert.IsUndefined(x) || JsConvert.IsUndefined(y))
                {
                    return JsConvert.IsUndefined(x) ? (JsConvert.IsUndefined(y) ? 0 : 1) : -1;
                }

                if (comparer is null)
                {
                    return string.CompareOrdinal(JsConvert.ToString(x), JsConvert.ToString(y));
                }

                var r = JsConvert.ToNumber(_i.Call(comparer, JsUndefined.Value, [x, y]));
                return r > 0 ? 1 : r < 0 ? -1 : 0;
            });
            array.Items.Clear();
            array.Items.AddRange(sorted);
            return array;
        });
    }

    private List<object?> ArrayLike(JsObject o, double length)
    {
        var n = (int)Math.Clamp(length, 0, int.MaxValue);
        _i.Charge(16.0 * n);
        return Enumerable.Range(0, n).Select(k => o.Get(JsConvert.NumberToString(k))).ToList();
    }

    /// <summary>Calls the callback for each element; <paramref name="visit"/> gets (element, callback result) and returns true to stop.</summary>
    private void Iterate(object? thisValue, object?[] arguments, string method, Func<object?, object?, bool> visit)
    {
        var array = ThisArray(thisValue, method);
        var callback = Callback(Arg(arguments, 0), method);
        var thisArg = Arg(arguments, 1);
        for (var k = 0; k < array.Items.Count; k++)
        {
            var item = array.Items[k];
            if (visit(item, _i.Call(callback, thisArg, [item, (double)k, array])))
            {
                return;
            }
        }
    }

    private string Join(JsArray array, string separator)
    {
        var sb = new StringBuilder();
        for (var k = 0; k < array.Items.Count; k++)
        {
            _i.Step();
            if (k > 0)
            {
                sb.Append(separator);
            }

            var item = array.Items[k];
            if (!JsConvert.IsNullish(item))
            {
                sb.Append(ReferenceEquals(item, array) ? "" : JsConvert.ToString(item));
            }
        }

        return S(sb.ToString());
    }

    private static List<object?> MergeSort(List<object?> items, Comparison<object?> compare)
    {
        if (items.Count <= 1)
        {
            return [.. items];
        }

        var middle = items.Count / 2;
        var left = MergeSort(items.GetRange(0, middle), compare);
        var right = MergeSort(items.GetRange(middle, items.Count - middle), compare);
        var result = new List<object?>(items.Count);
        int l = 0, r = 0;
        while (l < left.Count && r < right.Count)
        {
            result.Add(compare(right[r], left[l]) < 0 ? right[r++] : left[l++]);
        }

        result.AddRange(left.Skip(l));
        result.AddRange(right.Skip(r));
        return result;
    }
}
