using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Ingest;

/// <summary>What one retention round removed.</summary>
internal sealed record RetentionSummary(long DeletedRows, IReadOnlyList<string> DroppedPartitions);

/// <summary>
/// Deletes raw observations older than their datastream's <c>raw_retention_days</c> (aggregates stay). On PostgreSQL a whole
/// monthly partition is dropped when every row in it is past its datastream's retention; the rest is deleted in chunks.
/// Each datastream's <c>observation_count</c> and phenomenon-time start follow in the same transaction.
/// </summary>
internal sealed partial class ApplyRetention(ObservationSinks sinks, IOptions<IngestOptions> options, TimeProvider clock, ILogger<ApplyRetention> logger)
{
    public async Task<RetentionSummary> RunAsync(CancellationToken ct)
    {
        var postgres = sinks.Target.Provider == DatabaseProvider.Postgres;
        await using DbConnection connection = postgres ? await sinks.Postgres.OpenConnectionAsync(ct) : new SqliteConnection(sinks.Target.ConnectionString);
        if (!postgres)
        {
            await connection.OpenAsync(ct);
            await ExecuteAsync(connection, null, "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;", [], ct);
        }

        var now = clock.GetUtcNow();
        var dropped = postgres ? await DropPartitionsAsync((NpgsqlConnection)connection, now, ct) : [];
        var retained = new List<(long Id, int Days)>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT id, raw_retention_days FROM sensing_datastreams WHERE raw_retention_days IS NOT NULL ORDER BY id";
            await using var reader = await list.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                retained.Add((reader.GetInt64(0), reader.GetInt32(1)));
            }
        }

        long deleted = 0;
        var chunk = Math.Max(100, options.Value.RetentionChunk);
        foreach (var (id, days) in retained)
        {
            var cutoff = now.AddDays(-Math.Max(0, days));
            var removed = 0L;
            while (true)
            {
                await using var transaction = await connection.BeginTransactionAsync(ct);
                var n = await ExecuteAsync(connection, transaction, postgres
                    ? "DELETE FROM sensing_observations WHERE (id, phenomenon_time_start) IN (SELECT id, phenomenon_time_start FROM sensing_observations "
                      + "WHERE datastream_id = @d AND phenomenon_time_start < @cutoff LIMIT @chunk)"
                    : "DELETE FROM sensing_observations WHERE id IN (SELECT id FROM sensing_observations WHERE datastream_id = @d AND phenomenon_time_start < @cutoff LIMIT @chunk)",
                    [("d", id), ("cutoff", Time(postgres, cutoff)), ("chunk", chunk)], ct);
                if (n > 0)
                {
                    await ExecuteAsync(connection, transaction,
                        "UPDATE sensing_datastreams SET observation_count = CASE WHEN observation_count > @n THEN observation_count - @n ELSE 0 END, "
                        + "phenomenon_time_start = COALESCE((SELECT MIN(phenomenon_time_start) FROM sensing_observations WHERE datastream_id = @d), phenomenon_time_start) WHERE id = @d",
                        [("d", id), ("n", (long)n)], ct);
                }

                await transaction.CommitAsync(ct);
                removed += n;
                if (n < chunk)
                {
                    break;
                }
            }

            deleted += removed;
        }

        if (deleted > 0 || dropped.Count > 0)
        {
            LogRound(deleted, dropped.Count);
        }

        return new RetentionSummary(deleted, dropped);
    }

    /// <summary>Drops monthly partitions in which no row is within its datastream's retention (or of a datastream without one).</summary>
    private static async Task<List<string>> DropPartitionsAsync(NpgsqlConnection connection, DateTimeOffset now, CancellationToken ct)
    {
        var names = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'sensing_observations'::regclass "
            + "AND c.relname ~ '^sensing_observations_y[0-9]{4}m[0-9]{2}$' ORDER BY c.relname", connection))
        await using (var reader = await list.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                names.Add(reader.GetString(0));
            }
        }

        var dropped = new List<string>();
        var minimumDays = await MinimumRetentionAsync(connection, ct);
        if (minimumDays is null)
        {
            return dropped;
        }

        foreach (var name in names)
        {
            var year = int.Parse(name.AsSpan(22, 4), CultureInfo.InvariantCulture);
            var month = int.Parse(name.AsSpan(27, 2), CultureInfo.InvariantCulture);
            var end = new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
            if (end > now.AddDays(-minimumDays.Value))
            {
                continue; // some rows may still be young enough for the shortest retention
            }

            await using var transaction = await connection.BeginTransactionAsync(ct);
            // The name comes from pg_class and matched the pattern above.
            await ExecuteAsync(connection, transaction, $"LOCK TABLE {name} IN ACCESS EXCLUSIVE MODE", [], ct);
            await using (var check = new NpgsqlCommand(
                $"SELECT EXISTS (SELECT 1 FROM {name} o JOIN sensing_datastreams d ON d.id = o.datastream_id "
                + "WHERE d.raw_retention_days IS NULL OR o.phenomenon_time_start >= @now - make_interval(days => d.raw_retention_days))", connection, transaction))
            {
                check.Parameters.AddWithValue("now", now);
                if ((bool)(await check.ExecuteScalarAsync(ct))!)
                {
                    await transaction.RollbackAsync(ct);
                    continue;
                }
            }

            await ExecuteAsync(connection, transaction,
                $"UPDATE sensing_datastreams d SET observation_count = GREATEST(d.observation_count - c.n, 0) FROM (SELECT datastream_id, count(*) AS n FROM {name} GROUP BY datastream_id) c WHERE d.id = c.datastream_id",
                [], ct);
            await ExecuteAsync(connection, transaction, $"DROP TABLE {name}", [], ct);
            await ExecuteAsync(connection, transaction,
                "UPDATE sensing_datastreams d SET phenomenon_time_start = m.start FROM (SELECT datastream_id, MIN(phenomenon_time_start) AS start FROM sensing_observations GROUP BY datastream_id) m "
                + "WHERE d.id = m.datastream_id AND d.raw_retention_days IS NOT NULL AND d.phenomenon_time_start < m.start", [], ct);
            await transaction.CommitAsync(ct);
            dropped.Add(name);
        }

        return dropped;
    }

    private static async Task<int?> MinimumRetentionAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT MIN(raw_retention_days) FROM sensing_datastreams WHERE raw_retention_days IS NOT NULL", connection);
        return await command.ExecuteScalarAsync(ct) is int days ? days : null;
    }

    private static object Time(bool postgres, DateTimeOffset value) => postgres ? value : SqliteObservationSink.ToStored(value);

    private static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, (string Name, object Value)[] parameters, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = value;
            command.Parameters.Add(p);
        }

        return await command.ExecuteNonQueryAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: {Deleted} raw observations deleted, {Dropped} partitions dropped")]
    private partial void LogRound(long deleted, int dropped);
}

/// <summary>Runs <see cref="ApplyRetention"/> every <see cref="IngestOptions.RetentionPollMinutes"/> minutes.</summary>
internal sealed partial class RetentionScheduler(ApplyRetention retention, IOptionsMonitor<IngestOptions> options, ILogger<RetentionScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(10), stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (options.CurrentValue.RetentionEnabled)
            {
                try
                {
                    await retention.RunAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e) when (e is DbException or InvalidOperationException)
                {
                    // The database may be briefly unavailable (or the sensing tables not there yet); the next round tries again.
                    LogRoundFailed(e);
                }
            }

            await Task.Delay(TimeSpan.FromMinutes(Math.Clamp(options.CurrentValue.RetentionPollMinutes, 1, 24 * 60)), stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention round failed")]
    private partial void LogRoundFailed(Exception e);
}
