using Npgsql;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing;

/// <summary>
/// The PostgreSQL data sources of the sensor hub outside the request's database context (singleton; owns them): one for the
/// observation writers and retention (<see cref="Postgres"/>, the connection string as configured) and one for the SensorThings
/// reads that no transaction of the context is involved in (<see cref="Reads"/>). A GET then needs no EF context at all: setting
/// one up (its internal services, options, model lookup) cost more CPU than the latest-value statement itself.
/// </summary>
/// <remarks>
/// Two pools, because the two kinds of statements want opposite things. The reads prepare the statements they run often
/// (Npgsql's automatic preparation, <see cref="AutoPrepared"/> per connection) and skip the session reset on return to the pool
/// (see <see cref="Tuned"/>): PostgreSQL then parses and plans the generated SensorThings statement once instead of on every
/// request, which was most of the database's work for the latest value of a Datastream. The writers' set-based batch statements
/// (<c>unnest</c> of arrays of a batch's size) are not prepared: when they were, HTTP ingest fell from 0.62 to 0.49 of the raw
/// COPY rate (2026-11-22, docs/sensing/query.md), most likely because a generic plan no longer sees how long the arrays are.
/// The reads also tell the planner that a random page costs little more than a sequential one (<see cref="ReadPlannerOptions"/>):
/// with PostgreSQL's default (4, for spinning disks) a 24 h window of a Datastream was read by a bitmap heap scan and sorted, and
/// cost PostgreSQL about a fifth more CPU than the index scan it chooses now (pgbench, 2026-11-22, docs/sensing/query.md).
/// Behind a connection pooler in transaction mode that does not keep prepared statements (PgBouncer before 1.21), set
/// <c>Max Auto Prepare=0</c> in the connection string; PgBouncer also refuses the <c>options</c> startup parameter unless
/// <c>ignore_startup_parameters</c> lists it: set <c>Options=</c> (empty) to send none.
/// </remarks>
internal sealed class SensingDataSource(DatabaseTarget target) : IAsyncDisposable
{
    /// <summary>How many statements each connection keeps prepared (the most used ones) when the connection string does not say.</summary>
    public const int AutoPrepared = 64;

    /// <summary>
    /// The session settings of the read connections when the connection string gives no <c>Options</c>: the planner's cost of a
    /// random page read as for data on SSD or in memory (the value PostgreSQL's documentation and most hosted services suggest).
    /// </summary>
    public const string ReadPlannerOptions = "-c random_page_cost=1.1";

    private readonly Lazy<NpgsqlDataSource> postgres = new(() => NpgsqlDataSource.Create(target.ConnectionString));
    private readonly Lazy<NpgsqlDataSource> reads = new(() => NpgsqlDataSource.Create(Tuned(target.ConnectionString)));

    public DatabaseTarget Target => target;

    public DatabaseProvider Provider => target.Provider;

    /// <summary>The writers' data source on PostgreSQL (the connection string as configured), null on SQLite.</summary>
    public NpgsqlDataSource? Postgres => target.Provider == DatabaseProvider.Postgres ? postgres.Value : null;

    /// <summary>
    /// The readers' data source on PostgreSQL (statements prepared, no reset), null on SQLite (SQLite reads stay on the context's
    /// connection, which registers the filter functions).
    /// </summary>
    public NpgsqlDataSource? Reads => target.Provider == DatabaseProvider.Postgres ? reads.Value : null;

    /// <summary>
    /// The connection string with automatic preparation switched on, without the session reset on return to the pool and with
    /// <see cref="ReadPlannerOptions"/>, each unless the connection string already says otherwise.
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

        // An empty "Options=" is how to send none (a builder drops empty values, so the text itself is asked).
        if (!System.Text.RegularExpressions.Regex.IsMatch(connectionString, @"(^|;)\s*Options\s*=", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
        {
            builder.Options = ReadPlannerOptions;
        }

        return builder.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (postgres.IsValueCreated)
        {
            await postgres.Value.DisposeAsync();
        }

        if (reads.IsValueCreated)
        {
            await reads.Value.DisposeAsync();
        }
    }
}
