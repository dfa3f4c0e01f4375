using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
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
    private static readonly DateTimeOffsetToBinaryConverter SqliteTime = new();

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

    /// <summary>The properties of the current row as JSON values, in schema order (null values included, as JSON null).</summary>
    public IEnumerable<(SensingProperty Property, JsonNode? Value)> Read(DbDataReader reader, DatabaseProvider provider)
    {
        foreach (var (property, ordinal) in reads)
        {
            yield return (property, ReadValue(reader, ordinal, property, provider));
        }
    }

    private static JsonNode? ReadValue(DbDataReader reader, int ordinal, SensingProperty property, DatabaseProvider provider)
    {
        switch (property.Type)
        {
            case SensingValueType.Result:
                return ReadResult(reader, ordinal);
            case SensingValueType.TimeInterval:
                var start = ReadTime(reader, ordinal, provider);
                var end = ReadTime(reader, ordinal + 1, provider);
                return start is null ? null : JsonValue.Create(end is null || end == start ? FormatTime(start.Value) : $"{FormatTime(start.Value)}/{FormatTime(end.Value)}");
            case SensingValueType.Time:
                return ReadTime(reader, ordinal, provider) is { } time ? JsonValue.Create(FormatTime(time)) : null;
            default:
                break;
        }

        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        return property.Type switch
        {
            SensingValueType.Id => JsonValue.Create(Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture)),
            SensingValueType.Number => JsonValue.Create(Convert.ToDouble(reader.GetValue(ordinal), CultureInfo.InvariantCulture)),
            SensingValueType.Json or SensingValueType.Geometry => JsonNode.Parse(reader.GetString(ordinal)),
            _ => JsonValue.Create(reader.GetString(ordinal)),
        };
    }

    private static JsonNode? ReadResult(DbDataReader reader, int ordinal)
    {
        var kind = (ResultKind)Convert.ToInt16(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
        return kind switch
        {
            ResultKind.Number => JsonValue.Create(NumberOf(reader, ordinal + 1)),
            ResultKind.Boolean => JsonValue.Create(NumberOf(reader, ordinal + 1) != 0),
            ResultKind.String => reader.IsDBNull(ordinal + 2) ? null : JsonValue.Create(reader.GetString(ordinal + 2)),
            ResultKind.Json => reader.IsDBNull(ordinal + 3) ? null : JsonNode.Parse(reader.GetString(ordinal + 3)),
            _ => null,
        };
    }

    private static double NumberOf(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? 0 : Convert.ToDouble(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

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

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
