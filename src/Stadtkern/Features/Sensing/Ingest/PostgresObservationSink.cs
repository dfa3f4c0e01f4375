using Npgsql;
using NpgsqlTypes;

namespace Stadtkern.Features.Sensing.Ingest;

/// <summary>
/// PostgreSQL: the batch goes by binary COPY straight into <c>sensing_observations</c> with ids drawn from its sequence; when a
/// row is already stored it goes instead by COPY into a session temp table and from there, in one statement, into the table with
/// <c>ON CONFLICT (datastream_id, phenomenon_time_start, result_hash) DO NOTHING RETURNING</c>.
/// Datastream changes and aggregate deltas are one set-based statement each over <c>unnest</c>ed arrays.
/// The connection is kept for the writer loop's life (the temp table lives in its session).
/// </summary>
internal sealed class PostgresObservationSink : IObservationSink
{
    private const string Columns = "datastream_id, phenomenon_time_start, phenomenon_time_end, result_time, result_kind, result_number, result_string, "
        + "result_json, result_quality, valid_time_start, valid_time_end, parameters, feature_of_interest_id, result_hash";

    private readonly NpgsqlConnection connection;
    private readonly ObservationPartitions partitions;
    private readonly string nextIds;
    private NpgsqlTransaction? transaction;

    private PostgresObservationSink(NpgsqlConnection connection, ObservationPartitions partitions, string sequence)
    {
        this.connection = connection;
        this.partitions = partitions;
        // The sequence's name as a constant (resolved once per connection, not once per id), all ids in one array value.
        nextIds = $"SELECT array_agg(nextval('{sequence.Replace("'", "''", StringComparison.Ordinal)}'::regclass)) FROM generate_series(1, @n)";
    }

    public static async Task<IObservationSink> OpenAsync(NpgsqlDataSource source, ObservationPartitions partitions, CancellationToken ct)
    {
        var connection = await source.OpenConnectionAsync(ct);
        await using var create = new NpgsqlCommand(
            "CREATE TEMP TABLE IF NOT EXISTS ingest_staging (datastream_id bigint NOT NULL, phenomenon_time_start timestamptz NOT NULL, "
            + "phenomenon_time_end timestamptz, result_time timestamptz, result_kind smallint NOT NULL, result_number double precision, "
            + "result_string text, result_json jsonb, result_quality jsonb, valid_time_start timestamptz, valid_time_end timestamptz, "
            + "parameters jsonb, feature_of_interest_id bigint, result_hash bigint NOT NULL) ON COMMIT DELETE ROWS", connection);
        await create.ExecuteNonQueryAsync(ct);
        await using var sequence = new NpgsqlCommand("SELECT pg_get_serial_sequence('sensing_observations', 'id')", connection);
        return new PostgresObservationSink(connection, partitions, (string)(await sequence.ExecuteScalarAsync(ct))!);
    }

    public Task PrepareAsync(IReadOnlyList<ObservationRow> rows, CancellationToken ct) => partitions.EnsureAsync(rows, ct);

    public async Task BeginAsync(CancellationToken ct) => transaction = await connection.BeginTransactionAsync(ct);

    public async Task CommitAsync(CancellationToken ct)
    {
        await transaction!.CommitAsync(ct);
        await transaction.DisposeAsync();
        transaction = null;
    }

    public async Task RollbackAsync()
    {
        if (transaction is not null)
        {
            try
            {
                await transaction.RollbackAsync();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // A broken connection has no transaction left to roll back.
            }

            await transaction.DisposeAsync();
            transaction = null;
        }
    }

    public async Task<HashSet<long>> ExistingDatastreamsAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT id FROM sensing_datastreams WHERE id = ANY(@ids)", connection, transaction);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        var found = new HashSet<long>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found.Add(reader.GetInt64(0));
        }

        return found;
    }

    public async Task<HashSet<(Guid Tenant, string Key)>> InsertKeysAsync(IReadOnlyList<(Guid Tenant, string Key)> keys, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO sensing_ingest_keys (tenant_id, key, created) SELECT t, k, @now FROM unnest(@tenants, @keys) AS u(t, k) "
            + "ORDER BY t, k ON CONFLICT (tenant_id, key) DO NOTHING RETURNING tenant_id, key", connection, transaction);
        command.Parameters.AddWithValue("tenants", keys.Select(k => k.Tenant).ToArray());
        command.Parameters.AddWithValue("keys", keys.Select(k => k.Key).ToArray());
        command.Parameters.AddWithValue("now", now);
        var fresh = new HashSet<(Guid, string)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            fresh.Add((reader.GetGuid(0), reader.GetString(1)));
        }

        return fresh;
    }

    /// <summary>
    /// Fast path: ids drawn from the table's sequence, rows copied straight into <c>sensing_observations</c> (the unique index
    /// still guards every row). When some row is already stored (unique violation) the copy is rolled back to a savepoint and the
    /// batch takes the duplicate-skipping path: COPY into the session's staging table, then one
    /// <c>INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING</c>.
    /// </summary>
    public async Task<long?[]> InsertAsync(IReadOnlyList<ObservationRow> rows, CancellationToken ct)
    {
        var ids = await NextIdsAsync(rows.Count, ct);
        await transaction!.SaveAsync("fast", ct);
        try
        {
            await CopyAsync("sensing_observations (id, " + Columns + ")", rows, ids, ct);
            return [.. ids.Select(id => (long?)id)];
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await transaction.RollbackAsync("fast", ct);
            return await InsertSkippingDuplicatesAsync(rows, ct);
        }
    }

    private async Task<long[]> NextIdsAsync(int count, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(nextIds, connection, transaction);
        command.Parameters.AddWithValue("n", count);
        var ids = (long[])(await command.ExecuteScalarAsync(ct))!;
        if (ids.Length != count)
        {
            throw new InvalidOperationException("The sequence gave fewer ids than asked for.");
        }

        return ids;
    }

    private async Task CopyAsync(string target, IReadOnlyList<ObservationRow> rows, long[]? ids, CancellationToken ct)
    {
        await using var import = await connection.BeginBinaryImportAsync($"COPY {target} FROM STDIN (FORMAT BINARY)", ct);
        // Row values are written synchronously into Npgsql's buffer (it flushes when full); an async call per value costs more.
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            import.StartRow();
            if (ids is not null)
            {
                import.Write(ids[i], NpgsqlDbType.Bigint);
            }

            import.Write(row.DatastreamId, NpgsqlDbType.Bigint);
            import.Write(row.PhenomenonTimeStart, NpgsqlDbType.TimestampTz);
            WriteNullable(import, row.PhenomenonTimeEnd);
            WriteNullable(import, row.ResultTime);
            import.Write((short)row.Kind, NpgsqlDbType.Smallint);
            if (row.Number is { } number)
            {
                import.Write(number, NpgsqlDbType.Double);
            }
            else
            {
                import.WriteNull();
            }

            WriteText(import, row.Text, NpgsqlDbType.Text);
            WriteText(import, row.Json, NpgsqlDbType.Jsonb);
            WriteText(import, row.ResultQuality, NpgsqlDbType.Jsonb);
            WriteNullable(import, row.ValidTimeStart);
            WriteNullable(import, row.ValidTimeEnd);
            WriteText(import, row.Parameters, NpgsqlDbType.Jsonb);
            if (row.FeatureOfInterestId is { } foi)
            {
                import.Write(foi, NpgsqlDbType.Bigint);
            }
            else
            {
                import.WriteNull();
            }

            import.Write(row.Hash, NpgsqlDbType.Bigint);
        }

        await import.CompleteAsync(ct);
    }

    private async Task<long?[]> InsertSkippingDuplicatesAsync(IReadOnlyList<ObservationRow> rows, CancellationToken ct)
    {
        await CopyAsync($"ingest_staging ({Columns})", rows, null, ct);
        var index = new Dictionary<(long, long, long), int>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            index[rows[i].Key] = i;
        }

        var ids = new long?[rows.Count];
        await using var insert = new NpgsqlCommand(
            $"INSERT INTO sensing_observations ({Columns}) SELECT {Columns} FROM ingest_staging "
            + "ORDER BY datastream_id, phenomenon_time_start, result_hash "
            + "ON CONFLICT (datastream_id, phenomenon_time_start, result_hash) DO NOTHING "
            + "RETURNING id, datastream_id, phenomenon_time_start, result_hash", connection, transaction);
        await using (var reader = await insert.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var key = (reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2).UtcTicks, reader.GetInt64(3));
                ids[index[key]] = reader.GetInt64(0);
            }
        }

        // The staging rows go at commit (ON COMMIT DELETE ROWS) or with the rollback.
        return ids;
    }

    public async Task<long?[]> FindAsync(IReadOnlyList<ObservationRow> rows, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT o.id, o.datastream_id, o.phenomenon_time_start, o.result_hash FROM unnest(@d, @t, @h) AS k(d, t, h) "
            + "JOIN sensing_observations o ON o.datastream_id = k.d AND o.phenomenon_time_start = k.t AND o.result_hash = k.h", connection, transaction);
        command.Parameters.AddWithValue("d", rows.Select(r => r.DatastreamId).ToArray());
        command.Parameters.AddWithValue("t", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, rows.Select(r => r.PhenomenonTimeStart).ToArray());
        command.Parameters.AddWithValue("h", rows.Select(r => r.Hash).ToArray());
        var found = new Dictionary<(long, long, long), long>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                found[(reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2).UtcTicks, reader.GetInt64(3))] = reader.GetInt64(0);
            }
        }

        return [.. rows.Select(r => found.TryGetValue(r.Key, out var id) ? id : (long?)null)];
    }

    public async Task ApplyAsync(IReadOnlyList<DatastreamChange> changes, IReadOnlyList<AggregateDelta> aggregates, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var lockRows = new NpgsqlBatchCommand("SELECT id FROM sensing_datastreams WHERE id = ANY(@ids) ORDER BY id FOR NO KEY UPDATE");
        lockRows.Parameters.AddWithValue("ids", changes.Select(c => c.DatastreamId).ToArray());
        batch.BatchCommands.Add(lockRows);
        var update = new NpgsqlBatchCommand(
            "UPDATE sensing_datastreams d SET "
            + "phenomenon_time_start = LEAST(d.phenomenon_time_start, c.ps), phenomenon_time_end = GREATEST(d.phenomenon_time_end, c.pe), "
            + "result_time_start = LEAST(d.result_time_start, c.rs), result_time_end = GREATEST(d.result_time_end, c.re), "
            + "latest_observation_id = CASE WHEN d.latest_phenomenon_time IS NULL OR c.lt >= d.latest_phenomenon_time THEN c.li ELSE d.latest_observation_id END, "
            + "latest_result = CASE WHEN d.latest_phenomenon_time IS NULL OR c.lt >= d.latest_phenomenon_time THEN c.lr ELSE d.latest_result END, "
            + "latest_phenomenon_time = GREATEST(d.latest_phenomenon_time, c.lt), observation_count = d.observation_count + c.n "
            + "FROM unnest(@ids, @ps, @pe, @rs, @re, @li, @lt, @lr, @n) AS c(id, ps, pe, rs, re, li, lt, lr, n) WHERE d.id = c.id");
        update.Parameters.AddWithValue("ids", changes.Select(c => c.DatastreamId).ToArray());
        update.Parameters.AddWithValue("ps", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, changes.Select(c => c.PhenomenonStart).ToArray());
        update.Parameters.AddWithValue("pe", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, changes.Select(c => c.PhenomenonEnd).ToArray());
        update.Parameters.AddWithValue("rs", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, changes.Select(c => c.ResultStart).ToArray());
        update.Parameters.AddWithValue("re", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, changes.Select(c => c.ResultEnd).ToArray());
        update.Parameters.AddWithValue("li", changes.Select(c => c.LatestId).ToArray());
        update.Parameters.AddWithValue("lt", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, changes.Select(c => c.LatestTime).ToArray());
        update.Parameters.AddWithValue("lr", NpgsqlDbType.Array | NpgsqlDbType.Jsonb, changes.Select(c => c.LatestResult).ToArray());
        update.Parameters.AddWithValue("n", changes.Select(c => c.Count).ToArray());
        batch.BatchCommands.Add(update);
        if (aggregates.Count > 0)
        {
            var upsert = new NpgsqlBatchCommand(
                "INSERT INTO sensing_aggregates (datastream_id, resolution, bucket_start, count, sum, min, max) "
                + "SELECT * FROM unnest(@d, @r, @b, @c, @s, @lo, @hi) "
                + "ON CONFLICT (datastream_id, resolution, bucket_start) DO UPDATE SET count = sensing_aggregates.count + excluded.count, "
                + "sum = sensing_aggregates.sum + excluded.sum, min = LEAST(sensing_aggregates.min, excluded.min), "
                + "max = GREATEST(sensing_aggregates.max, excluded.max)");
            upsert.Parameters.AddWithValue("d", aggregates.Select(a => a.DatastreamId).ToArray());
            upsert.Parameters.AddWithValue("r", aggregates.Select(a => a.Resolution).ToArray());
            upsert.Parameters.AddWithValue("b", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, aggregates.Select(a => a.BucketStart).ToArray());
            upsert.Parameters.AddWithValue("c", aggregates.Select(a => a.Count).ToArray());
            upsert.Parameters.AddWithValue("s", aggregates.Select(a => a.Sum).ToArray());
            upsert.Parameters.AddWithValue("lo", aggregates.Select(a => a.Min).ToArray());
            upsert.Parameters.AddWithValue("hi", aggregates.Select(a => a.Max).ToArray());
            batch.BatchCommands.Add(upsert);
        }

        await batch.ExecuteNonQueryAsync(ct);
        if (update.RecordsAffected != changes.Count)
        {
            throw new DatastreamVanishedException();
        }
    }

    /// <summary>Class 22 (data exception) and 23 (integrity constraint violation, e.g. a deleted datastream).</summary>
    public bool IsDataError(Exception e) =>
        e is PostgresException p && (p.SqlState.StartsWith("22", StringComparison.Ordinal) || p.SqlState.StartsWith("23", StringComparison.Ordinal));

    public bool IsTransient(Exception e) => e is PostgresException { SqlState: "40P01" or "40001" } or DatastreamVanishedException;

    public async ValueTask DisposeAsync()
    {
        await RollbackAsync();
        await connection.DisposeAsync();
    }

    private static void WriteNullable(NpgsqlBinaryImporter import, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            import.Write(v, NpgsqlDbType.TimestampTz);
        }
        else
        {
            import.WriteNull();
        }
    }

    private static void WriteText(NpgsqlBinaryImporter import, string? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            import.WriteNull();
        }
        else
        {
            import.Write(value, type);
        }
    }
}
