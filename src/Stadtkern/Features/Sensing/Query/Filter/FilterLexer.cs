using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;

namespace Stadtkern.Features.Sensing.Query.Filter;

internal enum TokenKind
{
    End,
    Identifier,
    Literal,
    OpenParen,
    CloseParen,
    Comma,
    Slash,
    Colon,
    Minus,
}

/// <summary>A token; for <see cref="TokenKind.Literal"/> the parsed value is in <see cref="Literal"/>.</summary>
internal readonly record struct FilterToken(TokenKind Kind, int Position, string Text, LiteralNode? Literal = null);

/// <summary>Splits a <c>$filter</c>/<c>$orderby</c> text into tokens. Literals are parsed and checked here, so errors carry their position.</summary>
internal static partial class FilterLexer
{
    [GeneratedRegex(@"\G\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|z|[+-]\d{2}:\d{2})?)?", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimePattern();

    [GeneratedRegex(@"\G\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?", RegexOptions.CultureInvariant)]
    private static partial Regex TimeOfDayPattern();

    [GeneratedRegex(@"\G-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[LlDdFfMm]?", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"\G-?P(?:\d+(?:\.\d+)?[YMWD])*(?:T(?:\d+(?:\.\d+)?[HMS])+)?", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    public static List<FilterToken> Tokenize(string text)
    {
        var tokens = new List<FilterToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            switch (c)
            {
                case '(':
                    tokens.Add(new(TokenKind.OpenParen, i++, "("));
                    continue;
                case ')':
                    tokens.Add(new(TokenKind.CloseParen, i++, ")"));
                    continue;
                case ',':
                    tokens.Add(new(TokenKind.Comma, i++, ","));
                    continue;
                case '/':
                    tokens.Add(new(TokenKind.Slash, i++, "/"));
                    continue;
                case ':':
                    tokens.Add(new(TokenKind.Colon, i++, ":"));
                    continue;
                case '\'':
                    var s = ReadQuoted(text, ref i);
                    tokens.Add(Literal(start, text[start..i], LiteralKind.String, s));
                    continue;
            }

            if (char.IsDigit(c) || (c == '-' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                tokens.Add(ReadNumberOrTime(text, ref i));
                continue;
            }

            if (c == '-')
            {
                tokens.Add(new(TokenKind.Minus, i++, "-"));
                continue;
            }

            if (IsIdentifierStart(c))
            {
                while (i < text.Length && IsIdentifierPart(text[i]))
                {
                    i++;
                }

                var word = text[start..i];
                if (i < text.Length && text[i] == '\'')
                {
                    tokens.Add(ReadTypedLiteral(text, word, start, ref i));
                    continue;
                }

                tokens.Add(new(TokenKind.Identifier, start, word));
                continue;
            }

            throw Error(start, $"unexpected character '{c}'");
        }

        tokens.Add(new(TokenKind.End, text.Length, ""));
        return tokens;
    }

    public static SensingQueryException Error(int position, string message) => new($"Invalid query at position {position}: {message}.");

    private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c is '_' or '@' or '$';

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c is '_' or '.' or '@' or '$';

    private static FilterToken Literal(int position, string text, LiteralKind kind, object? value) =>
        new(TokenKind.Literal, position, text, new LiteralNode(position, kind, value));

    private static string ReadQuoted(string text, ref int i)
    {
        var start = i;
        i++;
        var builder = new System.Text.StringBuilder();
        while (true)
        {
            if (i >= text.Length)
            {
                throw Error(start, "string literal is not closed with '");
            }

            if (text[i] == '\'')
            {
                if (i + 1 < text.Length && text[i + 1] == '\'')
                {
                    builder.Append('\'');
                    i += 2;
                    continue;
                }

                i++;
                return builder.ToString();
            }

            builder.Append(text[i++]);
        }
    }

    private static FilterToken ReadTypedLiteral(string text, string prefix, int start, ref int i)
    {
        var valueStart = i + 1;
        var value = ReadQuoted(text, ref i);
        var raw = text[start..i];
        switch (prefix.ToLowerInvariant())
        {
            case "duration":
                return Literal(start, raw, LiteralKind.Duration, ParseDuration(value, valueStart));
            case "geography":
            case "geometry":
                return Literal(start, raw, LiteralKind.Geometry, FilterGeometry.NormaliseWkt(value, valueStart));
            case "datetime":
            case "datetimeoffset":
                return Literal(start, raw, LiteralKind.DateTime, ParseDateTime(value, valueStart));
            default:
                throw Error(start, $"unknown literal type '{prefix}' (use duration'...', geography'...' or geometry'...')");
        }
    }

    private static FilterToken ReadNumberOrTime(string text, ref int i)
    {
        var start = i;
        var dateMatch = DateTimePattern().Match(text, i);
        if (dateMatch.Success && text[i] != '-')
        {
            i += dateMatch.Length;
            var isDateOnly = dateMatch.Length == 10;
            if (isDateOnly)
            {
                if (!DateOnly.TryParseExact(dateMatch.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    throw Error(start, $"'{dateMatch.Value}' is not a valid date");
                }

                return Literal(start, dateMatch.Value, LiteralKind.Date, date);
            }

            var instant = ParseDateTime(dateMatch.Value, start);
            if (i < text.Length && text[i] == '/' && i + 1 < text.Length && (char.IsDigit(text[i + 1]) || text[i + 1] == 'P'))
            {
                var endStart = i + 1;
                var endMatch = DateTimePattern().Match(text, endStart);
                DateTimeOffset end;
                if (endMatch.Success && endMatch.Length > 10)
                {
                    end = ParseDateTime(endMatch.Value, endStart);
                    i = endStart + endMatch.Length;
                }
                else
                {
                    var durationMatch = DurationPattern().Match(text, endStart);
                    if (!durationMatch.Success || durationMatch.Length <= 1)
                    {
                        throw Error(endStart, "an interval needs an end time or a duration after '/'");
                    }

                    var duration = ParseDuration(durationMatch.Value, endStart);
                    try
                    {
                        end = instant + duration;
                    }
                    catch (ArgumentOutOfRangeException)
                    {
                        throw Error(endStart, "the interval ends outside the supported time range");
                    }

                    i = endStart + durationMatch.Length;
                }

                if (end < instant)
                {
                    throw Error(start, "the interval ends before it starts");
                }

                return Literal(start, text[start..i], LiteralKind.Interval, new TimeInterval(instant, end));
            }

            return Literal(start, dateMatch.Value, LiteralKind.DateTime, instant);
        }

        var timeMatch = TimeOfDayPattern().Match(text, i);
        if (timeMatch.Success && text[i] != '-')
        {
            i += timeMatch.Length;
            if (!TimeOnly.TryParse(timeMatch.Value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                throw Error(start, $"'{timeMatch.Value}' is not a valid time of day");
            }

            return Literal(start, timeMatch.Value, LiteralKind.TimeOfDay, time);
        }

        var match = NumberPattern().Match(text, i);
        i += match.Length;
        var raw = match.Value;
        var suffix = char.ToLowerInvariant(raw[^1]);
        var body = char.IsLetter(suffix) ? raw[..^1] : raw;
        var isInteger = !body.Contains('.', StringComparison.Ordinal) && !body.Contains('e', StringComparison.OrdinalIgnoreCase) && suffix is not ('d' or 'f' or 'm');
        if (isInteger && long.TryParse(body, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return Literal(start, raw, LiteralKind.Integer, integer);
        }

        if (suffix == 'l')
        {
            throw Error(start, $"'{raw}' is out of the 64-bit integer range");
        }

        if (!double.TryParse(body, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
        {
            throw Error(start, $"'{raw}' is out of the number range");
        }

        return Literal(start, raw, LiteralKind.Number, number);
    }

    private static DateTimeOffset ParseDateTime(string value, int position)
    {
        if (!DateTimePattern().IsMatch(value) ||
            !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            throw Error(position, $"'{value}' is not a valid ISO 8601 date-time");
        }

        return instant;
    }

    private static TimeSpan ParseDuration(string value, int position)
    {
        var match = DurationPattern().Match(value);
        if (!match.Success || match.Length != value.Length || value.TrimStart('-').Length <= 1 || value.EndsWith('T'))
        {
            throw Error(position, $"'{value}' is not an ISO 8601 duration (e.g. P1DT2H)");
        }

        try
        {
            return XmlConvert.ToTimeSpan(value);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw Error(position, $"'{value}' is not a supported duration (too large, or fractions in days)");
        }
    }
}
