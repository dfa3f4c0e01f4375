using Npgsql;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Ingest;

/// <summary>Opens a writer connection for the configured database (singleton; owns the PostgreSQL data source).</summary>
internal sealed class ObservationSinks(DatabaseTarget target, ObservationPartitions partitions) : IAsyncDisposable
{
    private readonly Lazy<NpgsqlDataSource> postgres = new(() => NpgsqlDataSource.Create(target.ConnectionString));

    public DatabaseTarget Target => target;

    public NpgsqlDataSource Postgres => postgres.Value;

    public async Task<IObservationSink> CreateAsync(CancellationToken ct)
    {
        if (target.Provider == DatabaseProvider.Postgres)
        {
            partitions.Use(Postgres);
            return await PostgresObservationSink.OpenAsync(Postgres, partitions, ct);
        }

        return await SqliteObservationSink.OpenAsync(target.ConnectionString, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (postgres.IsValueCreated)
        {
            await postgres.Value.DisposeAsync();
        }
    }
}
