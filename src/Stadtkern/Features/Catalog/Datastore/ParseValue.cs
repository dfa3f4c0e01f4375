using System.Globalization;
using System.Text.Json;
using Stadtkern.Features.Catalog.Datastore.Model;

namespace Stadtkern.Features.Catalog.Datastore;

/// <summary>
/// Turns text from files and API calls into typed values: German and international numbers, German and ISO
/// dates, timestamps with or without offset (without: German local time), booleans, GeoJSON geometries.
/// Pure functions, shared by schema inference, the loader and the CKAN actions.
/// </summary>
internal static class ParseValue
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "d.M.yyyy", "dd.MM.yyyy"];

    private static readonly string[] LocalTimestampFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm",
        "d.M.yyyy HH:mm:ss", "d.M.yyyy HH:mm", "d.M.yyyy H:mm:ss", "d.M.yyyy H:mm",
    ];

    private static readonly string[] OffsetTimestampFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mmK",
    ];

    /// <summary>Timestamps without an offset are taken as local time in Germany (where the files come from).</summary>
    private static readonly TimeZoneInfo LocalZone = FindZone();

    public static bool TryInteger(string text, bool decimalComma, out long value)
    {
        value = 0;
        return TryNormalizeNumber(text, decimalComma, out var normalized)
            && !normalized.Contains('.', StringComparison.Ordinal) && !normalized.Contains('e', StringComparison.OrdinalIgnoreCase)
            && long.TryParse(normalized, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryNumeric(string text, bool decimalComma, out decimal value)
    {
        value = 0;
        return TryNormalizeNumber(text, decimalComma, out var normalized)
            && decimal.TryParse(normalized, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// Checks the number's shape and returns it in invariant form. Decimal comma: <c>-1.234,56</c> (dots only as
    /// thousands separators in groups of three); decimal point: <c>-1234.56</c> or <c>1.5e3</c> (no separators).
    /// </summary>
    public static bool TryNormalizeNumber(string text, bool decimalComma, out string normalized)
    {
        normalized = "";
        var s = text.Trim();
        if (s.Length == 0 || s.Length > 60)
        {
            return false;
        }

        var start = s[0] is '-' or '+' ? 1 : 0;
        if (start == s.Length)
        {
            return false;
        }

        if (!decimalComma)
        {
            var digits = 0;
            var dot = false;
            for (var i = start; i < s.Length; i++)
            {
                var c = s[i];
                if (char.IsAsciiDigit(c))
                {
                    digits++;
                }
                else if (c == '.' && !dot)
                {
                    dot = true;
                }
                else if (c is 'e' or 'E' && digits > 0 && i + 1 < s.Length)
                {
                    var exponent = s.AsSpan(i + 1);
                    if (exponent[0] is '-' or '+')
                    {
                        exponent = exponent[1..];
                    }

                    if (exponent.Length == 0 || !AllDigits(exponent))
                    {
                        return false;
                    }

                    break;
                }
                else
                {
                    return false;
                }
            }

            if (digits == 0)
            {
                return false;
            }

            normalized = s;
            return true;
        }

        var comma = s.IndexOf(',', StringComparison.Ordinal);
        var integerPart = comma < 0 ? s[start..] : s[start..comma];
        var fraction = comma < 0 ? "" : s[(comma + 1)..];
        if (comma >= 0 && (fraction.Length == 0 || !AllDigits(fraction.AsSpan())))
        {
            return false;
        }

        if (integerPart.Length == 0)
        {
            return false;
        }

        if (integerPart.Contains('.', StringComparison.Ordinal))
        {
            var groups = integerPart.Split('.');
            if (groups[0].Length is 0 or > 3 || groups.Skip(1).Any(g => g.Length != 3) || !groups.All(g => AllDigits(g.AsSpan())))
            {
                return false;
            }

            integerPart = string.Concat(groups);
        }
        else if (!AllDigits(integerPart.AsSpan()))
        {
            return false;
        }

        normalized = (s[0] == '-' ? "-" : "") + integerPart + (fraction.Length > 0 ? "." + fraction : "");
        return true;
    }

    public static bool TryBoolean(string text, out bool value)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "wahr" or "ja":
                value = true;
                return true;
            case "false" or "falsch" or "nein":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    public static bool TryDate(string text, out DateOnly value) =>
        DateOnly.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    public static bool TryTimestamp(string text, out DateTimeOffset value)
    {
        var s = text.Trim();
        if (s.Length < 14 || !char.IsAsciiDigit(s[0]))
        {
            value = default;
            return false;
        }

        if (DateTimeOffset.TryParseExact(s, OffsetTimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value)
            && (s.EndsWith('Z') || s.EndsWith('z') || HasOffset(s)))
        {
            value = value.ToUniversalTime();
            return true;
        }

        if (DateTime.TryParseExact(s, LocalTimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            try
            {
                value = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), LocalZone), TimeSpan.Zero);
                return true;
            }
            catch (ArgumentException)
            {
                // a local time skipped by the change to summer time
            }
        }

        value = default;
        return false;
    }

    /// <summary>A GeoJSON geometry object (type and coordinates or geometries); returned compact.</summary>
    public static bool TryGeometry(string text, out string value)
    {
        value = "";
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            var kind = type.GetString();
            var ok = kind is "Point" or "MultiPoint" or "LineString" or "MultiLineString" or "Polygon" or "MultiPolygon"
                ? root.TryGetProperty("coordinates", out var c) && c.ValueKind == JsonValueKind.Array
                : kind == "GeometryCollection" && root.TryGetProperty("geometries", out var g) && g.ValueKind == JsonValueKind.Array;
            if (ok)
            {
                value = JsonSerializer.Serialize(root);
            }

            return ok;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Converts one non-empty text value to the CLR value stored for <paramref name="field"/>, or explains why not (German).</summary>
    public static bool TryConvert(string text, DatastoreField field, bool defaultDecimalComma, out object value, out string error)
    {
        error = "";
        value = text;
        var comma = field.DecimalComma ?? (text.Contains(',', StringComparison.Ordinal) || defaultDecimalComma);
        switch (field.Type)
        {
            case DatastoreType.Text:
                if (text.Contains('\0', StringComparison.Ordinal))
                {
                    error = "Der Text enthält ein Nullzeichen.";
                    return false;
                }

                return true;
            case DatastoreType.Integer when TryInteger(text, comma, out var integer):
                value = integer;
                return true;
            case DatastoreType.Numeric when TryNumeric(text, comma, out var number):
                value = number;
                return true;
            case DatastoreType.Boolean when TryBoolean(text, out var flag):
                value = flag;
                return true;
            case DatastoreType.Date when TryDate(text, out var date):
                value = date;
                return true;
            case DatastoreType.Timestamp when TryTimestamp(text, out var instant):
                value = instant;
                return true;
            case DatastoreType.Geometry when TryGeometry(text, out var geometry):
                value = geometry;
                return true;
            default:
                error = field.Type switch
                {
                    DatastoreType.Integer => $"„{Shorten(text)}“ ist keine Ganzzahl.",
                    DatastoreType.Numeric => $"„{Shorten(text)}“ ist keine Zahl.",
                    DatastoreType.Boolean => $"„{Shorten(text)}“ ist kein Wahrheitswert (ja/nein, true/false).",
                    DatastoreType.Date => $"„{Shorten(text)}“ ist kein Datum (TT.MM.JJJJ oder JJJJ-MM-TT).",
                    DatastoreType.Timestamp => $"„{Shorten(text)}“ ist kein Zeitpunkt.",
                    DatastoreType.Geometry => "Keine gültige GeoJSON-Geometrie.",
                    DatastoreType.Text => "",
                };
                return false;
        }
    }

    private static bool AllDigits(ReadOnlySpan<char> text) => !text.ContainsAnyExceptInRange('0', '9');

    public static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static bool HasOffset(string s)
    {
        var t = s.LastIndexOf('T');
        var space = s.LastIndexOf(' ');
        var timeStart = Math.Max(t, space);
        return timeStart > 0 && s.AsSpan(timeStart).IndexOfAny('+', '-') > 0;
    }

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
        catch (InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
