using System.Globalization;

namespace Stadtkern.Features.Catalog.Datastore.Sql;

internal enum TokenKind
{
    Word,
    QuotedName,
    String,
    Number,
    Symbol,
    End,
}

internal sealed record SqlToken(TokenKind Kind, string Text, int Position)
{
    public bool IsWord(string word) => Kind == TokenKind.Word && Text.Equals(word, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == TokenKind.Symbol && Text == symbol;
}

/// <summary>The statement is outside the accepted subset; the message says where and why (German).</summary>
internal sealed class SqlRejectedException(string message) : Exception(message);

/// <summary>
/// Splits a <c>datastore_search_sql</c> statement into tokens. Anything that could end a statement, start a
/// comment or smuggle a placeholder (<c>;</c>, <c>--</c>, <c>/*</c>, <c>$</c>, <c>?</c>, <c>:</c>, backslash)
/// is refused here, before parsing.
/// </summary>
internal static class SqlTokenizer
{
    public const int MaxLength = 20_000;

    private static readonly string[] Symbols = ["<=", ">=", "<>", "!=", "=", "<", ">", "(", ")", ",", ".", "*", "+", "-", "/", "%"];

    public static List<SqlToken> Tokenize(string sql)
    {
        if (sql.Length > MaxLength)
        {
            throw new SqlRejectedException($"Die Abfrage ist länger als {MaxLength} Zeichen.");
        }

        var tokens = new List<SqlToken>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-' || c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                throw Rejected(i, "Kommentare sind nicht erlaubt");
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new SqlToken(TokenKind.Word, sql[start..i], start));
            }
            else if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < sql.Length && (char.IsAsciiDigit(sql[i]) || sql[i] == '.'))
                {
                    i++;
                }

                var text = sql[start..i];
                if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
                {
                    throw Rejected(start, $"„{text}“ ist keine Zahl");
                }

                tokens.Add(new SqlToken(TokenKind.Number, text, start));
            }
            else if (c is '\'' or '"')
            {
                var start = i;
                var text = new System.Text.StringBuilder();
                i++;
                while (true)
                {
                    if (i >= sql.Length)
                    {
                        throw Rejected(start, c == '\'' ? "Text ohne schließendes Hochkomma" : "Name ohne schließendes Anführungszeichen");
                    }

                    if (sql[i] == c)
                    {
                        if (i + 1 < sql.Length && sql[i + 1] == c)
                        {
                            text.Append(c);
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    if (sql[i] == '\0')
                    {
                        throw Rejected(i, "Nullzeichen sind nicht erlaubt");
                    }

                    text.Append(sql[i++]);
                }

                tokens.Add(new SqlToken(c == '\'' ? TokenKind.String : TokenKind.QuotedName, text.ToString(), start));
            }
            else if (Symbols.FirstOrDefault(s => string.CompareOrdinal(sql, i, s, 0, s.Length) == 0) is { } symbol)
            {
                tokens.Add(new SqlToken(TokenKind.Symbol, symbol, i));
                i += symbol.Length;
            }
            else
            {
                throw Rejected(i, c == ';' ? "Nur eine einzelne Abfrage ohne „;“ ist erlaubt" : $"Das Zeichen „{c}“ ist nicht erlaubt");
            }
        }

        tokens.Add(new SqlToken(TokenKind.End, "", sql.Length));
        return tokens;
    }

    public static SqlRejectedException Rejected(int position, string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{message} (Position {position + 1})."));
}
