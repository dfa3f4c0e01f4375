using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Query;

/// <summary>A read statement that ran longer than <see cref="SensingOptions.QueryTimeoutSeconds"/> (answered with 503).</summary>
internal sealed class SensingQueryTimeoutException(int seconds)
    : Exception($"The query took longer than the limit of {seconds.ToString(CultureInfo.InvariantCulture)} s; narrow it with $filter, $top or fewer $expand.");

/// <summary>
/// Runs generated statements with the values of <see cref="SqlParameters"/> as real parameters and the configured time limit.
/// Writes, and every statement after <see cref="ShareContextConnection"/> (the writers call it), run on the EF connection of the
/// request, so they share its transaction. Other reads run on PostgreSQL through <see cref="SensingDataSource"/>, without
/// setting up an EF context; on SQLite always on the EF connection.
/// </summary>
internal sealed class SensingSql(IServiceProvider services, SensingDataSource reads, IOptions<SensingOptions> options)
{
    private StadtkernDb? db;
    private bool shareContext;

    public DatabaseProvider Provider => reads.Provider;

    private StadtkernDb Db => db ??= services.GetRequiredService<StadtkernDb>();

    public SqlParameters NewParameters() => new(Provider);

    /// <summary>False once <see cref="ShareContextConnection"/> was called: reads may then see a writer's uncommitted rows.</summary>
    public bool ReadsOutsideTransactions => !shareContext;

    /// <summary>From now on every statement runs on the context's connection, in its transaction if one is open.</summary>
    public SensingSql ShareContextConnection()
    {
        shareContext = true;
        return this;
    }

    public async Task<List<T>> ReadAsync<T>(string sql, SqlParameters parameters, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        var seconds = Math.Max(1, options.Value.QueryTimeoutSeconds);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(seconds));
        var own = !shareContext && reads.Reads is not null;
        DbConnection connection;
        if (own)
        {
            connection = await reads.Reads!.OpenConnectionAsync(cancellationToken);
        }
        else
        {
            await Db.Database.OpenConnectionAsync(cancellationToken);
            connection = Db.Database.GetDbConnection();
        }

        try
        {
            await using var command = Create(connection, own ? null : Db.Database.CurrentTransaction?.GetDbTransaction(), sql, parameters, seconds);
            await using var reader = await command.ExecuteReaderAsync(limit.Token);
            var rows = new List<T>();
            while (await reader.ReadAsync(limit.Token))
            {
                rows.Add(map(reader));
            }

            return rows;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsTimeout(e, limit.IsCancellationRequested))
        {
            throw new SensingQueryTimeoutException(seconds);
        }
        finally
        {
            if (own)
            {
                await connection.DisposeAsync();
            }
            else
            {
                await Db.Database.CloseConnectionAsync();
            }
        }
    }

    public async Task<long> ScalarAsync(string sql, SqlParameters parameters, CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(sql, parameters, r => r.IsDBNull(0) ? 0L : Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), cancellationToken);
        return rows.Count == 0 ? 0 : rows[0];
    }

    public async Task<int> ExecuteAsync(string sql, SqlParameters parameters, CancellationToken cancellationToken)
    {
        await Db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = Create(Db.Database.GetDbConnection(), Db.Database.CurrentTransaction?.GetDbTransaction(), sql, parameters,
                Math.Max(1, options.Value.QueryTimeoutSeconds));
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await Db.Database.CloseConnectionAsync();
        }
    }

    private static DbCommand Create(DbConnection connection, DbTransaction? transaction, string sql, SqlParameters parameters, int seconds)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = seconds;
        command.Transaction = transaction;
        parameters.AddTo(command);
        return command;
    }

    private static bool IsTimeout(Exception e, bool limitReached) =>
        limitReached && e is OperationCanceledException or DbException or TimeoutException
        || e is TimeoutException
        || e.InnerException is TimeoutException
        || (e is DbException db && db.SqlState == "57014");
}
