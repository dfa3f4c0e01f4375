using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NetTopologySuite.Geometries;

namespace Stadtkern.Features.Sensing.Query.Filter;

/// <summary>
/// The SQL functions that the <c>$filter</c> translation uses on SQLite (<c>stk_*</c>): date parts of EF's 64-bit DateTimeOffset
/// form, date-time arithmetic, math SQLite may lack, culture-independent case mapping, and spatial predicates/measures computed with
/// NetTopologySuite over the stored GeoJSON (or WKT literals). Every function answers NULL for input it cannot read, never an error.
/// Register them on every SQLite connection: <see cref="Register"/> for a raw connection, <see cref="Interceptor"/> for EF
/// (<c>options.UseSqlite(...).AddInterceptors(SensingSqliteFunctions.Interceptor)</c>).
/// </summary>
internal static class SensingSqliteFunctions
{
    private static readonly DateTimeOffsetToBinaryConverter Converter = new();
    private static readonly Func<object, object?> FromBinary = Converter.ConvertFromProvider;
    private static readonly Func<object?, object?> ToBinary = Converter.ConvertToProvider;
    private static readonly ConcurrentDictionary<string, Geometry?> Literals = new(StringComparer.Ordinal);

    /// <summary>Registers the functions when EF opens a SQLite connection.</summary>
    public static DbConnectionInterceptor Interceptor { get; } = new RegisteringInterceptor();

    public static void Register(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);

        connection.CreateFunction<object?, object?, object?>("stk_time_add", (t, d) =>
            Time(t) is { } time && Long(d) is { } ticks && Add(time, ticks) is { } sum ? ToBinary(sum) : null, isDeterministic: true);
        connection.CreateFunction<object?, object?, object?>("stk_time_diff", (a, b) =>
            Time(a) is { } x && Time(b) is { } y ? (x - y).Ticks : null, isDeterministic: true);
        connection.CreateFunction<object?, object?>("stk_year", t => Time(t)?.Year, isDeterministic: true);
        connection.CreateFunction<object?, object?>("stk_month", t => Time(t)?.Month, isDeterministic: true);
        connection.CreateFunction<object?, object?>("stk_day", t => Time(t)?.Day, isDeterministic: true);
        connection.CreateFunction<object?, object?>("stk_hour", t => Time(t)?.Hour, isDeterministic: true);
        connection.CreateFunction<object?, object?>("stk_minute", t => Time(t)?.Minute, isDeterministic: true);
        connection.CreateFunction<object?, object?>("stk_second", t => Time(t)?.Second, isDeterministic: true);
        connection.CreateFunction<object?, object?>("stk_fractionalseconds", t =>
            Time(t) is { } time ? (time.Ticks % TimeSpan.TicksPerSecond) / (double)TimeSpan.TicksPerSecond : null, isDeterministic: true);
        connection.CreateFunction<object?, object?>("stk_date", t =>
            Time(t)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), isDeterministic: true);
        connection.CreateFunction<object?, object?>("stk_time", t =>
            Time(t)?.ToString("HH:mm:ss.fffffff", CultureInfo.InvariantCulture), isDeterministic: true);

        connection.CreateFunction<object?, object?, object?>("stk_mod", (a, b) =>
            Double(a) is { } x && Double(b) is { } y && y != 0 ? x % y : null, isDeterministic: true);
        connection.CreateFunction<object?, object?>("stk_floor", v => Double(v) is { } x ? Math.Floor(x) : null, isDeterministic: true);
        connection.CreateFunction<object?, object?>("stk_ceiling", v => Double(v) is { } x ? Math.Ceiling(x) : null, isDeterministic: true);
        connection.CreateFunction<object?, object?>("stk_lower", v => v is string s ? s.ToLowerInvariant() : null, isDeterministic: true);
        connection.CreateFunction<object?, object?>("stk_upper", v => v is string s ? s.ToUpperInvariant() : null, isDeterministic: true);

        connection.CreateFunction<object?, object?, object?, object?>("stk_spatial", (relation, a, b) =>
            Geometry(a) is { } x && Geometry(b) is { } y && relation is string r ? Test(r, x, y) : null, isDeterministic: true);
        connection.CreateFunction<object?, object?, object?, object?>("stk_relate", (a, b, pattern) =>
            Geometry(a) is { } x && Geometry(b) is { } y && pattern is string p ? Safe(() => x.Relate(y, p.ToUpperInvariant()) ? 1L : 0L) : null,
            isDeterministic: true);
        connection.CreateFunction<object?, object?, object?>("stk_distance", (a, b) =>
            Geometry(a) is { } x && Geometry(b) is { } y ? Safe<double?>(() => x.Distance(y)) : null, isDeterministic: true);
        connection.CreateFunction<object?, object?>("stk_length", a => Geometry(a) is { } x ? LinearLength(x) : null, isDeterministic: true);
    }

    private static object? Test(string relation, Geometry a, Geometry b) => Safe<long?>(() =>
    {
        bool? result = relation switch
        {
            "intersects" => a.Intersects(b),
            "equals" => a.EqualsTopologically(b),
            "disjoint" => a.Disjoint(b),
            "touches" => a.Touches(b),
            "within" => a.Within(b),
            "overlaps" => a.Overlaps(b),
            "crosses" => a.Crosses(b),
            "contains" => a.Contains(b),
            _ => null,
        };
        return result is null ? null : result.Value ? 1L : 0L;
    });

    /// <summary>As PostGIS' ST_Length: the length of the linear parts; points and polygons count 0 (a polygon's boundary is its perimeter).</summary>
    private static double LinearLength(Geometry geometry)
    {
        if (geometry is GeometryCollection collection)
        {
            var sum = 0.0;
            for (var i = 0; i < collection.NumGeometries; i++)
            {
                sum += LinearLength(collection.GetGeometryN(i));
            }

            return sum;
        }

        return geometry is LineString ? geometry.Length : 0;
    }

    /// <summary>Topology errors on invalid stored geometries answer NULL (no match) instead of failing the query.</summary>
    private static object? Safe<T>(Func<T> compute)
    {
        try
        {
            return compute();
        }
        catch (Exception e) when (e is TopologyException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return null;
        }
    }

    private static Geometry? Geometry(object? value)
    {
        if (value is not string text || text.Length == 0)
        {
            return null;
        }

        if (text[0] == '{')
        {
            return FilterGeometry.ReadGeoJson(text);
        }

        // WKT comes from literals: few distinct values per query, parsed once.
        if (Literals.Count > 1000)
        {
            Literals.Clear();
        }

        return Literals.GetOrAdd(text, FilterGeometry.ReadWkt);
    }

    private static DateTimeOffset? Time(object? value)
    {
        if (Long(value) is not { } binary)
        {
            return null;
        }

        try
        {
            return (DateTimeOffset?)FromBinary(binary);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static DateTimeOffset? Add(DateTimeOffset time, long ticks)
    {
        try
        {
            return time.AddTicks(ticks);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static long? Long(object? value) => value switch
    {
        long l => l,
        double d when d is >= long.MinValue and <= long.MaxValue => (long)d,
        _ => null,
    };

    private static double? Double(object? value) => value switch
    {
        long l => l,
        double d => d,
        _ => null,
    };

    private sealed class RegisteringInterceptor : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            if (connection is SqliteConnection sqlite)
            {
                Register(sqlite);
            }
        }

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            ConnectionOpened(connection, eventData);
            return Task.CompletedTask;
        }
    }
}
