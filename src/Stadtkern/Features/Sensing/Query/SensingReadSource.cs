using Npgsql;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Query;

/// <summary>
/// The PostgreSQL connections that SensorThings reads use when no transaction of the request's database context is involved
/// (singleton; owns its data source and pool). A GET then needs no EF context at all: setting one up (its internal services,
/// options, model lookup) cost more CPU than the latest-value statement itself.
/// </summary>
internal sealed class SensingReadSource(DatabaseTarget target) : IAsyncDisposable
{
    private readonly Lazy<NpgsqlDataSource> postgres = new(() => NpgsqlDataSource.Create(target.ConnectionString));

    public DatabaseProvider Provider => target.Provider;

    /// <summary>The data source on PostgreSQL; SQLite reads stay on the context's connection (it registers the filter functions).</summary>
    public NpgsqlDataSource? Postgres => target.Provider == DatabaseProvider.Postgres ? postgres.Value : null;

    public async ValueTask DisposeAsync()
    {
        if (postgres.IsValueCreated)
        {
            await postgres.Value.DisposeAsync();
        }
    }
}
