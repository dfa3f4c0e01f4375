using Npgsql;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Ingest;

/// <summary>Opens a writer connection for the configured database (singleton; PostgreSQL connections from <see cref="SensingDataSource"/>).</summary>
internal sealed class ObservationSinks(SensingDataSource source, ObservationPartitions partitions)
{
    public DatabaseTarget Target => source.Target;

    public NpgsqlDataSource Postgres => source.Postgres ?? throw new InvalidOperationException("The sensor hub runs on SQLite; there is no PostgreSQL data source.");

    public async Task<IObservationSink> CreateAsync(CancellationToken ct)
    {
        if (Target.Provider == DatabaseProvider.Postgres)
        {
            partitions.Use(Postgres);
            return await PostgresObservationSink.OpenAsync(Postgres, partitions, ct);
        }

        return await SqliteObservationSink.OpenAsync(Target.ConnectionString, ct);
    }
}
