using Npgsql;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing;

/// <summary>
/// The one PostgreSQL data source (and connection pool) of the sensor hub outside the request's database context (singleton;
/// owns it): the observation writers' connections and the SensorThings reads that no transaction of the context is involved in.
/// A GET then needs no EF context at all: setting one up (its internal services, options, model lookup) cost more CPU than the
/// latest-value statement itself.
/// </summary>
/// <remarks>
/// Statements this source runs often are prepared on their connection (Npgsql's automatic preparation, <see cref="AutoPrepared"/>
/// per connection unless the connection string sets <c>Max Auto Prepare</c>): PostgreSQL then parses and plans the generated
/// SensorThings statement once instead of on every request, which was most of the database's work for the latest value of a
/// Datastream (planning a statement over the monthly partitions costs more than running it). Behind a connection pooler in
/// transaction mode that does not keep prepared statements (PgBouncer before 1.21), set <c>Max Auto Prepare=0</c>.
/// </remarks>
internal sealed class SensingDataSource(DatabaseTarget target) : IAsyncDisposable
{
    /// <summary>How many statements each connection keeps prepared (the most used ones) when the connection string does not say.</summary>
    public const int AutoPrepared = 64;

    private readonly Lazy<NpgsqlDataSource> postgres = new(() => NpgsqlDataSource.Create(Tuned(target.ConnectionString)));

    public DatabaseTarget Target => target;

    public DatabaseProvider Provider => target.Provider;

    /// <summary>The data source on PostgreSQL, null on SQLite (SQLite reads stay on the context's connection, which registers the filter functions).</summary>
    public NpgsqlDataSource? Postgres => target.Provider == DatabaseProvider.Postgres ? postgres.Value : null;

    /// <summary>
    /// The connection string with automatic preparation switched on and without the session reset on return to the pool, each
    /// unless the connection string already says otherwise.
    /// </summary>
    internal static string Tuned(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = AutoPrepared;
        }

        if (!given.Contains("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (postgres.IsValueCreated)
        {
            await postgres.Value.DisposeAsync();
        }
    }
}
