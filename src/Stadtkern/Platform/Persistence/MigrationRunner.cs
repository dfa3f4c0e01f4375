using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Stadtkern.Platform.Persistence;

/// <summary>One versioned, hand-written SQL migration for one provider.</summary>
internal sealed record MigrationScript(int Version, string Name, string Sql)
{
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));
}

/// <summary>A migration recorded in <c>schema_migrations</c>.</summary>
internal sealed record AppliedMigration(int Version, string Name, string Checksum);

/// <summary>
/// Applies the SQL scripts embedded as <c>…/Migrations/{Provider}/V{NNNN}__{name}.sql</c> (any feature
/// folder may carry its own) in version order, each in its own transaction, recording them in
/// <c>schema_migrations</c>. Several instances may start at once: PostgreSQL serialises them with an
/// advisory lock, SQLite with <c>BEGIN IMMEDIATE</c>. An applied script whose text changed stops the
/// start, because the database no longer matches what the code expects.
/// </summary>
internal sealed partial class MigrationRunner(StadtkernDb db, ILogger<MigrationRunner> logger, TimeProvider clock)
{
    private const long AdvisoryLockKey = 0x5374_6164_746B; // "Stadtk"

    [GeneratedRegex(@"\.Migrations\.(?<provider>Sqlite|Postgres)\.V(?<version>\d{4})__(?<name>[A-Za-z0-9_]+)\.sql$")]
    private static partial Regex ResourcePattern();

    public static IReadOnlyList<MigrationScript> Scripts(DatabaseProvider provider)
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = ResourcePattern().Match(resource);
            if (!match.Success || match.Groups["provider"].Value != provider.ToString())
            {
                continue;
            }

            scripts.Add(new MigrationScript(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                ReadResource(assembly, resource)));
        }

        var duplicate = scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two {provider} migrations share version {duplicate.Key}: {string.Join(", ", duplicate.Select(s => s.Name))}.");
        }

        return [.. scripts.OrderBy(s => s.Version)];
    }

    public DatabaseProvider Provider => db.Database.IsNpgsql() ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;

    /// <summary>Applies pending migrations up to <paramref name="targetVersion"/> (all when null); returns those applied now.</summary>
    public async Task<IReadOnlyList<MigrationScript>> MigrateAsync(int? targetVersion = null, CancellationToken cancellationToken = default)
    {
        var scripts = Scripts(Provider).Where(s => targetVersion is null || s.Version <= targetVersion).ToList();
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }

        var appliedNow = new List<MigrationScript>();
        var locked = false;
        try
        {
            if (Provider == DatabaseProvider.Postgres)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
                locked = true;
            }
            else
            {
                // WAL lets readers run while one writer commits; the setting is stored in the file.
                await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL", cancellationToken);
            }

            await CreateHistoryTableAsync(connection, cancellationToken);
            foreach (var script in scripts)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var applied = await ReadAppliedAsync(connection, transaction, cancellationToken);
                if (applied.TryGetValue(script.Version, out var existing))
                {
                    if (existing.Checksum != script.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration V{script.Version:D4} ({script.Name}) was changed after it was applied to this database. " +
                            "Applied migrations must never be edited; add a new migration instead.");
                    }

                    continue;
                }

                LogApplying(logger, Provider, script.Version, script.Name);
                await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
                await RecordAsync(connection, transaction, script, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                appliedNow.Add(script);
            }
        }
        finally
        {
            if (locked)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
            }

            if (opened)
            {
                await connection.CloseAsync();
            }
        }

        return appliedNow;
    }

    public async Task<IReadOnlyList<AppliedMigration>> AppliedAsync(CancellationToken cancellationToken = default)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }

        try
        {
            await CreateHistoryTableAsync(connection, cancellationToken);
            var applied = await ReadAppliedAsync(connection, null, cancellationToken);
            return [.. applied.Values.OrderBy(a => a.Version)];
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private async Task CreateHistoryTableAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var timestampType = Provider == DatabaseProvider.Postgres ? "timestamptz" : "TEXT";
        await ExecuteAsync(connection, null,
            $"CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at {timestampType} NOT NULL)",
            cancellationToken);
    }

    private static async Task<Dictionary<int, AppliedMigration>> ReadAppliedAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version, name, checksum FROM schema_migrations";
        var applied = new Dictionary<int, AppliedMigration>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var migration = new AppliedMigration(reader.GetInt32(0), reader.GetString(1), reader.GetString(2));
            applied[migration.Version] = migration;
        }

        return applied;
    }

    private async Task RecordAsync(DbConnection connection, DbTransaction transaction, MigrationScript script, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (@v, @n, @c, @t)";
        AddParameter(command, "@v", script.Version);
        AddParameter(command, "@n", script.Name);
        AddParameter(command, "@c", script.Checksum);
        AddParameter(command, "@t", Provider == DatabaseProvider.Postgres
            ? clock.GetUtcNow()
            : clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Provider} migration V{Version} ({Name})")]
    private static partial void LogApplying(ILogger logger, DatabaseProvider provider, int version, string name);
}
