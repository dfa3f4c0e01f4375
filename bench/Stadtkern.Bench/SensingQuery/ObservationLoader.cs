using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using Stadtkern.Features.Sensing.Ingest;

namespace Stadtkern.Bench.SensingQuery;

/// <summary>The synthetic series: every datastream reports once per interval from <see cref="Start"/> on, all at the same instants.</summary>
internal sealed record SeriesShape(IReadOnlyList<long> Streams, int Steps, int IntervalSeconds, long FirstId)
{
    /// <summary>A day boundary, so that days (load blocks) hold whole hours and days (aggregate buckets).</summary>
    public static readonly DateTimeOffset Start = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    public long Observations => (long)Steps * Streams.Count;

    public DateTimeOffset TimeOf(int step) => Start.AddSeconds((double)step * IntervalSeconds);

    public DateTimeOffset End => TimeOf(Steps - 1);

    /// <summary>Ids grow with time and, within one instant, with the datastream (as a writer batch of one instant assigns them).</summary>
    public long IdOf(int step, int stream) => FirstId + ((long)step * Streams.Count) + stream;

    /// <summary>A deterministic value with 400 distinct results (0.0 … 39.9).</summary>
    public static double ValueOf(int step, int stream) => ((step * 37 + stream * 11) % 400) / 10.0;
}

internal sealed record LoadResult(long Observations, int Partitions, long AggregateRows, double CopySeconds, double DatastreamSeconds, double AnalyzeSeconds, double ObservationsPerSecond);

/// <summary>
/// Loads the series by binary COPY straight into <c>sensing_observations</c> (ids given, from its own sequence's range) and
/// leaves everything as the ingest writer would: monthly partitions created by the service's <see cref="ObservationPartitions"/>,
/// the hourly and daily aggregates that <see cref="SummariseBatch"/> would produce (copied into <c>sensing_aggregates</c>), and
/// each datastream's count, phenomenon-time extent and latest observation/result; the sequence moved past the last id; then
/// <c>VACUUM ANALYZE</c>, as autovacuum does after a bulk insert.
/// </summary>
internal static class ObservationLoader
{
    public static async Task<SeriesShape> ShapeAsync(string connectionString, IReadOnlyList<long> streams, long observations, int intervalSeconds, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT COALESCE(MAX(id), 0) + 1 FROM sensing_observations", connection);
        var first = (long)(await command.ExecuteScalarAsync(ct))!;
        return new SeriesShape(streams, (int)Math.Max(1, observations / streams.Count), intervalSeconds, first);
    }

    public static async Task<LoadResult> LoadAsync(string connectionString, SeriesShape shape, int workers, Action<string> log, CancellationToken ct)
    {
        var hashes = Enumerable.Range(0, 400).Select(v => ResultHash.OfNumber(v / 10.0)).ToArray();
        await using var source = NpgsqlDataSource.Create(connectionString);

        // 1. The months' partitions, by the service's own partition maker (one row per month is all it looks at).
        var partitions = new ObservationPartitions(TimeProvider.System, NullLogger<ObservationPartitions>.Instance);
        partitions.Use(source);
        var months = new List<ObservationRow>();
        for (var month = new DateTimeOffset(SeriesShape.Start.Year, SeriesShape.Start.Month, 1, 0, 0, 0, TimeSpan.Zero); month <= shape.End; month = month.AddMonths(1))
        {
            months.Add(new ObservationRow(shape.Streams[0], month, null, null, ResultKind.Number, 0, null, null, null, null, null, null, null, hashes[0]));
        }

        await partitions.EnsureAsync(months, ct);

        // 2. Observations and aggregates, one day per block, blocks spread over the workers.
        var stepsPerDay = 86_400 / shape.IntervalSeconds;
        var days = (shape.Steps + stepsPerDay - 1) / stepsPerDay;
        long copied = 0, aggregateRows = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            await using var observations = await source.OpenConnectionAsync(ct);
            await using var aggregates = await source.OpenConnectionAsync(ct);
            await using var rows = await observations.BeginBinaryImportAsync(
                "COPY sensing_observations (id, datastream_id, phenomenon_time_start, result_kind, result_number, result_hash) FROM STDIN (FORMAT BINARY)", ct);
            await using var buckets = await aggregates.BeginBinaryImportAsync(
                "COPY sensing_aggregates (datastream_id, resolution, bucket_start, count, sum, min, max) FROM STDIN (FORMAT BINARY)", ct);
            long mine = 0;
            var hour = new Bucket[shape.Streams.Count];
            var day = new Bucket[shape.Streams.Count];
            for (var d = w; d < days; d += workers)
            {
                var from = d * stepsPerDay;
                var to = Math.Min(shape.Steps, from + stepsPerDay);
                for (var s = from; s < to; s++)
                {
                    var time = shape.TimeOf(s);
                    for (var i = 0; i < shape.Streams.Count; i++)
                    {
                        var value = SeriesShape.ValueOf(s, i);
                        rows.StartRow();
                        rows.Write(shape.IdOf(s, i), NpgsqlDbType.Bigint);
                        rows.Write(shape.Streams[i], NpgsqlDbType.Bigint);
                        rows.Write(time, NpgsqlDbType.TimestampTz);
                        rows.Write((short)ResultKind.Number, NpgsqlDbType.Smallint);
                        rows.Write(value, NpgsqlDbType.Double);
                        rows.Write(hashes[(int)Math.Round(value * 10)], NpgsqlDbType.Bigint);
                        mine += Fold(buckets, ref hour[i], shape.Streams[i], SummariseBatch.Hour, SummariseBatch.HourOf(time), value);
                        mine += Fold(buckets, ref day[i], shape.Streams[i], SummariseBatch.Day, SummariseBatch.DayOf(time), value);
                    }

                    if (Interlocked.Add(ref copied, shape.Streams.Count) % 5_000_000 < shape.Streams.Count)
                    {
                        log($"copied {Interlocked.Read(ref copied):N0} observations ({Interlocked.Read(ref copied) / watch.Elapsed.TotalSeconds:F0}/s)");
                    }
                }

                // A day block holds whole hours and the whole day: its buckets are complete.
                for (var i = 0; i < shape.Streams.Count; i++)
                {
                    mine += Flush(buckets, ref hour[i], shape.Streams[i], SummariseBatch.Hour);
                    mine += Flush(buckets, ref day[i], shape.Streams[i], SummariseBatch.Day);
                }
            }

            await rows.CompleteAsync(ct);
            await buckets.CompleteAsync(ct);
            Interlocked.Add(ref aggregateRows, mine);
        }, ct)));
        var copySeconds = watch.Elapsed.TotalSeconds;
        log($"copy done: {shape.Observations:N0} observations in {copySeconds:F0} s");

        // 3. The datastreams as the writer leaves them, and the id sequence past the copied ids.
        watch.Restart();
        var last = shape.Steps - 1;
        await using (var batch = source.CreateBatch())
        {
            var update = new NpgsqlBatchCommand(
                "UPDATE sensing_datastreams d SET phenomenon_time_start = LEAST(d.phenomenon_time_start, @ps), phenomenon_time_end = GREATEST(d.phenomenon_time_end, @pe), "
                + "latest_observation_id = c.li, latest_phenomenon_time = @pe, latest_result = c.lr, observation_count = d.observation_count + @n "
                + "FROM unnest(@ids, @li, @lr) AS c(id, li, lr) WHERE d.id = c.id");
            update.Parameters.AddWithValue("ps", shape.TimeOf(0));
            update.Parameters.AddWithValue("pe", shape.TimeOf(last));
            update.Parameters.AddWithValue("n", (long)shape.Steps);
            update.Parameters.AddWithValue("ids", shape.Streams.ToArray());
            update.Parameters.AddWithValue("li", Enumerable.Range(0, shape.Streams.Count).Select(i => shape.IdOf(last, i)).ToArray());
            update.Parameters.AddWithValue("lr", NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
                Enumerable.Range(0, shape.Streams.Count).Select(i => ResultHash.Number(SeriesShape.ValueOf(last, i))).ToArray());
            batch.BatchCommands.Add(update);
            var sequence = new NpgsqlBatchCommand("SELECT setval(pg_get_serial_sequence('sensing_observations', 'id'), (SELECT MAX(id) FROM sensing_observations))");
            batch.BatchCommands.Add(sequence);
            await batch.ExecuteNonQueryAsync(ct);
        }

        var datastreamSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        log("VACUUM ANALYZE");
        foreach (var table in new[] { "sensing_observations", "sensing_aggregates", "sensing_datastreams" })
        {
            await using var vacuum = source.CreateCommand("VACUUM ANALYZE " + table);
            vacuum.CommandTimeout = 0;
            await vacuum.ExecuteNonQueryAsync(ct);
        }

        var analyzeSeconds = watch.Elapsed.TotalSeconds;
        return new LoadResult(shape.Observations, months.Count, aggregateRows, Math.Round(copySeconds, 1), Math.Round(datastreamSeconds, 1),
            Math.Round(analyzeSeconds, 1), Math.Round(shape.Observations / copySeconds));
    }

    /// <summary>Adds a value to the open bucket; writes the bucket out first when the value belongs to the next one.</summary>
    private static int Fold(NpgsqlBinaryImporter import, ref Bucket bucket, long stream, short resolution, DateTimeOffset start, double value)
    {
        var written = 0;
        if (bucket.Count > 0 && bucket.Start != start)
        {
            written = Flush(import, ref bucket, stream, resolution);
        }

        bucket = bucket.Count == 0
            ? new Bucket(start, 1, value, value, value)
            : bucket with { Count = bucket.Count + 1, Sum = bucket.Sum + value, Min = Math.Min(bucket.Min, value), Max = Math.Max(bucket.Max, value) };
        return written;
    }

    private static int Flush(NpgsqlBinaryImporter import, ref Bucket bucket, long stream, short resolution)
    {
        if (bucket.Count == 0)
        {
            return 0;
        }

        import.StartRow();
        import.Write(stream, NpgsqlDbType.Bigint);
        import.Write(resolution, NpgsqlDbType.Smallint);
        import.Write(bucket.Start, NpgsqlDbType.TimestampTz);
        import.Write(bucket.Count, NpgsqlDbType.Bigint);
        import.Write(bucket.Sum, NpgsqlDbType.Double);
        import.Write(bucket.Min, NpgsqlDbType.Double);
        import.Write(bucket.Max, NpgsqlDbType.Double);
        bucket = default;
        return 1;
    }

    private record struct Bucket(DateTimeOffset Start, long Count, double Sum, double Min, double Max);

    public static string Describe(SeriesShape shape) => string.Create(CultureInfo.InvariantCulture,
        $"{shape.Observations:N0} observations: {shape.Streams.Count} datastreams × {shape.Steps} instants every {shape.IntervalSeconds} s, {SeriesShape.Start:yyyy-MM-dd} to {shape.End:yyyy-MM-dd HH:mm}Z");
}
