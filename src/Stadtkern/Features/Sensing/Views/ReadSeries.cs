using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Views;

/// <summary>One bucket of a series: the numeric results whose phenomenon time starts in [start, start + width).</summary>
internal sealed record SeriesBucket(DateTimeOffset Start, long Count, double Min, double Max, double Mean);

/// <summary>The unit of measurement of a Datastream, as given.</summary>
internal sealed record SeriesUnit(string? Name, string? Symbol, string? Definition)
{
    public static SeriesUnit Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json) is JsonObject o
                ? new SeriesUnit(Text(o, "name"), Text(o, "symbol"), Text(o, "definition"))
                : new SeriesUnit(null, null, null);
        }
        catch (System.Text.Json.JsonException)
        {
            return new SeriesUnit(null, null, null);
        }

        static string? Text(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }

    /// <summary>What a person reads after a number: the symbol, else the name.</summary>
    public string Label => Symbol is { Length: > 0 } s ? s : Name ?? "";
}

/// <summary>The answer of <c>GET /api/sensing/datastreams/{id}/series</c>.</summary>
internal sealed record SeriesResponse(
    long DatastreamId,
    string Name,
    SeriesUnit Unit,
    DateTimeOffset From,
    DateTimeOffset To,
    int Points,
    string Source,
    DateTimeOffset Origin,
    long BucketMilliseconds,
    IReadOnlyList<SeriesBucket> Buckets);

/// <summary>
/// Reads a downsampled series (<see cref="PlanSeries"/>) of one Datastream: count, min, max and mean per bucket, computed in SQL
/// from raw Observations or summed from <c>sensing_aggregates</c>. Numeric results only: strings, booleans, JSON and null results
/// are left out of the raw path (the aggregates hold numbers only as well).
/// </summary>
internal sealed class ReadSeries(StadtkernDb db)
{
    private static readonly DateTimeOffsetToBinaryConverter SqliteTime = new();

    public async Task<List<SeriesBucket>> ReadAsync(long datastreamId, DateTimeOffset from, DateTimeOffset to, SeriesPlan plan, CancellationToken cancellationToken)
    {
        var postgres = db.Database.IsNpgsql();
        var sql = plan.Source == SeriesSource.Raw
            ? $"""
              SELECT {BucketExpression("phenomenon_time_start", postgres)} AS bucket, count(*), min(result_number), max(result_number), sum(result_number)
              FROM sensing_observations
              WHERE datastream_id = @ds AND phenomenon_time_start >= @from AND phenomenon_time_start < @to
                AND result_kind = 1 AND result_number IS NOT NULL
              GROUP BY 1 ORDER BY 1
              """
            : $"""
              SELECT {BucketExpression("bucket_start", postgres)} AS bucket, sum(count), min(min), max(max), sum(sum)
              FROM sensing_aggregates
              WHERE datastream_id = @ds AND resolution = @resolution AND bucket_start >= @from AND bucket_start < @to
              GROUP BY 1 ORDER BY 1
              """;

        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            Add(command, "@ds", datastreamId);
            Add(command, "@from", Time(plan.Source == SeriesSource.Raw ? from : plan.Origin, postgres));
            Add(command, "@to", Time(to, postgres));
            if (postgres)
            {
                Add(command, "@origin", plan.Origin.ToUnixTimeMilliseconds());
                Add(command, "@width", plan.BucketMilliseconds);
            }
            else
            {
                // SQLite stores instants as EF's binary DateTimeOffset: (ticks / 1000) << 11, so >> 11 gives units of 100 µs.
                Add(command, "@origin", (long)SqliteTime.ConvertToProvider(plan.Origin)! >> 11);
                Add(command, "@width", plan.BucketMilliseconds * 10);
            }

            if (plan.Source != SeriesSource.Raw)
            {
                Add(command, "@resolution", PlanSeries.Resolution(plan.Source));
            }

            var buckets = new List<SeriesBucket>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var bucket = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
                var count = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
                if (count == 0)
                {
                    continue;
                }

                var sum = Convert.ToDouble(reader.GetValue(4), CultureInfo.InvariantCulture);
                buckets.Add(new SeriesBucket(
                    plan.Origin.AddMilliseconds(bucket * plan.BucketMilliseconds),
                    count,
                    Convert.ToDouble(reader.GetValue(2), CultureInfo.InvariantCulture),
                    Convert.ToDouble(reader.GetValue(3), CultureInfo.InvariantCulture),
                    sum / count));
            }

            return buckets;
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private static string BucketExpression(string column, bool postgres) => postgres
        ? $"floor((extract(epoch FROM {column}) * 1000 - @origin) / @width)::bigint"
        : $"(({column} >> 11) - @origin) / @width";

    private static object Time(DateTimeOffset value, bool postgres) =>
        postgres ? value.ToUniversalTime() : SqliteTime.ConvertToProvider(value.ToUniversalTime())!;

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
