using Npgsql;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing;

/// <summary>
/// The one PostgreSQL data source (and connection pool) of the sensor hub outside the request's database context (singleton;
/// owns it): the observation writers' connections and the SensorThings reads that no transaction of the context is involved in.
/// A GET then needs no EF context at all: setting one up (its internal services, options, model lookup) cost more CPU than the
/// latest-value statement itself.
/// </summary>
internal sealed class SensingDataSource(DatabaseTarget target) : IAsyncDisposable
{
    private readonly Lazy<NpgsqlDataSource> postgres = new(() => NpgsqlDataSource.Create(target.ConnectionString));

    public DatabaseTarget Target => target;

    public DatabaseProvider Provider => target.Provider;

    /// <summary>The data source on PostgreSQL, null on SQLite (SQLite reads stay on the context's connection, which registers the filter functions).</summary>
    public NpgsqlDataSource? Postgres => target.Provider == DatabaseProvider.Postgres ? postgres.Value : null;

    public async ValueTask DisposeAsync()
    {
        if (postgres.IsValueCreated)
        {
            await postgres.Value.DisposeAsync();
        }
    }
}
