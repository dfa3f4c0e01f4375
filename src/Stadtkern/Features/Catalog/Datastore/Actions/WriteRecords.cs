using System.Data.Common;
using System.Globalization;
using System.Text;
using Stadtkern.Features.Catalog.Ckan;
using Stadtkern.Features.Catalog.Datastore.Model;

namespace Stadtkern.Features.Catalog.Datastore.Actions;

/// <summary>
/// Writes records from the API into a table, all or nothing (one transaction): <c>insert</c>, <c>upsert</c>
/// (insert or update by the primary key) and <c>update</c> (the key must exist). Without a primary key,
/// <c>_id</c> in the records is the key.
/// </summary>
internal sealed class WriteRecords(DatastoreDatabase database)
{
    public async Task WriteAsync(DatastoreTable table, List<Dictionary<string, object?>> records, string method, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return;
        }

        var schema = table.Schema;
        var key = schema.PrimaryKey.Count > 0 ? schema.PrimaryKey : ["_id"];
        if (method != "insert")
        {
            for (var i = 0; i < records.Count; i++)
            {
                var missing = key.FirstOrDefault(k => !records[i].TryGetValue(k, out var v) || v is null);
                if (missing is not null)
                {
                    throw CkanException.Validation("records", string.Create(CultureInfo.InvariantCulture,
                        $"Datensatz {i + 1}: für {method} fehlt der Schlüssel „{missing}“{(schema.PrimaryKey.Count == 0 ? " (die Tabelle hat keinen Primärschlüssel)" : "")}."));
                }
            }
        }

        var types = schema.Fields.ToDictionary(f => f.Id, f => f.Type, StringComparer.Ordinal);
        types["_id"] = DatastoreType.Integer;
        var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            for (var i = 0; i < records.Count; i++)
            {
                var record = records[i];
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                var columns = record.Keys.ToList();
                var names = columns.Select((c, n) => string.Create(CultureInfo.InvariantCulture, $"@v{n}")).ToList();
                for (var n = 0; n < columns.Count; n++)
                {
                    database.AddParameter(command, names[n], types[columns[n]], record[columns[n]]);
                }

                var target = DatastoreDatabase.Quote(table.TableName);
                var insert = new StringBuilder($"INSERT INTO {target} (")
                    .AppendJoin(", ", columns.Select(DatastoreDatabase.Quote)).Append(") VALUES (").AppendJoin(", ", names).Append(')');
                var others = columns.Where(c => !key.Contains(c, StringComparer.Ordinal)).ToList();
                var keyMatch = string.Join(" AND ", key.Select(k => $"{DatastoreDatabase.Quote(k)} = {names[columns.IndexOf(k)]}"));
                command.CommandText = method switch
                {
                    "insert" => insert.ToString(),
                    "upsert" when others.Count == 0 => insert.Append(" ON CONFLICT (").AppendJoin(", ", key.Select(DatastoreDatabase.Quote)).Append(") DO NOTHING").ToString(),
                    "upsert" => insert.Append(" ON CONFLICT (").AppendJoin(", ", key.Select(DatastoreDatabase.Quote)).Append(") DO UPDATE SET ")
                        .AppendJoin(", ", others.Select(c => $"{DatastoreDatabase.Quote(c)} = excluded.{DatastoreDatabase.Quote(c)}")).ToString(),
                    _ when others.Count == 0 => $"SELECT 1 FROM {target} WHERE {keyMatch}",
                    _ => $"UPDATE {target} SET {string.Join(", ", others.Select(c => $"{DatastoreDatabase.Quote(c)} = {names[columns.IndexOf(c)]}"))} WHERE {keyMatch}",
                };
                var affected = method == "update" && others.Count == 0
                    ? (await command.ExecuteScalarAsync(cancellationToken) is null ? 0 : 1)
                    : await command.ExecuteNonQueryAsync(cancellationToken);
                if (method == "update" && affected == 0)
                {
                    throw CkanException.Validation("records", string.Create(CultureInfo.InvariantCulture,
                        $"Datensatz {i + 1}: den Schlüssel ({string.Join(", ", key.Select(k => DatastoreDatabase.Text(record[k])))}) gibt es nicht."));
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbException e)
        {
            await transaction.RollbackAsync(cancellationToken);
            throw CkanException.Validation("records", e is Npgsql.PostgresException { SqlState: "23505" } || e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 }
                ? "Ein Schlüssel kommt doppelt vor."
                : "Die Datenbank hat die Datensätze abgelehnt: " + e.Message);
        }
        catch (CkanException)
        {
            await transaction.RollbackAsync(cancellationToken);
            throw;
        }
    }
}
