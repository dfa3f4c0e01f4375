using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Stadtkern.Features.Sensing.Model;
using Stadtkern.Features.Sensing.Schema;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Query;

/// <summary>
/// Which columns a read selects for which properties, and how their values become JSON. The id is always the first column, so
/// expansions and links work whatever <c>$select</c> says.
/// </summary>
internal sealed class ColumnPlan
{
    /// <summary>Length of a time as the API writes it, <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>.</summary>
    private const int TimeLength = 24;
    private static readonly DateTimeOffsetToBinaryConverter SqliteTime = new();

    /// <summary>Every property name and navigation-link member of the schema, encoded for the JSON writer once.</summary>
    private static readonly Dictionary<string, JsonEncodedText> Names = SensingSchema.Sets.Values
        .SelectMany(s => s.Properties.Select(p => p.Name).Concat(s.Navigations.Select(n => n.Name + "@iot.navigationLink")))
        .Distinct(StringComparer.Ordinal)
        .ToDictionary(n => n, n => JsonEncodedText.Encode(n), StringComparer.Ordinal);

    private readonly List<(SensingProperty Property, int Ordinal)> reads = [];

    private ColumnPlan(SensingEntitySet set, IReadOnlyList<string> columns)
    {
        Set = set;
        Columns = columns;
    }

    public SensingEntitySet Set { get; }

    /// <summary>Column names in select order (without alias).</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Ordinal of an extra column asked for by <see cref="For"/> (<c>datastream_id</c> for dataArray), or -1.</summary>
    public int ExtraOrdinal { get; private init; } = -1;

    /// <summary>Ordinal of the key column asked for by <see cref="For"/> (<c>phenomenon_time_start</c> for keyset pages), or -1.</summary>
    public int KeyOrdinal { get; private init; } = -1;

    public IEnumerable<SensingProperty> Properties => reads.Select(r => r.Property);

    /// <summary>UTC ticks of a stored instant as the reader gives it (PostgreSQL: a UTC DateTime; SQLite: the stored binary form).</summary>
    public static long TicksOf(object stored) => stored switch
    {
        DateTime utc => DateTime.SpecifyKind(utc, DateTimeKind.Utc).Ticks,
        DateTimeOffset instant => instant.UtcTicks,
        _ => ((DateTimeOffset)SqliteTime.ConvertFromProvider(Convert.ToInt64(stored, CultureInfo.InvariantCulture))!).UtcTicks,
    };

    public static ColumnPlan For(SensingEntitySet set, Func<string, bool> selects, string? extraColumn = null, string? keyColumn = null)
    {
        var columns = new List<string> { "id" };
        var reads = new List<(SensingProperty, int)>();
        foreach (var property in set.Properties)
        {
            if (property.Type == SensingValueType.Id || !selects(property.Name))
            {
                continue;
            }

            reads.Add((property, columns.Count));
            switch (property.Type)
            {
                case SensingValueType.Result:
                    columns.AddRange(["result_kind", "result_number", "result_string", "result_json"]);
                    break;
                case SensingValueType.TimeInterval:
                    columns.Add(property.Column);
                    columns.Add(property.EndColumn!);
                    break;
                default:
                    columns.Add(property.Column);
                    break;
            }
        }

        var extra = -1;
        if (extraColumn is not null)
        {
            extra = columns.Count;
            columns.Add(extraColumn);
        }

        var key = -1;
        if (keyColumn is not null)
        {
            key = columns.Count;
            columns.Add(keyColumn);
        }

        var plan = new ColumnPlan(set, columns) { ExtraOrdinal = extra, KeyOrdinal = key };
        plan.reads.AddRange(reads);
        return plan;
    }

    public string SelectList(string alias) => string.Join(", ", Columns.Select(c => $"{alias}.{c}"));

    /// <summary>The properties of the current row as JSON members, in schema order (null values included, as JSON null).</summary>
    public void Write(Utf8JsonWriter json, DbDataReader reader, DatabaseProvider provider)
    {
        foreach (var (property, ordinal) in reads)
        {
            json.WritePropertyName(Names[property.Name]);
            WriteValue(json, reader, ordinal, property, provider);
        }
    }

    /// <summary>The member name of a navigation link (<c>Datastream@iot.navigationLink</c>), encoded once.</summary>
    public static JsonEncodedText NavigationLinkName(string navigation) => Names[navigation + "@iot.navigationLink"];

    private static void WriteValue(Utf8JsonWriter json, DbDataReader reader, int ordinal, SensingProperty property, DatabaseProvider provider)
    {
        switch (property.Type)
        {
            case SensingValueType.Result:
                WriteResult(json, reader, ordinal);
                return;
            case SensingValueType.TimeInterval:
                WriteTime(json, ReadTime(reader, ordinal, provider), ReadTime(reader, ordinal + 1, provider));
                return;
            case SensingValueType.Time:
                WriteTime(json, ReadTime(reader, ordinal, provider), null);
                return;
            default:
                break;
        }

        if (reader.IsDBNull(ordinal))
        {
            json.WriteNullValue();
            return;
        }

        switch (property.Type)
        {
            case SensingValueType.Id:
                json.WriteNumberValue(Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture));
                break;
            case SensingValueType.Number:
                json.WriteNumberValue(Convert.ToDouble(reader.GetValue(ordinal), CultureInfo.InvariantCulture));
                break;
            case SensingValueType.Json or SensingValueType.Geometry:
                WriteDocument(json, reader.GetString(ordinal));
                break;
            default:
                json.WriteStringValue(reader.GetString(ordinal));
                break;
        }
    }

    private static void WriteResult(Utf8JsonWriter json, DbDataReader reader, int ordinal)
    {
        switch ((ResultKind)reader.GetInt16(ordinal))
        {
            case ResultKind.Number:
                json.WriteNumberValue(NumberOf(reader, ordinal + 1));
                break;
            case ResultKind.Boolean:
                json.WriteBooleanValue(NumberOf(reader, ordinal + 1) != 0);
                break;
            case ResultKind.String when !reader.IsDBNull(ordinal + 2):
                json.WriteStringValue(reader.GetString(ordinal + 2));
                break;
            case ResultKind.Json when !reader.IsDBNull(ordinal + 3):
                WriteDocument(json, reader.GetString(ordinal + 3));
                break;
            default:
                json.WriteNullValue();
                break;
        }
    }

    /// <summary>A stored JSON document, written compactly (PostgreSQL's jsonb text has spaces after separators).</summary>
    private static void WriteDocument(Utf8JsonWriter json, string text)
    {
        using var document = JsonDocument.Parse(text);
        document.RootElement.WriteTo(json);
    }

    private static double NumberOf(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? 0 : reader.GetDouble(ordinal);

    /// <summary>
    /// An instant, or an interval <c>start/end</c> when the end differs from the start; null without a start. The one writer of
    /// times for GET answers and MQTT notifications.
    /// </summary>
    public static void WriteTime(Utf8JsonWriter json, DateTimeOffset? start, DateTimeOffset? end)
    {
        if (start is not { } from)
        {
            json.WriteNullValue();
            return;
        }

        Span<char> text = stackalloc char[2 * TimeLength + 1];
        var length = FormatTime(from, text);
        if (end is { } to && to != from)
        {
            text[length++] = '/';
            length += FormatTime(to, text[length..]);
        }

        json.WriteStringValue(text[..length]);
    }

    public static DateTimeOffset? ReadTime(DbDataReader reader, int ordinal, DatabaseProvider provider)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        return provider == DatabaseProvider.Sqlite
            ? (DateTimeOffset)SqliteTime.ConvertFromProvider(reader.GetInt64(ordinal))!
            : reader.GetFieldValue<DateTimeOffset>(ordinal).ToUniversalTime();
    }

    /// <summary>A time as a SQL parameter value of <paramref name="provider"/> (SQLite stores EF's binary encoding).</summary>
    public static object TimeValue(DateTimeOffset time, DatabaseProvider provider) =>
        provider == DatabaseProvider.Sqlite ? SqliteTime.ConvertToProvider(time)! : time.ToUniversalTime();

    /// <summary>
    /// Writes <paramref name="time"/> in UTC as <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>, digit by digit (a custom format string is
    /// interpreted anew on every call: two of them per Observation were a few percent of the service's CPU for a page of them).
    /// </summary>
    private static int FormatTime(DateTimeOffset time, Span<char> into)
    {
        var utc = time.UtcDateTime;
        Digits(into, 0, utc.Year, 4);
        into[4] = '-';
        Digits(into, 5, utc.Month, 2);
        into[7] = '-';
        Digits(into, 8, utc.Day, 2);
        into[10] = 'T';
        Digits(into, 11, utc.Hour, 2);
        into[13] = ':';
        Digits(into, 14, utc.Minute, 2);
        into[16] = ':';
        Digits(into, 17, utc.Second, 2);
        into[19] = '.';
        Digits(into, 20, utc.Millisecond, 3);
        into[23] = 'Z';
        return TimeLength;
    }

    private static void Digits(Span<char> into, int at, int value, int count)
    {
        for (var i = at + count - 1; i >= at; i--)
        {
            into[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }
}
