using System.Globalization;
using System.Numerics;
using System.Text;

namespace Stadtkern.Features.Sensing.Scripting;

/// <summary>JavaScript's type conversions and comparisons (ECMA-262 ToNumber, ToString, ToInt32, ==, ===, ...).</summary>
internal static class JsConvert
{
    public static bool IsUndefined(object? value) => ReferenceEquals(value, JsUndefined.Value);

    public static bool IsNullish(object? value) => value is null || ReferenceEquals(value, JsUndefined.Value);

    public static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'z' => c - 'a' + 10,
        >= 'A' and <= 'Z' => c - 'A' + 10,
        _ => -1,
    };

    public static string TypeOf(object? value) => value switch
    {
        null => "object",
        JsUndefined => "undefined",
        bool => "boolean",
        double => "number",
        string => "string",
        JsFunction => "function",
        _ => "object",
    };

    public static bool ToBoolean(object? value) => value switch
    {
        null or JsUndefined => false,
        bool b => b,
        double d => !(d == 0 || double.IsNaN(d)),
        string s => s.Length > 0,
        _ => true,
    };

    public static double ToNumber(object? value) => value switch
    {
        null => 0,
        JsUndefined => double.NaN,
        bool b => b ? 1 : 0,
        double d => d,
        string s => StringToNumber(s),
        JsArray a => a.Items.Count == 0 ? 0 : a.Items.Count == 1 ? ToNumber(ToPrimitive(a.Items[0])) : double.NaN,
        _ => double.NaN,
    };

    /// <summary>ToPrimitive without user code: objects convert by their built-in toString.</summary>
    public static object? ToPrimitive(object? value) => value is JsObject o ? ToString(o) : value;

    public static double StringToNumber(string text)
    {
        var s = text.Trim();
        if (s.Length == 0)
        {
            return 0;
        }

        if (s.Length > 2 && s[0] == '0' && s[1] is 'x' or 'X' or 'o' or 'O' or 'b' or 'B')
        {
            var radix = char.ToLowerInvariant(s[1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            double value = 0;
            for (var i = 2; i < s.Length; i++)
            {
                var d = DigitValue(s[i]);
                if (d < 0 || d >= radix)
                {
                    return double.NaN;
                }

                value = (value * radix) + d;
            }

            return value;
        }

        return DecimalPrefixLength(s, 0, out var number) == s.Length ? number : double.NaN;
    }

    /// <summary>Length of the longest StrDecimalLiteral (with sign, Infinity, fraction, exponent) at <paramref name="start"/>.</summary>
    public static int DecimalPrefixLength(string s, int start, out double value)
    {
        var i = start;
        var negative = false;
        if (i < s.Length && s[i] is '+' or '-')
        {
            negative = s[i] == '-';
            i++;
        }

        if (string.CompareOrdinal(s, i, "Infinity", 0, 8) == 0)
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return i + 8 - start;
        }

        var digitsStart = i;
        var digits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
            digits++;
        }

        if (i < s.Length && s[i] == '.')
        {
            var afterPoint = i + 1;
            var fraction = 0;
            while (afterPoint < s.Length && char.IsAsciiDigit(s[afterPoint]))
            {
                afterPoint++;
                fraction++;
            }

            if (digits + fraction > 0)
            {
                i = afterPoint;
                digits += fraction;
            }
        }

        if (digits == 0)
        {
            value = double.NaN;
            return 0;
        }

        if (i < s.Length && s[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < s.Length && s[j] is '+' or '-')
            {
                j++;
            }

            if (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                while (j < s.Length && char.IsAsciiDigit(s[j]))
                {
                    j++;
                }

                i = j;
            }
        }

        value = double.Parse(s.AsSpan(digitsStart, i - digitsStart), NumberStyles.Float, CultureInfo.InvariantCulture);
        if (negative)
        {
            value = -value;
        }

        return i - start;
    }

    public static string ToString(object? value) => ToString(value, 0);

    private static string ToString(object? value, int depth) => value switch
    {
        null => "null",
        JsUndefined => "undefined",
        bool b => b ? "true" : "false",
        double d => NumberToString(d),
        string s => s,
        JsArray a => depth > 16 ? "" : string.Join(",", a.Items.Select(i => IsNullish(i) ? "" : ToString(i, depth + 1))),
        JsErrorObject e => ErrorToString(e),
        JsFunction f => $"function {f.Name}() {{ [native code] }}",
        _ => "[object Object]",
    };

    private static string ErrorToString(JsErrorObject e)
    {
        var name = e.Get("name") is var n && IsUndefined(n) ? "Error" : ToString(n);
        var message = e.Get("message") is var m && IsUndefined(m) ? "" : ToString(m);
        return name.Length == 0 ? message : message.Length == 0 ? name : $"{name}: {message}";
    }

    /// <summary>Number::toString(10): the shortest digits that round-trip, laid out as JavaScript does.</summary>
    public static string NumberToString(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }

        if (d == 0)
        {
            return "0";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "Infinity" : "-Infinity";
        }

        if (Math.Abs(d) < 1e15 && d == Math.Floor(d))
        {
            return ((long)d).ToString(CultureInfo.InvariantCulture);
        }

        // "R" gives the shortest round-trip digits; take them apart into digits and exponent n (value = 0.digits × 10^n).
        var shortest = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        var mantissa = shortest;
        var exponent = 0;
        var e = shortest.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            mantissa = shortest[..e];
            exponent = int.Parse(shortest.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var integerDigits = point < 0 ? mantissa.Length : point;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        var n = integerDigits - leadingZeros + exponent;
        var k = digits.Length;

        var sb = new StringBuilder();
        if (d < 0)
        {
            sb.Append('-');
        }

        if (k <= n && n <= 21)
        {
            sb.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            sb.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            sb.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            sb.Append(digits[0]);
            if (k > 1)
            {
                sb.Append('.').Append(digits, 1, k - 1);
            }

            sb.Append('e').Append(n - 1 >= 0 ? "+" : "-").Append(Math.Abs(n - 1).ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    public static string NumberToString(double d, int radix)
    {
        if (radix == 10 || double.IsNaN(d) || double.IsInfinity(d))
        {
            return NumberToString(d);
        }

        const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        var negative = d < 0;
        d = Math.Abs(d);
        var integer = Math.Floor(d);
        var fraction = d - integer;
        var sb = new StringBuilder();
        if (integer == 0)
        {
            sb.Append('0');
        }
        else
        {
            var big = new BigInteger(integer);
            while (big > 0)
            {
                sb.Insert(0, Digits[(int)(big % radix)]);
                big /= radix;
            }
        }

        if (fraction > 0)
        {
            sb.Append('.');
            // 52 bits of mantissa need at most 52 binary digits; fewer in larger radices.
            var max = (int)Math.Ceiling(52 / Math.Log2(radix)) + 1;
            for (var i = 0; i < max && fraction > 0; i++)
            {
                fraction *= radix;
                var digit = (int)Math.Floor(fraction);
                sb.Append(Digits[digit]);
                fraction -= digit;
            }
        }

        if (negative)
        {
            sb.Insert(0, '-');
        }

        return sb.ToString();
    }

    /// <summary>Number.prototype.toFixed: exact decimal rounding of the binary value, ties away from zero.</summary>
    public static string ToFixed(double x, int fractionDigits)
    {
        if (double.IsNaN(x))
        {
            return "NaN";
        }

        if (Math.Abs(x) >= 1e21 || double.IsInfinity(x))
        {
            return NumberToString(x);
        }

        var negative = x < 0;
        var bits = BitConverter.DoubleToInt64Bits(Math.Abs(x));
        var exponentBits = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponentBits == 0)
        {
            exponentBits = 1;
        }
        else
        {
            mantissa |= 1L << 52;
        }

        var binaryExponent = exponentBits - 1075;
        var scaled = new BigInteger(mantissa) * BigInteger.Pow(10, fractionDigits);
        BigInteger n;
        if (binaryExponent >= 0)
        {
            n = scaled << binaryExponent;
        }
        else
        {
            var denominator = BigInteger.One << -binaryExponent;
            n = BigInteger.DivRem(scaled, denominator, out var remainder);
            if (remainder * 2 >= denominator)
            {
                n += 1;
            }
        }

        var text = n.ToString(CultureInfo.InvariantCulture);
        if (fractionDigits > 0)
        {
            text = text.PadLeft(fractionDigits + 1, '0');
            text = text.Insert(text.Length - fractionDigits, ".");
        }

        return negative ? "-" + text : text;
    }

    public static double ToIntegerOrInfinity(object? value)
    {
        var d = ToNumber(value);
        return double.IsNaN(d) ? 0 : Math.Truncate(d);
    }

    public static int ToInt32(double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d))
        {
            return 0;
        }

        if (d is >= int.MinValue and <= int.MaxValue)
        {
            return (int)d;
        }

        var truncated = Math.Truncate(d);
        var modulo = truncated % 4294967296.0;
        if (modulo < 0)
        {
            modulo += 4294967296.0;
        }

        return unchecked((int)(uint)modulo);
    }

    public static uint ToUint32(double d) => unchecked((uint)ToInt32(d));

    public static bool StrictEquals(object? a, object? b) => (a, b) switch
    {
        (double x, double y) => x == y,
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        (bool x, bool y) => x == y,
        (null, null) => true,
        (JsUndefined, JsUndefined) => true,
        _ => a is JsObject && ReferenceEquals(a, b),
    };

    public static bool SameValueZero(object? a, object? b) =>
        a is double x && b is double y ? (double.IsNaN(x) && double.IsNaN(y)) || x == y : StrictEquals(a, b);

    public static bool LooseEquals(object? a, object? b)
    {
        while (true)
        {
            if (TypeOf(a) == TypeOf(b) && (a is null) == (b is null))
            {
                return StrictEquals(a, b);
            }

            if (IsNullish(a) && IsNullish(b))
            {
                return true;
            }

            if (IsNullish(a) || IsNullish(b))
            {
                return false;
            }

            switch (a, b)
            {
                case (double, string):
                    b = ToNumber(b);
                    continue;
                case (string, double):
                    a = ToNumber(a);
                    continue;
                case (bool, _):
                    a = ToNumber(a);
                    continue;
                case (_, bool):
                    b = ToNumber(b);
                    continue;
                case (JsObject, double or string):
                    a = ToPrimitive(a);
                    continue;
                case (double or string, JsObject):
                    b = ToPrimitive(b);
                    continue;
                default:
                    return false;
            }
        }
    }

    public static string PropertyKey(object? value) => value switch
    {
        string s => s,
        double d => NumberToString(d),
        _ => ToString(value),
    };
}
