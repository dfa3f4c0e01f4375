using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stadtkern.Features.Sensing.Ingest;

/// <summary>
/// The 64-bit hash in <c>sensing_observations.result_hash</c>: FNV-1a (64-bit) over the UTF-8 bytes of the result's
/// canonical JSON. Canonical JSON: no whitespace; object members sorted by name (ordinal, UTF-16 code units);
/// numbers as the shortest text that round-trips the IEEE double (<c>20</c>, <c>20.0</c> and <c>2e1</c> are all <c>20</c>);
/// strings with only <c>"</c>, <c>\</c> and control characters escaped (<c>\n</c>-style where JSON has one, else
/// <c>\u00XX</c>); <c>true</c>, <c>false</c>, <c>null</c>. The value never changes between versions or machines,
/// because it decides which observations are duplicates.
/// </summary>
internal static class ResultHash
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static long Of(JsonNode? result) => Fnv(Canonical(result));

    public static long OfNumber(double value)
    {
        Span<char> buffer = stackalloc char[32];
        value.TryFormat(buffer, out var written, "R", CultureInfo.InvariantCulture);
        var hash = Offset;
        foreach (var c in buffer[..written])
        {
            hash = (hash ^ c) * Prime; // ASCII: one byte per char
        }

        return unchecked((long)hash);
    }

    public static long Fnv(string canonical)
    {
        var hash = Offset;
        var ascii = true;
        foreach (var c in canonical)
        {
            if (c > 0x7F)
            {
                ascii = false;
                break;
            }
        }

        if (ascii)
        {
            foreach (var c in canonical)
            {
                hash = (hash ^ c) * Prime;
            }
        }
        else
        {
            foreach (var b in Encoding.UTF8.GetBytes(canonical))
            {
                hash = (hash ^ b) * Prime;
            }
        }

        return unchecked((long)hash);
    }

    public static string Canonical(JsonNode? node)
    {
        var builder = new StringBuilder();
        Write(builder, node);
        return builder.ToString();
    }

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void Write(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    WriteString(builder, name);
                    builder.Append(':');
                    Write(builder, value);
                }

                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    Write(builder, array[i]);
                }

                builder.Append(']');
                break;
            default:
                switch (node.GetValueKind())
                {
                    case JsonValueKind.String:
                        WriteString(builder, node.GetValue<string>());
                        break;
                    case JsonValueKind.Number:
                        builder.Append(Number(ObservationRow.NumberOf(node)));
                        break;
                    case JsonValueKind.True:
                        builder.Append("true");
                        break;
                    case JsonValueKind.False:
                        builder.Append("false");
                        break;
                    default:
                        builder.Append("null");
                        break;
                }

                break;
        }
    }

    public static void WriteString(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case < ' ': builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: builder.Append(c); break;
            }
        }

        builder.Append('"');
    }
}
