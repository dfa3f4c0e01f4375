using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using Stadtkern.Features.Sensing.Ingest;

namespace Stadtkern.Bench.Ingest;

/// <summary>What the database holds after the HTTP run, counted exactly.</summary>
internal sealed record Verification(long Acknowledged, long Stored, long AcknowledgedAndStored, long Lost, long DuplicateRows, long DatastreamCountSum, bool CountsMatch);

/// <summary>Plain SQL against the bench database: datastreams, clearing, exact verification.</summary>
internal sealed class BenchDatabase(string provider, string connectionString)
{
    public bool Postgres => provider == "Postgres";

    public string ConnectionString => connectionString;

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        DbConnection connection = Postgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    public async Task<List<long>> CreateDatastreamsAsync(Guid tenant, int count, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        object T(DateTimeOffset t) => Postgres ? t : SqliteObservationSink.ToStored(t);
        object Tenant() => Postgres ? tenant : SqliteObservationSink.TenantText(tenant);
        var now = DateTimeOffset.UtcNow;
        var thing = await ScalarAsync(connection, "INSERT INTO sensing_things (tenant_id, name, description, access_level, created, modified) VALUES (@t, 'Bench-Station', '', 'public', @now, @now) RETURNING id", ct, ("t", Tenant()), ("now", T(now)));
        var sensor = await ScalarAsync(connection, "INSERT INTO sensing_sensors (tenant_id, name, description, encoding_type, metadata) VALUES (@t, 'Bench', '', 'text/plain', '-') RETURNING id", ct, ("t", Tenant()));
        var property = await ScalarAsync(connection, "INSERT INTO sensing_observed_properties (tenant_id, name, definition, description) VALUES (@t, 'Temperatur', 'https://example.org/t', '') RETURNING id", ct, ("t", Tenant()));
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var unit = "{\"name\":\"Grad Celsius\",\"symbol\":\"°C\",\"definition\":\"http://unitsofmeasure.org/ucum.html#para-30\"}";
            ids.Add(await ScalarAsync(connection,
                "INSERT INTO sensing_datastreams (tenant_id, name, description, observation_type, unit_of_measurement, thing_id, sensor_id, observed_property_id, observation_count, created, modified) "
                + $"VALUES (@t, @name, '', 'OM_Measurement', {(Postgres ? "@unit::jsonb" : "@unit")}, @thing, @sensor, @property, 0, @now, @now) RETURNING id", ct,
                ("t", Tenant()), ("name", "Bench " + i), ("unit", unit), ("thing", thing), ("sensor", sensor), ("property", property), ("now", T(now))));
        }

        return ids;
    }

    public async Task ClearObservationsAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        foreach (var sql in Postgres
            ? new[] { "TRUNCATE sensing_observations, sensing_aggregates", "UPDATE sensing_datastreams SET observation_count = 0, latest_observation_id = NULL, latest_phenomenon_time = NULL, latest_result = NULL, phenomenon_time_start = NULL, phenomenon_time_end = NULL", "VACUUM ANALYZE sensing_observations" }
            : ["DELETE FROM sensing_observations", "DELETE FROM sensing_aggregates", "UPDATE sensing_datastreams SET observation_count = 0", "VACUUM"])
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = 600;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Every acknowledged id looked up in the table; duplicates by the duplicate key; counts against the rows.</summary>
    public async Task<Verification> VerifyAsync(IReadOnlyCollection<long> acknowledged, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var ackSet = acknowledged.ToHashSet();
        long stored = 0, matched = 0;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id FROM sensing_observations";
            command.CommandTimeout = 600;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                stored++;
                if (ackSet.Contains(reader.GetInt64(0)))
                {
                    matched++;
                }
            }
        }

        var duplicates = await ScalarAsync(connection,
            "SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM sensing_observations GROUP BY datastream_id, phenomenon_time_start, result_hash HAVING COUNT(*) > 1) d", ct);
        var countSum = await ScalarAsync(connection, "SELECT COALESCE(SUM(observation_count), 0) FROM sensing_datastreams", ct);
        return new Verification(ackSet.Count, stored, matched, ackSet.Count - matched, duplicates, countSum, countSum == stored);
    }

    public static async Task<long> ScalarAsync(DbConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = value;
            command.Parameters.Add(p);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}

internal sealed record RawResult(string Method, int Observations, int Parallel, double Seconds, double ObservationsPerSecond);

/// <summary>The raw limit: observations straight into the table, no HTTP, no dedupe step, no datastream or aggregate upkeep.</summary>
internal static class RawInsert
{
    public static async Task<RawResult> RunAsync(BenchDatabase db, List<long> streams, int count, int parallel, CancellationToken ct)
    {
        // The same rows the HTTP run sends: datastream i % S, one second apart per datastream, numeric results.
        (long Stream, DateTimeOffset Time, double Value) Row(int k) => (streams[k % streams.Count], IngestBench.Base.AddSeconds(k / streams.Count), (k % 500) / 10.0);
        if (db.Postgres)
        {
            await using (var connection = (NpgsqlConnection)await db.OpenAsync(ct))
            {
                // The month's partition, as the writer would create it before its first batch.
                await using var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS sensing_observations_y2026m01 PARTITION OF sensing_observations FOR VALUES FROM ('2026-01-01T00:00:00Z') TO ('2026-02-01T00:00:00Z')", connection);
                await create.ExecuteNonQueryAsync(ct);
            }

            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, parallel).Select(p => Task.Run(async () =>
            {
                await using var connection = (NpgsqlConnection)await db.OpenAsync(ct);
                await using var import = await connection.BeginBinaryImportAsync(
                    "COPY sensing_observations (datastream_id, phenomenon_time_start, result_kind, result_number, result_hash) FROM STDIN (FORMAT BINARY)", ct);
                // Synchronous row writes, as the writer does them.
                for (var k = p; k < count; k += parallel)
                {
                    var (stream, time, value) = Row(k);
                    import.StartRow();
                    import.Write(stream, NpgsqlTypes.NpgsqlDbType.Bigint);
                    import.Write(time, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                    import.Write((short)1, NpgsqlTypes.NpgsqlDbType.Smallint);
                    import.Write(value, NpgsqlTypes.NpgsqlDbType.Double);
                    import.Write(ResultHash.OfNumber(value), NpgsqlTypes.NpgsqlDbType.Bigint);
                }

                await import.CompleteAsync(ct);
            }, ct)));
            var seconds = watch.Elapsed.TotalSeconds;
            return new RawResult("binary COPY into sensing_observations (Npgsql BeginBinaryImport)", count, parallel, Math.Round(seconds, 2), Math.Round(count / seconds));
        }
        else
        {
            await using var connection = (SqliteConnection)await db.OpenAsync(ct);
            var watch = Stopwatch.StartNew();
            for (var start = 0; start < count; start += 5_000)
            {
                await using var transaction = connection.BeginTransaction();
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "INSERT INTO sensing_observations (datastream_id, phenomenon_time_start, result_kind, result_number, result_hash) VALUES ($d, $t, 1, $n, $h)";
                var d = command.Parameters.Add("$d", SqliteType.Integer);
                var t = command.Parameters.Add("$t", SqliteType.Integer);
                var n = command.Parameters.Add("$n", SqliteType.Real);
                var h = command.Parameters.Add("$h", SqliteType.Integer);
                command.Prepare();
                for (var k = start; k < Math.Min(count, start + 5_000); k++)
                {
                    var (stream, time, value) = Row(k);
                    d.Value = stream;
                    t.Value = SqliteObservationSink.ToStored(time);
                    n.Value = value;
                    h.Value = ResultHash.OfNumber(value);
                    await command.ExecuteNonQueryAsync(ct);
                }

                await transaction.CommitAsync(ct);
            }

            var seconds = watch.Elapsed.TotalSeconds;
            return new RawResult("prepared INSERT, 5,000 rows per transaction (Microsoft.Data.Sqlite)", count, 1, Math.Round(seconds, 2), Math.Round(count / seconds));
        }
    }
}
