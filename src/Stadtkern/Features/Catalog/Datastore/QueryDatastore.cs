using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using Stadtkern.Features.Catalog.Datastore.Sql;

namespace Stadtkern.Features.Catalog.Datastore;

/// <summary>The query ran longer than <see cref="DatastoreOptions.QueryTimeoutMilliseconds"/> and was stopped.</summary>
internal sealed class QueryTimeoutException(int milliseconds) : Exception($"Die Abfrage wurde nach {milliseconds} ms abgebrochen.");

/// <summary>
/// Runs read queries against datastore tables with a time limit: on PostgreSQL in a read-only transaction
/// with <c>SET LOCAL statement_timeout</c>, on SQLite by interrupting the connection when the time is up.
/// </summary>
internal sealed class QueryDatastore(DatastoreDatabase database, IOptions<DatastoreOptions> options)
{
    public int TimeoutMilliseconds => options.Value.QueryTimeoutMilliseconds;

    /// <summary>Runs the query and returns at most <paramref name="maxRows"/> rows (values already JSON-friendly) and whether more were there.</summary>
    public async Task<(List<object?[]> Rows, bool Truncated)> RunAsync(RenderedQuery query, int maxRows, CancellationToken cancellationToken)
    {
        var rows = new List<object?[]>();
        var truncated = false;
        await foreach (var row in StreamAsync(query, cancellationToken, TimeoutMilliseconds))
        {
            if (rows.Count == maxRows)
            {
                truncated = true;
                break;
            }

            rows.Add(row);
        }

        return (rows, truncated);
    }

    public async Task<long> ScalarAsync(RenderedQuery query, CancellationToken cancellationToken)
    {
        await foreach (var row in StreamAsync(query, cancellationToken, TimeoutMilliseconds))
        {
            return Convert.ToInt64(row[0], System.Globalization.CultureInfo.InvariantCulture);
        }

        return 0;
    }

    /// <summary>Streams the rows (for dumps pass no time limit).</summary>
    public async IAsyncEnumerable<object?[]> StreamAsync(RenderedQuery query, [EnumeratorCancellation] CancellationToken cancellationToken, int? timeoutMilliseconds = null)
    {
        var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (database.IsPostgres)
        {
            await using var setup = connection.CreateCommand();
            setup.Transaction = transaction;
            setup.CommandText = timeoutMilliseconds is { } ms
                ? $"SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = {ms}"
                : "SET TRANSACTION READ ONLY";
            await setup.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = query.Sql;
        foreach (var parameter in query.Parameters)
        {
            database.AddParameter(command, parameter.Name, parameter.Type, parameter.Value);
        }

        using var interrupt = !database.IsPostgres && timeoutMilliseconds is { } limit && connection is SqliteConnection sqlite
            ? new Timer(_ => SQLitePCL.raw.sqlite3_interrupt(sqlite.Handle), null, limit, Timeout.Infinite)
            : null;
        DbDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(cancellationToken);
        }
        catch (DbException e) when (IsTimeout(e))
        {
            throw new QueryTimeoutException(timeoutMilliseconds ?? 0);
        }

        await using (reader)
        {
            while (true)
            {
                try
                {
                    if (!await reader.ReadAsync(cancellationToken))
                    {
                        break;
                    }
                }
                catch (DbException e) when (IsTimeout(e))
                {
                    throw new QueryTimeoutException(timeoutMilliseconds ?? 0);
                }

                var values = new object?[query.Columns.Count];
                for (var i = 0; i < values.Length && i < reader.FieldCount; i++)
                {
                    values[i] = DatastoreDatabase.FromDb(reader.IsDBNull(i) ? null : reader.GetValue(i), query.Columns[i].Type);
                }

                yield return values;
            }
        }

        if (interrupt is not null)
        {
            await interrupt.DisposeAsync();
        }
    }

    private static bool IsTimeout(DbException e) =>
        e is PostgresException { SqlState: "57014" } || e is SqliteException { SqliteErrorCode: 9 };
}
