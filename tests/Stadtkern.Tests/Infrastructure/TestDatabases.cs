using Microsoft.Data.Sqlite;
using Npgsql;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Tests.Infrastructure;

/// <summary>Creates a fresh, empty database per test class on the requested provider.</summary>
public static class TestDatabases
{
    private static readonly string[] SqliteFiles = ["", "-wal", "-shm"];

    public static string? PostgresAdmin => Environment.GetEnvironmentVariable("STADTKERN_TEST_POSTGRES");

    private static bool PostgresRequired => Environment.GetEnvironmentVariable("STADTKERN_TEST_REQUIRE_POSTGRES") == "1";

    public static string? PostgresSkipReason =>
        string.IsNullOrEmpty(PostgresAdmin) && !PostgresRequired
            ? "PostgreSQL not configured: set STADTKERN_TEST_POSTGRES (scripts/test starts one)."
            : null;

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        var name = $"stk_test_{Guid.NewGuid():N}"[..24];
        if (provider == DatabaseProvider.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "stadtkern-tests");
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, name + ".db");
            return new TestDatabase(provider, new SqliteConnectionStringBuilder { DataSource = file }.ToString(), () =>
            {
                SqliteConnection.ClearAllPools();
                foreach (var suffix in SqliteFiles)
                {
                    File.Delete(file + suffix);
                }

                return Task.CompletedTask;
            });
        }

        var admin = PostgresAdmin ?? throw new InvalidOperationException("STADTKERN_TEST_POSTGRES is required (STADTKERN_TEST_REQUIRE_POSTGRES=1).");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
        return new TestDatabase(provider, connectionString, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        });
    }
}

public sealed class TestDatabase(DatabaseProvider provider, string connectionString, Func<Task> drop) : IAsyncDisposable
{
    public DatabaseProvider Provider { get; } = provider;

    public string ConnectionString { get; } = connectionString;

    public ValueTask DisposeAsync() => new(drop());
}
