using System.Globalization;
using System.Text;

namespace Stadtkern.Features.Sensing.Scripting;

internal sealed partial class JsRealm
{
    private void SetUpString(Scope globals)
    {
        var constructor = Function("String", (_, _, a) => a.Length == 0 ? "" : S(JsConvert.ToString(a[0])));
        constructor.Set("prototype", StringPrototype);
        Method(constructor, "fromCharCode", (_, _, a) =>
        {
            _i.Charge(2.0 * a.Length);
            var chars = new char[a.Length];
            for (var k = 0; k < a.Length; k++)
            {
                chars[k] = (char)(JsConvert.ToUint32(JsConvert.ToNumber(a[k])) & 0xFFFF);
            }

            return new string(chars);
        });
        globals.Declare("String", constructor);

        var p = StringPrototype;
        Method(p, "toString", (_, t, _) => ThisString(t));
        Method(p, "valueOf", (_, t, _) => ThisString(t));
        Method(p, "charCodeAt", (_, t, a) =>
        {
            var s = ThisString(t);
            var index = JsConvert.ToIntegerOrInfinity(Arg(a, 0));
            return index >= 0 && index < s.Length ? (double)s[(int)index] : double.NaN;
        });
        Method(p, "codePointAt", (_, t, a) =>
        {
            var s = ThisString(t);
            var index = JsConvert.ToIntegerOrInfinity(Arg(a, 0));
            return index >= 0 && index < s.Length ? (double)char.ConvertToUtf32(s, (int)index) : JsUndefined.Value;
        });
        Method(p, "charAt", (_, t, a) =>
        {
            var s = ThisString(t);
            var index = JsConvert.ToIntegerOrInfinity(Arg(a, 0));
            return index >= 0 && index < s.Length ? s[(int)index].ToString() : "";
        });
        Method(p, "at", (_, t, a) =>
        {
            var s = ThisString(t);
            var index = JsConvert.ToIntegerOrInfinity(Arg(a, 0));
            index = index < 0 ? s.Length + index : index;
            return index >= 0 && index < s.Length ? s[(int)index].ToString() : JsUndefined.Value;
        });
        Method(p, "indexOf", (_, t, a) =>
        {
            var s = ThisString(t);
            var start = (int)Math.Clamp(JsConvert.ToIntegerOrInfinity(Arg(a, 1)), 0, s.Length);
            return (double)s.IndexOf(JsConvert.ToString(Arg(a, 0)), start, StringComparison.Ordinal);
        });
        Method(p, "lastIndexOf", (_, t, a) =>
        {
            var s = ThisString(t);
            var search = JsConvert.ToString(Arg(a, 0));
            var position = JsConvert.ToNumber(Arg(a, 1));
            var from = double.IsNaN(position) ? s.Length : (int)Math.Clamp(Math.Truncate(position), 0, s.Length);
            var limit = Math.Min(from + search.Length, s.Length);
            return (double)s[..limit].LastIndexOf(search, StringComparison.Ordinal);
        });
        Method(p, "includes", (_, t, a) => ThisString(t).Contains(JsConvert.ToString(Arg(a, 0)), StringComparison.Ordinal));
        Method(p, "startsWith", (_, t, a) =>
        {
            var s = ThisString(t);
            var start = (int)Math.Clamp(JsConvert.ToIntegerOrInfinity(Arg(a, 1)), 0, s.Length);
            return s[start..].StartsWith(JsConvert.ToString(Arg(a, 0)), StringComparison.Ordinal);
        });
        Method(p, "endsWith", (_, t, a) =>
        {
            var s = ThisString(t);
            var end = JsConvert.IsUndefined(Arg(a, 1)) ? s.Length : (int)Math.Clamp(JsConvert.ToIntegerOrInfinity(Arg(a, 1)), 0, s.Length);
            return s[..end].EndsWith(JsConvert.ToString(Arg(a, 0)), StringComparison.Ordinal);
        });
        Method(p, "slice", (_, t, a) =>
        {
            var s = ThisString(t);
            var (start, end) = RelativeRange(s.Length, Arg(a, 0), Arg(a, 1));
            return S(start < end ? s[start..end] : "");
        });
        Method(p, "substring", (_, t, a) =>
        {
            var s = ThisString(t);
            var start = (int)Math.Clamp(JsConvert.ToIntegerOrInfinity(Arg(a, 0)), 0, s.Length);
            var end = JsConvert.IsUndefined(Arg(a, 1)) ? s.Length : (int)Math.Clamp(JsConvert.ToIntegerOrInfinity(Arg(a, 1)), 0, s.Length);
            return S(s[Math.Min(start, end)..Math.Max(start, end)]);
        });
        Method(p, "substr", (_, t, a) =>
        {
            var s = ThisString(t);
            var start = JsConvert.ToIntegerOrInfinity(Arg(a, 0));
            start = start < 0 ? Math.Max(s.Length + start, 0) : Math.Min(start, s.Length);
            var length = JsConvert.IsUndefined(Arg(a, 1)) ? s.Length : JsConvert.ToIntegerOrInfinity(Arg(a, 1));
            length = Math.Clamp(length, 0, s.Length - start);
            return S(s.Substring((int)start, (int)length));
        });
        Method(p, "toUpperCase", (_, t, _) => S(ThisString(t).ToUpperInvariant()));
        Method(p, "toLowerCase", (_, t, _) => S(ThisString(t).ToLowerInvariant()));
        Method(p, "trim", (_, t, _) => S(ThisString(t).Trim()));
        Method(p, "trimStart", (_, t, _) => S(ThisString(t).TrimStart()));
        Method(p, "trimEnd", (_, t, _) => S(ThisString(t).TrimEnd()));
        Method(p, "padStart", (_, t, a) => Pad(ThisString(t), Arg(a, 0), Arg(a, 1), atStart: true));
        Method(p, "padEnd", (_, t, a) => Pad(ThisString(t), Arg(a, 0), Arg(a, 1), atStart: false));
        Method(p, "repeat", (_, t, a) =>
        {
            var s = ThisString(t);
            var count = JsConvert.ToIntegerOrInfinity(Arg(a, 0));
            if (count < 0 || double.IsInfinity(count))
            {
                throw _i.RangeError("Invalid count value");
            }

            _i.Charge(2.0 * s.Length * count);
            return new StringBuilder(s.Length * (int)count).Insert(0, s, (int)count).ToString();
        });
        Method(p, "concat", (_, t, a) => S(string.Concat(a.Select(JsConvert.ToString).Prepend(ThisString(t)))));
        Method(p, "split", (_, t, a) => Split(ThisString(t), Arg(a, 0), Arg(a, 1)));
        Method(p, "replace", (_, t, a) => Replace(ThisString(t), Arg(a, 0), Arg(a, 1), all: false));
        Method(p, "replaceAll", (_, t, a) => Replace(ThisString(t), Arg(a, 0), Arg(a, 1), all: true));
        Method(p, "localeCompare", (_, t, a) => (double)Math.Sign(string.CompareOrdinal(ThisString(t), JsConvert.ToString(Arg(a, 0)))));
    }

    private static (int Start, int End) RelativeRange(int length, object? startValue, object? endValue)
    {
        var start = JsConvert.ToIntegerOrInfinity(startValue);
        var end = JsConvert.IsUndefined(endValue) ? length : JsConvert.ToIntegerOrInfinity(endValue);
        start = start < 0 ? Math.Max(length + start, 0) : Math.Min(start, length);
        end = end < 0 ? Math.Max(length + end, 0) : Math.Min(end, length);
        return ((int)start, (int)end);
    }

    private string Pad(string s, object? lengthValue, object? fillValue, bool atStart)
    {
        var target = JsConvert.ToIntegerOrInfinity(lengthValue);
        var fill = JsConvert.IsUndefined(fillValue) ? " " : JsConvert.ToString(fillValue);
        if (target <= s.Length || fill.Length == 0)
        {
            return s;
        }

        _i.Charge(2.0 * target);
        var missing = (int)target - s.Length;
        var sb = new StringBuilder((int)target);
        while (sb.Length < missing)
        {
            sb.Append(fill);
        }

        sb.Length = missing;
        return atStart ? sb.Append(s).ToString() : s + sb;
    }

    private JsArray Split(string s, object? separatorValue, object? limitValue)
    {
        var limit = JsConvert.IsUndefined(limitValue) ? uint.MaxValue : JsConvert.ToUint32(JsConvert.ToNumber(limitValue));
        List<object?> parts;
        if (JsConvert.IsUndefined(separatorValue))
        {
            parts = [s];
        }
        else
        {
            var separator = JsConvert.ToString(separatorValue);
            parts = separator.Length == 0
                ? s.Select(c => (object?)c.ToString()).ToList()
                : s.Split(separator).Select(x => (object?)x).ToList();
        }

        if (parts.Count > limit)
        {
            parts.RemoveRange((int)limit, parts.Count - (int)limit);
        }

        _i.Charge(2.0 * s.Length);
        return _i.NewArray(parts);
    }

    private string Replace(string s, object? patternValue, object? replacement, bool all)
    {
        var pattern = JsConvert.ToString(patternValue);
        var sb = new StringBuilder();
        var position = 0;
        while (true)
        {
            _i.Step();
            var found = s.IndexOf(pattern, position, StringComparison.Ordinal);
            if (found < 0)
            {
                break;
            }

            var before = sb.Length;
            sb.Append(s, position, found - position);
            if (replacement is JsFunction f)
            {
                sb.Append(JsConvert.ToString(_i.Call(f, JsUndefined.Value, [pattern, (double)found, s])));
            }
            else
            {
                sb.Append(ExpandReplacement(JsConvert.ToString(replacement), pattern, s, found));
            }

            _i.Charge(2.0 * (sb.Length - before));
            position = found + pattern.Length;
            if (!all)
            {
                break;
            }

            if (pattern.Length == 0)
            {
                if (position >= s.Length)
                {
                    position = s.Length + 1;
                    break;
                }

                sb.Append(s[position]);
                position++;
            }
        }

        if (position <= s.Length)
        {
            sb.Append(s, position, s.Length - position);
        }

        return S(sb.ToString());
    }

    private static string ExpandReplacement(string replacement, string matched, string s, int position)
    {
        if (!replacement.Contains('$', StringComparison.Ordinal))
        {
            return replacement;
        }

        var sb = new StringBuilder();
        for (var k = 0; k < replacement.Length; k++)
        {
            var c = replacement[k];
            if (c == '$' && k + 1 < replacement.Length)
            {
                switch (replacement[k + 1])
                {
                    case '$':
                        sb.Append('$');
                        k++;
                        continue;
                    case '&':
                        sb.Append(matched);
                        k++;
                        continue;
                    case '`':
                        sb.Append(s, 0, position);
                        k++;
                        continue;
                    case '\'':
                        sb.Append(s, position + matched.Length, s.Length - position - matched.Length);
                        k++;
                        continue;
                }
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private void SetUpNumber(Scope globals)
    {
        var constructor = Function("Number", (_, _, a) => a.Length == 0 ? 0.0 : JsConvert.ToNumber(a[0]));
        constructor.Set("prototype", NumberPrototype);
        Constant(constructor, "MAX_SAFE_INTEGER", 9007199254740991.0);
        Constant(constructor, "MIN_SAFE_INTEGER", -9007199254740991.0);
        Constant(constructor, "EPSILON", Math.Pow(2, -52));
        Constant(constructor, "MAX_VALUE", double.MaxValue);
        Constant(constructor, "MIN_VALUE", double.Epsilon);
        Constant(constructor, "NaN", double.NaN);
        Constant(constructor, "POSITIVE_INFINITY", double.PositiveInfinity);
        Constant(constructor, "NEGATIVE_INFINITY", double.NegativeInfinity);
        Method(constructor, "isInteger", (_, _, a) => Arg(a, 0) is double d && double.IsFinite(d) && Math.Floor(d) == d);
        Method(constructor, "isSafeInteger", (_, _, a) => Arg(a, 0) is double d && Math.Floor(d) == d && Math.Abs(d) <= 9007199254740991.0);
        Method(constructor, "isFinite", (_, _, a) => Arg(a, 0) is double d && double.IsFinite(d));
        Method(constructor, "isNaN", (_, _, a) => Arg(a, 0) is double d && double.IsNaN(d));
        Method(constructor, "parseFloat", (_, _, a) => ParseFloat(JsConvert.ToString(Arg(a, 0))));
        Method(constructor, "parseInt", (_, _, a) => ParseInt(JsConvert.ToString(Arg(a, 0)), Arg(a, 1)));
        globals.Declare("Number", constructor);

        Method(NumberPrototype, "valueOf", (_, t, _) => ThisNumber(t, "valueOf"));
        Method(NumberPrototype, "toString", (_, t, a) =>
        {
            var value = ThisNumber(t, "toString");
            var radix = JsConvert.IsUndefined(Arg(a, 0)) ? 10 : JsConvert.ToIntegerOrInfinity(Arg(a, 0));
            if (radix is < 2 or > 36)
            {
                throw _i.RangeError("toString() radix must be between 2 and 36");
            }

            return JsConvert.NumberToString(value, (int)radix);
        });
        Method(NumberPrototype, "toFixed", (_, t, a) =>
        {
            var value = ThisNumber(t, "toFixed");
            var digits = JsConvert.ToIntegerOrInfinity(Arg(a, 0));
            if (digits is < 0 or > 100)
            {
                throw _i.RangeError("toFixed() digits argument must be between 0 and 100");
            }

            return JsConvert.ToFixed(value, (int)digits);
        });
        Method(NumberPrototype, "toPrecision", (_, t, a) =>
        {
            var value = ThisNumber(t, "toPrecision");
            if (JsConvert.IsUndefined(Arg(a, 0)) || !double.IsFinite(value))
            {
                return JsConvert.NumberToString(value);
            }

            var precision = JsConvert.ToIntegerOrInfinity(Arg(a, 0));
            if (precision is < 1 or > 100)
            {
                throw _i.RangeError("toPrecision() argument must be between 1 and 100");
            }

            return ToPrecision(value, (int)precision);
        });
    }

    private static string ToPrecision(double value, int precision)
    {
        if (value == 0)
        {
            return precision == 1 ? "0" : "0." + new string('0', precision - 1);
        }

        var exponential = Math.Abs(value).ToString("E" + (precision - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var e = int.Parse(exponential.AsSpan(exponential.IndexOf('E', StringComparison.Ordinal) + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var digits = exponential[..exponential.IndexOf('E', StringComparison.Ordinal)].Replace(".", "", StringComparison.Ordinal);
        var sign = value < 0 ? "-" : "";
        if (e < -6 || e >= precision)
        {
            var mantissa = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
            return $"{sign}{mantissa}e{(e >= 0 ? "+" : "-")}{Math.Abs(e).ToString(CultureInfo.InvariantCulture)}";
        }

        if (e >= 0)
        {
            return e + 1 == precision ? sign + digits : $"{sign}{digits[..(e + 1)]}.{digits[(e + 1)..]}";
        }

        return $"{sign}0.{new string('0', -e - 1)}{digits}";
    }
}
