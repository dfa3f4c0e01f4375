using System.Globalization;
using System.Text;

namespace Stadtkern.Features.Catalog.Datastore.Reading;

/// <summary>
/// A streaming RFC 4180 reader: quoted fields with doubled quotes, delimiters and line breaks inside quotes,
/// CRLF or LF, blank lines skipped. Only one record is held in memory, and a record is limited to
/// <see cref="MaxRecordChars"/> characters, so an unterminated quote in a 1 GB file ends with a clear error
/// instead of swallowing the file. The delimiter (<c>;</c>, tab or <c>,</c>) is detected from the header line.
/// </summary>
internal sealed class CsvSourceReader : ISourceReader
{
    public const int MaxRecordChars = 1 << 20;

    private readonly CountingStream counting;
    private readonly StreamReader reader;
    private readonly char[] buffer = new char[1 << 16];
    private readonly StringBuilder field = new();
    private int position;
    private int length;
    private bool end;
    private long line = 1;
    private string[] headers = [];

    private CsvSourceReader(Stream stream, Encoding encoding)
    {
        counting = new CountingStream(stream);
        reader = new StreamReader(counting, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }

    public char Delimiter { get; private set; }

    public IReadOnlyList<string> Headers => headers;

    public int? GeometryColumn => null;

    public long BytesRead => counting.Count;

    /// <summary>Opens the file and reads its header row; <paramref name="delimiter"/> null detects it.</summary>
    public static async Task<CsvSourceReader> OpenAsync(Stream stream, Encoding encoding, char? delimiter, CancellationToken cancellationToken)
    {
        var csv = new CsvSourceReader(stream, encoding);
        try
        {
            await csv.FillAsync(cancellationToken);
            csv.Delimiter = delimiter ?? DetectDelimiter(csv.buffer.AsSpan(0, csv.length));
            var header = await csv.ReadRecordAsync(cancellationToken)
                ?? throw new SourceFormatException("Die Datei ist leer: es fehlt die Kopfzeile mit den Spaltennamen.");
            csv.headers = [.. header.Fields.Select(h => (h ?? "").Trim().TrimStart('\uFEFF'))];
            return csv;
        }
        catch
        {
            await csv.DisposeAsync();
            throw;
        }
    }

    public async ValueTask<SourceRow?> ReadAsync(CancellationToken cancellationToken)
    {
        var record = await ReadRecordAsync(cancellationToken);
        if (record is null)
        {
            return null;
        }

        var (number, values) = record.Value;
        return values.Count == headers.Length
            ? new SourceRow(number, values)
            : new SourceRow(number, values, string.Create(CultureInfo.InvariantCulture, $"Die Zeile hat {values.Count} statt {headers.Length} Spalten."));
    }

    /// <summary>The delimiter that occurs most often outside quotes in the first line; <c>;</c> wins ties (German exports).</summary>
    public static char DetectDelimiter(ReadOnlySpan<char> start)
    {
        int semicolons = 0, tabs = 0, commas = 0;
        var quoted = false;
        foreach (var c in start)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\n' or '\r')
            {
                break;
            }
            else if (!quoted)
            {
                semicolons += c == ';' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
                commas += c == ',' ? 1 : 0;
            }
        }

        return semicolons >= tabs && semicolons >= commas && semicolons > 0 ? ';'
            : tabs >= commas && tabs > 0 ? '\t'
            : ',';
    }

    private async ValueTask<(long Number, List<string?> Fields)?> ReadRecordAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var start = line;
            var fields = new List<string?>();
            field.Clear();
            var quoted = false;
            var inQuotes = false;
            var chars = 0;
            var sawAnything = false;
            while (true)
            {
                if (position == length && !await FillAsync(cancellationToken))
                {
                    if (inQuotes)
                    {
                        throw new SourceFormatException(string.Create(CultureInfo.InvariantCulture,
                            $"Ein Anführungszeichen, das in Zeile {start} beginnt, wird bis zum Dateiende nicht geschlossen."));
                    }

                    if (!sawAnything)
                    {
                        return null;
                    }

                    fields.Add(field.ToString());
                    return (start, fields);
                }

                var c = buffer[position++];
                sawAnything = true;
                if (++chars > MaxRecordChars)
                {
                    throw new SourceFormatException(string.Create(CultureInfo.InvariantCulture,
                        $"Der Datensatz ab Zeile {start} ist länger als {MaxRecordChars} Zeichen (fehlt ein schließendes Anführungszeichen?)."));
                }

                if (inQuotes)
                {
                    if (c == '"')
                    {
                        if (position == length)
                        {
                            await FillAsync(cancellationToken);
                        }

                        if (position < length && buffer[position] == '"')
                        {
                            field.Append('"');
                            position++;
                        }
                        else
                        {
                            inQuotes = false;
                        }
                    }
                    else
                    {
                        line += c == '\n' ? 1 : 0;
                        field.Append(c);
                    }
                }
                else if (c == Delimiter)
                {
                    fields.Add(field.ToString());
                    field.Clear();
                    quoted = false;
                }
                else if (c == '"' && field.Length == 0 && !quoted)
                {
                    inQuotes = quoted = true;
                }
                else if (c is '\r' or '\n')
                {
                    if (c == '\r')
                    {
                        if (position == length)
                        {
                            await FillAsync(cancellationToken);
                        }

                        if (position < length && buffer[position] == '\n')
                        {
                            position++;
                        }
                    }

                    line++;
                    if (fields.Count == 0 && field.Length == 0 && !quoted)
                    {
                        break; // blank line
                    }

                    fields.Add(field.ToString());
                    return (start, fields);
                }
                else
                {
                    field.Append(c);
                }
            }
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (end)
        {
            return false;
        }

        // Keep unread characters (at most one, when peeking after a quote or CR).
        var keep = length - position;
        if (keep > 0)
        {
            Array.Copy(buffer, position, buffer, 0, keep);
        }

        position = 0;
        length = keep;
        var read = await reader.ReadAsync(buffer.AsMemory(keep), cancellationToken);
        if (read == 0)
        {
            end = true;
            return keep > 0;
        }

        length += read;
        return true;
    }

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        return ValueTask.CompletedTask;
    }
}
