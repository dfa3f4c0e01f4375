using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Stadtkern.Features.Sensing.Ingest;

/// <summary>
/// SQLite: one connection, <c>BEGIN IMMEDIATE</c>, prepared statements reused for every row of the batch
/// (<c>INSERT … ON CONFLICT DO NOTHING RETURNING id</c>), one commit. Times are stored as EF stores them
/// (<see cref="DateTimeOffsetToBinaryConverter"/>), so EF queries read what the writer wrote.
/// </summary>
internal sealed class SqliteObservationSink : IObservationSink
{
    private static readonly DateTimeOffsetToBinaryConverter Time = new();
    private readonly SqliteConnection connection;
    private SqliteTransaction? transaction;

    private SqliteObservationSink(SqliteConnection connection) => this.connection = connection;

    public static async Task<IObservationSink> OpenAsync(string connectionString, CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;";
        await pragma.ExecuteNonQueryAsync(ct);
        return new SqliteObservationSink(connection);
    }

    public static long ToStored(DateTimeOffset value) => (long)Time.ConvertToProvider(value.ToUniversalTime())!;

    private static object Stored(DateTimeOffset? value) => value is { } v ? ToStored(v) : DBNull.Value;

    private static object Nullable<T>(T? value) => (object?)value ?? DBNull.Value;

    public static string TenantText(Guid tenant) => tenant.ToString().ToUpperInvariant();

    public Task PrepareAsync(IReadOnlyList<ObservationRow> rows, CancellationToken ct) => Task.CompletedTask;

    public Task BeginAsync(CancellationToken ct)
    {
        transaction = connection.BeginTransaction(deferred: false);
        return Task.CompletedTask;
    }

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
            catch (Exception e) when (e is SqliteException or InvalidOperationException)
            {
            }

            await transaction.DisposeAsync();
            transaction = null;
        }
    }

    public async Task<HashSet<long>> ExistingDatastreamsAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        // BEGIN IMMEDIATE holds the database's write lock: nothing can delete a datastream until the commit.
        await using var command = Command("SELECT 1 FROM sensing_datastreams WHERE id = $id");
        var id = command.Parameters.Add("$id", SqliteType.Integer);
        var found = new HashSet<long>();
        foreach (var candidate in ids)
        {
            id.Value = candidate;
            if (await command.ExecuteScalarAsync(ct) is not null)
            {
                found.Add(candidate);
            }
        }

        return found;
    }

    public async Task<HashSet<(Guid Tenant, string Key)>> InsertKeysAsync(IReadOnlyList<(Guid Tenant, string Key)> keys, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = Command("INSERT INTO sensing_ingest_keys (tenant_id, key, created) VALUES ($t, $k, $c) ON CONFLICT (tenant_id, key) DO NOTHING RETURNING 1");
        var t = command.Parameters.Add("$t", SqliteType.Text);
        var k = command.Parameters.Add("$k", SqliteType.Text);
        command.Parameters.AddWithValue("$c", ToStored(now));
        var fresh = new HashSet<(Guid, string)>();
        foreach (var key in keys)
        {
            t.Value = TenantText(key.Tenant);
            k.Value = key.Key;
            if (await command.ExecuteScalarAsync(ct) is not null)
            {
                fresh.Add(key);
            }
        }

        return fresh;
    }

    public async Task<long?[]> InsertAsync(IReadOnlyList<ObservationRow> rows, CancellationToken ct)
    {
        await using var command = Command(
            "INSERT INTO sensing_observations (datastream_id, phenomenon_time_start, phenomenon_time_end, result_time, result_kind, result_number, "
            + "result_string, result_json, result_quality, valid_time_start, valid_time_end, parameters, feature_of_interest_id, result_hash) "
            + "VALUES ($d, $ps, $pe, $rt, $k, $n, $s, $j, $q, $vs, $ve, $p, $f, $h) "
            + "ON CONFLICT (datastream_id, phenomenon_time_start, result_hash) DO NOTHING RETURNING id");
        var d = command.Parameters.Add("$d", SqliteType.Integer);
        var ps = command.Parameters.Add("$ps", SqliteType.Integer);
        var pe = command.Parameters.Add("$pe", SqliteType.Integer);
        var rt = command.Parameters.Add("$rt", SqliteType.Integer);
        var k = command.Parameters.Add("$k", SqliteType.Integer);
        var n = command.Parameters.Add("$n", SqliteType.Real);
        var s = command.Parameters.Add("$s", SqliteType.Text);
        var j = command.Parameters.Add("$j", SqliteType.Text);
        var q = command.Parameters.Add("$q", SqliteType.Text);
        var vs = command.Parameters.Add("$vs", SqliteType.Integer);
        var ve = command.Parameters.Add("$ve", SqliteType.Integer);
        var p = command.Parameters.Add("$p", SqliteType.Text);
        var f = command.Parameters.Add("$f", SqliteType.Integer);
        var h = command.Parameters.Add("$h", SqliteType.Integer);
        var ids = new long?[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            d.Value = row.DatastreamId;
            ps.Value = ToStored(row.PhenomenonTimeStart);
            pe.Value = Stored(row.PhenomenonTimeEnd);
            rt.Value = Stored(row.ResultTime);
            k.Value = (short)row.Kind;
            n.Value = Nullable(row.Number);
            s.Value = Nullable(row.Text);
            j.Value = Nullable(row.Json);
            q.Value = Nullable(row.ResultQuality);
            vs.Value = Stored(row.ValidTimeStart);
            ve.Value = Stored(row.ValidTimeEnd);
            p.Value = Nullable(row.Parameters);
            f.Value = Nullable(row.FeatureOfInterestId);
            h.Value = row.Hash;
            ids[i] = await command.ExecuteScalarAsync(ct) is long id ? id : null;
        }

        return ids;
    }

    public async Task<long?[]> FindAsync(IReadOnlyList<ObservationRow> rows, CancellationToken ct)
    {
        await using var command = Command("SELECT id FROM sensing_observations WHERE datastream_id = $d AND phenomenon_time_start = $t AND result_hash = $h");
        var d = command.Parameters.Add("$d", SqliteType.Integer);
        var t = command.Parameters.Add("$t", SqliteType.Integer);
        var h = command.Parameters.Add("$h", SqliteType.Integer);
        var ids = new long?[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            d.Value = rows[i].DatastreamId;
            t.Value = ToStored(rows[i].PhenomenonTimeStart);
            h.Value = rows[i].Hash;
            ids[i] = await command.ExecuteScalarAsync(ct) is long id ? id : null;
        }

        return ids;
    }

    public async Task ApplyAsync(IReadOnlyList<DatastreamChange> changes, IReadOnlyList<AggregateDelta> aggregates, CancellationToken ct)
    {
        await using (var update = Command(
            "UPDATE sensing_datastreams SET "
            + "phenomenon_time_start = MIN(COALESCE(phenomenon_time_start, $ps), $ps), phenomenon_time_end = MAX(COALESCE(phenomenon_time_end, $pe), $pe), "
            + "result_time_start = COALESCE(MIN(COALESCE(result_time_start, $rs), $rs), result_time_start), "
            + "result_time_end = COALESCE(MAX(COALESCE(result_time_end, $re), $re), result_time_end), "
            + "latest_observation_id = CASE WHEN latest_phenomenon_time IS NULL OR $lt >= latest_phenomenon_time THEN $li ELSE latest_observation_id END, "
            + "latest_result = CASE WHEN latest_phenomenon_time IS NULL OR $lt >= latest_phenomenon_time THEN $lr ELSE latest_result END, "
            + "latest_phenomenon_time = MAX(COALESCE(latest_phenomenon_time, $lt), $lt), observation_count = observation_count + $n WHERE id = $id"))
        {
            var id = update.Parameters.Add("$id", SqliteType.Integer);
            var ps = update.Parameters.Add("$ps", SqliteType.Integer);
            var pe = update.Parameters.Add("$pe", SqliteType.Integer);
            var rs = update.Parameters.Add("$rs", SqliteType.Integer);
            var re = update.Parameters.Add("$re", SqliteType.Integer);
            var li = update.Parameters.Add("$li", SqliteType.Integer);
            var lt = update.Parameters.Add("$lt", SqliteType.Integer);
            var lr = update.Parameters.Add("$lr", SqliteType.Text);
            var n = update.Parameters.Add("$n", SqliteType.Integer);
            foreach (var c in changes)
            {
                id.Value = c.DatastreamId;
                ps.Value = ToStored(c.PhenomenonStart);
                pe.Value = ToStored(c.PhenomenonEnd);
                rs.Value = Stored(c.ResultStart);
                re.Value = Stored(c.ResultEnd);
                li.Value = c.LatestId;
                lt.Value = ToStored(c.LatestTime);
                lr.Value = c.LatestResult;
                n.Value = c.Count;
                await update.ExecuteNonQueryAsync(ct);
            }
        }

        if (aggregates.Count == 0)
        {
            return;
        }

        await using var upsert = Command(
            "INSERT INTO sensing_aggregates (datastream_id, resolution, bucket_start, count, sum, min, max) VALUES ($d, $r, $b, $c, $s, $lo, $hi) "
            + "ON CONFLICT (datastream_id, resolution, bucket_start) DO UPDATE SET count = count + excluded.count, sum = sum + excluded.sum, "
            + "min = MIN(min, excluded.min), max = MAX(max, excluded.max)");
        var ad = upsert.Parameters.Add("$d", SqliteType.Integer);
        var ar = upsert.Parameters.Add("$r", SqliteType.Integer);
        var ab = upsert.Parameters.Add("$b", SqliteType.Integer);
        var ac = upsert.Parameters.Add("$c", SqliteType.Integer);
        var asum = upsert.Parameters.Add("$s", SqliteType.Real);
        var alo = upsert.Parameters.Add("$lo", SqliteType.Real);
        var ahi = upsert.Parameters.Add("$hi", SqliteType.Real);
        foreach (var a in aggregates)
        {
            ad.Value = a.DatastreamId;
            ar.Value = a.Resolution;
            ab.Value = ToStored(a.BucketStart);
            ac.Value = a.Count;
            asum.Value = a.Sum;
            alo.Value = a.Min;
            ahi.Value = a.Max;
            await upsert.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>SQLITE_CONSTRAINT (19) and SQLITE_MISMATCH (20): the rows' fault.</summary>
    public bool IsDataError(Exception e) => e is SqliteException { SqliteErrorCode: 19 or 20 };

    /// <summary>SQLITE_BUSY (5) and SQLITE_LOCKED (6).</summary>
    public bool IsTransient(Exception e) => e is SqliteException { SqliteErrorCode: 5 or 6 };

    public async ValueTask DisposeAsync()
    {
        await RollbackAsync();
        await connection.DisposeAsync();
    }

    private SqliteCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
