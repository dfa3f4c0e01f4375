using System.Data.Common;
using System.Globalization;
using System.Text;
using Stadtkern.Features.Catalog.Datastore.Model;

namespace Stadtkern.Features.Catalog.Datastore;

/// <summary>A row ready to insert: its source number and one value per schema field (null for empty).</summary>
internal sealed record TypedRow(long Number, object?[] Values);

/// <summary>
/// Inserts rows into one datastore table in batches: one transaction per batch, prepared multi-row
/// <c>INSERT</c> statements. Should the database refuse a batch (a duplicate primary key), the batch is
/// retried row by row, each row behind a savepoint, so only the offending rows are rejected.
/// </summary>
internal sealed class RowWriter(DatastoreDatabase database, string table, DatastoreSchema schema) : IAsyncDisposable
{
    private readonly int rowsPerStatement = Math.Clamp(30000 / Math.Max(1, schema.Fields.Count), 1, 200);
    private DbCommand? full;
    private DbCommand? single;

    /// <summary>Writes the rows; returns the rows the database refused, with its reason.</summary>
    public async Task<List<RowError>> WriteAsync(IReadOnlyList<TypedRow> rows, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken);
        var failures = new List<RowError>();
        if (rows.Count == 0)
        {
            return failures;
        }

        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            try
            {
                for (var start = 0; start < rows.Count; start += rowsPerStatement)
                {
                    var count = Math.Min(rowsPerStatement, rows.Count - start);
                    var command = count == rowsPerStatement
                        ? full ??= await PrepareAsync(connection, count, cancellationToken)
                        : await PrepareAsync(connection, count, cancellationToken, prepare: false);
                    command.Transaction = transaction;
                    Bind(command, rows, start, count);
                    await command.ExecuteNonQueryAsync(cancellationToken);
                    if (command != full)
                    {
                        await command.DisposeAsync();
                    }
                }

                await transaction.CommitAsync(cancellationToken);
                return failures;
            }
            catch (DbException)
            {
                await transaction.RollbackAsync(cancellationToken);
            }
        }

        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            single ??= await PrepareAsync(connection, 1, cancellationToken);
            single.Transaction = transaction;
            for (var i = 0; i < rows.Count; i++)
            {
                await transaction.SaveAsync("ds_row", cancellationToken);
                try
                {
                    Bind(single, rows, i, 1);
                    await single.ExecuteNonQueryAsync(cancellationToken);
                    await transaction.ReleaseAsync("ds_row", cancellationToken);
                }
                catch (DbException e)
                {
                    await transaction.RollbackAsync("ds_row", cancellationToken);
                    failures.Add(new RowError(rows[i].Number, null, Explain(e)));
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return failures;
    }

    private static string Explain(DbException e) =>
        e is Npgsql.PostgresException { SqlState: "23505" } || e is Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 2067 or 1555 }
            ? "Der Primärschlüssel kommt doppelt vor."
            : "Die Datenbank hat die Zeile abgelehnt: " + e.Message;

    private async Task<DbCommand> PrepareAsync(DbConnection connection, int rows, CancellationToken cancellationToken, bool prepare = true)
    {
        var command = connection.CreateCommand();
        var sql = new StringBuilder("INSERT INTO ").Append(DatastoreDatabase.Quote(table)).Append(" (")
            .AppendJoin(", ", schema.Fields.Select(f => DatastoreDatabase.Quote(f.Id))).Append(") VALUES ");
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < schema.Fields.Count; c++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"@p{r}_{c}");
                sql.Append(c == 0 ? "" : ", ").Append(name);
                if (database.IsPostgres && schema.Fields[c].Type == DatastoreType.Geometry)
                {
                    sql.Append("::jsonb");
                }

                database.AddParameter(command, name, schema.Fields[c].Type, null);
            }

            sql.Append(')');
        }

        command.CommandText = sql.ToString();
        if (prepare)
        {
            await command.PrepareAsync(cancellationToken);
        }

        return command;
    }

    private void Bind(DbCommand command, IReadOnlyList<TypedRow> rows, int start, int count)
    {
        var columns = schema.Fields.Count;
        for (var r = 0; r < count; r++)
        {
            var values = rows[start + r].Values;
            for (var c = 0; c < columns; c++)
            {
                command.Parameters[(r * columns) + c].Value = database.ToDb(values[c], schema.Fields[c].Type);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (full is not null)
        {
            await full.DisposeAsync();
        }

        if (single is not null)
        {
            await single.DisposeAsync();
        }
    }
}
