using System.Collections.Concurrent;
using System.Globalization;
using Npgsql;

namespace Stadtkern.Features.Sensing.Ingest;

/// <summary>
/// PostgreSQL: creates the monthly partitions <c>sensing_observations_yYYYYmMM</c> (UTC months of phenomenon time) before a
/// batch needs them. Known partitions are cached; several instances may create the same one at once, so creation runs under
/// a transaction-scoped advisory lock with <c>IF NOT EXISTS</c>. Months far from now (more than 20 years back or 2 years
/// ahead) get no partition and their rows land in the DEFAULT partition, as do rows of a month whose partition could not be
/// created (e.g. because the DEFAULT partition already holds rows of that month): never lost.
/// </summary>
internal sealed partial class ObservationPartitions(TimeProvider clock, ILogger<ObservationPartitions> logger)
{
    private const long AdvisoryLockKey = 0x5374_6B4F_6273; // "StkObs"
    private readonly ConcurrentDictionary<(int Year, int Month), bool> known = new();
    private NpgsqlDataSource? source;

    public void Use(NpgsqlDataSource dataSource) => source ??= dataSource;

    public static string NameOf(int year, int month) => string.Create(CultureInfo.InvariantCulture, $"sensing_observations_y{year:D4}m{month:D2}");

    /// <summary>Forgets a partition (after retention dropped it).</summary>
    public void Forget(int year, int month) => known.TryRemove((year, month), out _);

    public async Task EnsureAsync(IReadOnlyList<ObservationRow> rows, CancellationToken ct)
    {
        HashSet<(int, int)>? needed = null;
        foreach (var row in rows)
        {
            var t = row.PhenomenonTimeStart.UtcDateTime;
            if (!known.ContainsKey((t.Year, t.Month)))
            {
                (needed ??= []).Add((t.Year, t.Month));
            }
        }

        if (needed is null || source is null)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var earliest = new DateTime(now.Year - 20, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var latest = new DateTime(now.Year + 2, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (var (year, month) in needed.Order())
        {
            var start = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Utc);
            if (start < earliest || start > latest)
            {
                known[(year, month)] = false;
                continue;
            }

            known[(year, month)] = await CreateAsync(year, month, ct);
        }
    }

    private async Task<bool> CreateAsync(int year, int month, CancellationToken ct)
    {
        var start = new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero);
        var end = start.AddMonths(1);
        var name = NameOf(year, month);
        await using var connection = await source!.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        try
        {
            await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", connection, transaction))
            {
                await lockCommand.ExecuteNonQueryAsync(ct);
            }

            // Bounds are our own UTC instants, formatted invariantly; the name is built from two integers.
            var sql = string.Create(CultureInfo.InvariantCulture,
                $"CREATE TABLE IF NOT EXISTS {name} PARTITION OF sensing_observations FOR VALUES FROM ('{start:yyyy-MM-dd}T00:00:00Z') TO ('{end:yyyy-MM-dd}T00:00:00Z')");
            await using (var create = new NpgsqlCommand(sql, connection, transaction))
            {
                await create.ExecuteNonQueryAsync(ct);
            }

            await transaction.CommitAsync(ct);
            return true;
        }
        catch (PostgresException e) when (e.SqlState is "23514" or "42P17" or "42P07")
        {
            // 23514: the DEFAULT partition already holds rows of this month; they stay there and so will new ones.
            await transaction.RollbackAsync(ct);
            LogNoPartition(name, e.MessageText);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No partition {Name}: {Reason}; its rows go to the DEFAULT partition")]
    private partial void LogNoPartition(string name, string reason);
}
