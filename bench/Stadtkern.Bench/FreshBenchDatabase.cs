using Npgsql;

namespace Stadtkern.Bench;

/// <summary>An empty database for one benchmark run: a recreated PostgreSQL database on the server of
/// <c>STADTKERN_TEST_POSTGRES</c>, or a new SQLite file under <c>bench/.data/</c>.</summary>
internal static class FreshBenchDatabase
{
    public static async Task<string> CreateAsync(string provider, string repo, string name, CancellationToken ct)
    {
        if (provider == "Postgres")
        {
            var admin = Environment.GetEnvironmentVariable("STADTKERN_TEST_POSTGRES")
                ?? throw new InvalidOperationException("Set STADTKERN_TEST_POSTGRES (eval \"$(scripts/pg-start)\").");
            var database = "stadtkern_bench_" + name;
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync(ct);
            foreach (var sql in new[] { $"DROP DATABASE IF EXISTS {database} WITH (FORCE)", $"CREATE DATABASE {database}" })
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync(ct);
            }

            return new NpgsqlConnectionStringBuilder(admin) { Database = database }.ToString();
        }

        var file = Path.Combine(repo, "bench", ".data", name + ".db");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        foreach (var stale in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(stale);
        }

        return $"Data Source={file}";
    }
}
