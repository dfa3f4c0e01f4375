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
/// Runs generated statements through the EF connection (so they share its transaction, if any), with the values of
/// <see cref="SqlParameters"/> as real parameters and the configured time limit.
/// </summary>
internal sealed class SensingSql(StadtkernDb db, IOptions<SensingOptions> options)
{
    public DatabaseProvider Provider { get; } = db.Database.IsNpgsql() ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;

    public SqlParameters NewParameters() => new(Provider);

    public async Task<List<T>> ReadAsync<T>(string sql, SqlParameters parameters, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        var seconds = Math.Max(1, options.Value.QueryTimeoutSeconds);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(seconds));
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = Create(sql, parameters, seconds);
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
            await db.Database.CloseConnectionAsync();
        }
    }

    public async Task<long> ScalarAsync(string sql, SqlParameters parameters, CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(sql, parameters, r => r.IsDBNull(0) ? 0L : Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), cancellationToken);
        return rows.Count == 0 ? 0 : rows[0];
    }

    public async Task<int> ExecuteAsync(string sql, SqlParameters parameters, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = Create(sql, parameters, Math.Max(1, options.Value.QueryTimeoutSeconds));
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private DbCommand Create(string sql, SqlParameters parameters, int seconds)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = seconds;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var (name, value) in parameters.Values)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static bool IsTimeout(Exception e, bool limitReached) =>
        limitReached && e is OperationCanceledException or DbException or TimeoutException
        || e is TimeoutException
        || e.InnerException is TimeoutException
        || (e is DbException db && db.SqlState == "57014");
}
