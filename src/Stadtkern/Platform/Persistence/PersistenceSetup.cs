using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Stadtkern.Platform.Persistence;

internal static class PersistenceSetup
{
    public static IServiceCollection AddPersistence(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Read lazily from the final configuration, so hosts and test factories can override it late.
        services.AddSingleton(sp =>
        {
            var configuration = sp.GetRequiredService<IConfiguration>();
            var provider = ReadProvider(configuration);
            var connectionString = ConnectionStrings.Resolve(configuration, provider);
            return new DatabaseTarget(provider, provider == DatabaseProvider.Sqlite ? PrepareSqlite(connectionString) : connectionString);
        });

        services.AddDbContext<StadtkernDb>((sp, options) =>
        {
            var target = sp.GetRequiredService<DatabaseTarget>();
            var timeout = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.CommandTimeoutSeconds;
            switch (target.Provider)
            {
                case DatabaseProvider.Sqlite:
                    options.UseSqlite(target.ConnectionString, o => o.CommandTimeout(timeout));
                    break;
                case DatabaseProvider.Postgres:
                    options.UseNpgsql(target.ConnectionString, o => o.CommandTimeout(timeout));
                    break;
            }
        });
        services.AddScoped<MigrationRunner>();
        services.AddHostedService<DatabaseInitializer>();
        return services;
    }

    /// <summary>Reads <c>Database:Provider</c> with an error message an operator can act on.</summary>
    public static DatabaseProvider ReadProvider(IConfiguration configuration)
    {
        var value = configuration[$"{DatabaseOptions.Section}:Provider"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return DatabaseProvider.Sqlite;
        }

        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new InvalidOperationException($"Database__Provider is '{value}'; use 'Sqlite' (default) or 'Postgres'.");
    }

    /// <summary>Makes sure the folder of the SQLite file exists, so a fresh checkout starts without setup.</summary>
    private static string PrepareSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        return builder.ToString();
    }
}

/// <summary>Where data lives, for logs, health and the status page.</summary>
internal sealed record DatabaseTarget(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>A description without secrets: the SQLite file's full path, or PostgreSQL host and database.</summary>
    public string Describe()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            var builder = new SqliteConnectionStringBuilder(ConnectionString);
            return $"SQLite {Path.GetFullPath(builder.DataSource)}";
        }

        var npgsql = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL {npgsql.Host}:{npgsql.Port}/{npgsql.Database}";
    }
}
