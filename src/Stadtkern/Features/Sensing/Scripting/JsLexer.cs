using System.Globalization;
using System.Text;

namespace Stadtkern.Features.Sensing.Scripting;

internal enum TokenKind
{
    Identifier,
    Keyword,
    Number,
    String,
    Template,
    Punctuator,
    End,
}

internal sealed record Token(TokenKind Kind, string Text, double Number, int Line, int Column, bool NewlineBefore)
{
    /// <summary>Template literal parts: cooked strings and the expression sources between them (with their positions).</summary>
    public IReadOnlyList<string>? TemplateStrings { get; init; }

    public IReadOnlyList<(string Source, int Line, int Column)>? TemplateExpressions { get; init; }

    public bool Is(string punctuator) => (Kind == TokenKind.Punctuator || Kind == TokenKind.Keyword) && Text == punctuator;
}

/// <summary>Turns codec source into tokens. Regular expression literals are not part of the subset.</summary>
internal sealed class JsLexer(string source, int lineOffset = 1, int columnOffset = 1)
{
    private static readonly HashSet<string> Keywords =
    [
        "var", "const", "function", "return", "if", "else", "for", "while", "do", "break", "continue", "switch",
        "case", "default", "throw", "try", "catch", "finally", "new", "typeof", "instanceof", "in", "of", "void", "delete",
        "this", "null", "true", "false",
    ];

    // Longest first so that the greedy match picks ">>>=" before ">>".
    private static readonly string[] Punctuators =
    [
        ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
        "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
        "<<", ">>", "**",
        "{", "}", "(", ")", "[", "]", ";", ",", "<", ">", "+", "-", "*", "/", "%", "&", "|", "^", "!", "~", "?", ":", "=", ".",
    ];

    private int _pos;
    private int _line = lineOffset;
    private int _lineStart = 1 - columnOffset;

    // "of" is contextual: kept as an identifier token, the parser checks its text.
    public static bool IsKeyword(string word) => word != "of" && Keywords.Contains(word);

    public List<Token> Tokenize()
    {
        var tokens = new List<Token>();
        while (true)
        {
            var newline = SkipTrivia();
            var line = _line;
            var column = _pos - _lineStart + 1;
            if (_pos >= source.Length)
            {
                tokens.Add(new Token(TokenKind.End, "", 0, line, column, true));
                return tokens;
            }

            var c = source[_pos];
            if (IsIdentifierStart(c))
            {
                var start = _pos;
                while (_pos < source.Length && IsIdentifierPart(source[_pos]))
                {
                    _pos++;
                }

                var word = source[start.._pos];
                tokens.Add(new Token(IsKeyword(word) ? TokenKind.Keyword : TokenKind.Identifier, word, 0, line, column, newline));
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < source.Length && char.IsAsciiDigit(source[_pos + 1])))
            {
                tokens.Add(new Token(TokenKind.Number, "", ReadNumber(line, column), line, column, newline));
            }
            else if (c is '"' or '\'')
            {
                tokens.Add(new Token(TokenKind.String, ReadString(c, line, column), 0, line, column, newline));
            }
            else if (c == '`')
            {
                tokens.Add(ReadTemplate(line, column, newline));
            }
            else
            {
                var punctuator = Array.Find(Punctuators, p => string.CompareOrdinal(source, _pos, p, 0, p.Length) == 0)
                    ?? throw new CodecException($"Unexpected character '{c}'", CodecFailure.Syntax, line, column);
                // "?." followed by a digit is the conditional operator and a number (a?.5:1).
                if (punctuator == "?." && _pos + 2 < source.Length && char.IsAsciiDigit(source[_pos + 2]))
                {
                    punctuator = "?";
                }

                _pos += punctuator.Length;
                tokens.Add(new Token(TokenKind.Punctuator, punctuator, 0, line, column, newline));
            }
        }
    }

    private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c is '_' or '$';

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';

    private bool SkipTrivia()
    {
        var newline = false;
        while (_pos < source.Length)
        {
            var c = source[_pos];
            if (c == '\n')
            {
                newline = true;
                _pos++;
                _line++;
                _lineStart = _pos;
            }
            else if (char.IsWhiteSpace(c) || c == '\uFEFF')
            {
                _pos++;
            }
            else if (c == '/' && _pos + 1 < source.Length && source[_pos + 1] == '/')
            {
                while (_pos < source.Length && source[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else if (c == '/' && _pos + 1 < source.Length && source[_pos + 1] == '*')
            {
                var (line, column) = (_line, _pos - _lineStart + 1);
                _pos += 2;
                while (true)
                {
                    if (_pos + 1 >= source.Length)
                    {
                        throw new CodecException("Unterminated comment", CodecFailure.Syntax, line, column);
                    }

                    if (source[_pos] == '*' && source[_pos + 1] == '/')
                    {
                        _pos += 2;
                        break;
                    }

                    if (source[_pos] == '\n')
                    {
                        newline = true;
                        _line++;
                        _lineStart = _pos + 1;
                    }

                    _pos++;
                }
            }
            else
            {
                break;
            }
        }

        return newline;
    }

    private double ReadNumber(int line, int column)
    {
        var start = _pos;
        if (source[_pos] == '0' && _pos + 1 < source.Length && source[_pos + 1] is 'x' or 'X' or 'b' or 'B' or 'o' or 'O')
        {
            var radix = char.ToLowerInvariant(source[_pos + 1]) switch { 'x' => 16, 'b' => 2, _ => 8 };
            _pos += 2;
            double value = 0;
            var digits = 0;
            while (_pos < source.Length)
            {
                var c = source[_pos];
                if (c == '_')
                {
                    _pos++;
                    continue;
                }

                var d = JsConvert.DigitValue(c);
                if (d < 0 || d >= radix)
                {
                    break;
                }

                value = (value * radix) + d;
                digits++;
                _pos++;
            }

            if (digits == 0)
            {
                throw new CodecException("Invalid number literal", CodecFailure.Syntax, line, column);
            }

            CheckNoIdentifierAfterNumber(line, column);
            return value;
        }

        while (_pos < source.Length && (char.IsAsciiDigit(source[_pos]) || source[_pos] == '_'))
        {
            _pos++;
        }

        if (_pos < source.Length && source[_pos] == '.')
        {
            _pos++;
            while (_pos < source.Length && (char.IsAsciiDigit(source[_pos]) || source[_pos] == '_'))
            {
                _pos++;
            }
        }

        if (_pos < source.Length && source[_pos] is 'e' or 'E')
        {
            var save = _pos;
            _pos++;
            if (_pos < source.Length && source[_pos] is '+' or '-')
            {
                _pos++;
            }

            if (_pos < source.Length && char.IsAsciiDigit(source[_pos]))
            {
                while (_pos < source.Length && char.IsAsciiDigit(source[_pos]))
                {
                    _pos++;
                }
            }
            else
            {
                _pos = save;
            }
        }

        CheckNoIdentifierAfterNumber(line, column);
        var text = source[start.._pos].Replace("_", "", StringComparison.Ordinal);
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private void CheckNoIdentifierAfterNumber(int line, int column)
    {
        if (_pos < source.Length && IsIdentifierStart(source[_pos]))
        {
            throw new CodecException("Invalid number literal", CodecFailure.Syntax, line, column);
        }
    }

    private string ReadString(char quote, int line, int column)
    {
        _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= source.Length || source[_pos] == '\n')
            {
                throw new CodecException("Unterminated string", CodecFailure.Syntax, line, column);
            }

            var c = source[_pos++];
            if (c == quote)
            {
                return sb.ToString();
            }

            if (c == '\\')
            {
                ReadEscape(sb, line, column);
            }
            else
            {
                sb.Append(c);
            }
        }
    }

    private void ReadEscape(StringBuilder sb, int line, int column)
    {
        if (_pos >= source.Length)
        {
            throw new CodecException("Unterminated string", CodecFailure.Syntax, line, column);
        }

        var e = source[_pos++];
        switch (e)
        {
            case 'n': sb.Append('\n'); break;
            case 't': sb.Append('\t'); break;
            case 'r': sb.Append('\r'); break;
            case 'b': sb.Append('\b'); break;
            case 'f': sb.Append('\f'); break;
            case 'v': sb.Append('\v'); break;
            case '0' when _pos >= source.Length || !char.IsAsciiDigit(source[_pos]): sb.Append('\0'); break;
            case 'x': sb.Append((char)ReadHex(2, line, column)); break;
            case 'u':
                if (_pos < source.Length && source[_pos] == '{')
                {
                    var end = source.IndexOf('}', _pos);
                    if (end < 0 || !int.TryParse(source.AsSpan(_pos + 1, end - _pos - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var cp)
                        || cp > 0x10FFFF)
                    {
                        throw new CodecException("Invalid unicode escape", CodecFailure.Syntax, line, column);
                    }

                    _pos = end + 1;
                    sb.Append(char.ConvertFromUtf32(cp));
                }
                else
                {
                    sb.Append((char)ReadHex(4, line, column));
                }

                break;
            case '\r':
                if (_pos < source.Length && source[_pos] == '\n')
                {
                    _pos++;
                }

                break;
            case '\n':
                _line++;
                _lineStart = _pos;
                break;
            default: sb.Append(e); break;
        }
    }

    private int ReadHex(int count, int line, int column)
    {
        if (_pos + count > source.Length
            || !int.TryParse(source.AsSpan(_pos, count), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
        {
            throw new CodecException("Invalid escape sequence", CodecFailure.Syntax, line, column);
        }

        _pos += count;
        return value;
    }

    private Token ReadTemplate(int line, int column, bool newline)
    {
        _pos++;
        var strings = new List<string>();
        var expressions = new List<(string, int, int)>();
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= source.Length)
            {
                throw new CodecException("Unterminated template literal", CodecFailure.Syntax, line, column);
            }

            var c = source[_pos++];
            if (c == '`')
            {
                strings.Add(sb.ToString());
                return new Token(TokenKind.Template, "`", 0, line, column, newline)
                {
                    TemplateStrings = strings,
                    TemplateExpressions = expressions,
                };
            }

            if (c == '\\')
            {
                ReadEscape(sb, line, column);
            }
            else if (c == '$' && _pos < source.Length && source[_pos] == '{')
            {
                _pos++;
                strings.Add(sb.ToString());
                sb.Clear();
                var (exprLine, exprColumn) = (_line, _pos - _lineStart + 1);
                var start = _pos;
                var depth = 0;
                while (true)
                {
                    if (_pos >= source.Length)
                    {
                        throw new CodecException("Unterminated template expression", CodecFailure.Syntax, line, column);
                    }

                    var d = source[_pos];
                    if (d == '}' && depth == 0)
                    {
                        break;
                    }

                    if (d == '{')
                    {
                        depth++;
                    }
                    else if (d == '}')
                    {
                        depth--;
                    }
                    else if (d is '"' or '\'')
                    {
                        ReadString(d, line, column);
                        continue;
                    }
                    else if (d == '\n')
                    {
                        _line++;
                        _lineStart = _pos + 1;
                    }

                    _pos++;
                }

                expressions.Add((source[start.._pos], exprLine, exprColumn));
                _pos++;
            }
            else
            {
                if (c == '\n')
                {
                    _line++;
                    _lineStart = _pos;
                }

                sb.Append(c);
            }
        }
    }
}
