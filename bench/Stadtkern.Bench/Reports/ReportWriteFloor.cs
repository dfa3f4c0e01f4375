using System.Data.Common;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Npgsql;
using Stadtkern.Features.Sensing.Ingest;

namespace Stadtkern.Bench.Reports;

/// <summary>
/// The write-side floor of Open311 POST: what the database alone costs to make a report durable. <c>clients</c> closed-loop workers
/// (as many as the POST phase had, for as long), each on its own connection, insert rows into <c>reports</c> with the columns a POST
/// fills, one transaction (one commit) per report,
/// straight through Npgsql / Microsoft.Data.Sqlite (plain parameterised commands, as EF sends them), no HTTP, no EF. Variant <c>withEvent</c> also inserts
/// the report's 'created' event in the same transaction (the least a POST has to store).
/// </summary>
internal static class ReportWriteFloor
{
    public static async Task<LatencyStats> RunAsync(
        string provider, string connectionString, int clients, TimeSpan warmup, TimeSpan duration, bool withEvent, CancellationToken ct)
    {
        var postgres = string.Equals(provider, "Postgres", StringComparison.OrdinalIgnoreCase);
        var connections = new DbConnection[clients];
        try
        {
            for (var c = 0; c < clients; c++)
            {
                connections[c] = Open(postgres, connectionString);
                await connections[c].OpenAsync(ct);
            }

            var (tenant, service) = await DemoIdsAsync(connections[0], ct);
            var name = withEvent ? "INSERT report + event, 1 transaction each" : "INSERT report, 1 transaction each";
            var (all, _) = await Load.RunAsync(name, clients, warmup, duration, async (client, _, token) =>
            {
                await InsertAsync(connections[client], postgres, tenant, service, withEvent, token);
                return "insert";
            }, ct);
            return all;
        }
        finally
        {
            foreach (var connection in connections.Where(c => c is not null))
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static DbConnection Open(bool postgres, string connectionString) =>
        postgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);

    private static async Task<(object Tenant, object Service)> DemoIdsAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT s.tenant_id, s.id FROM report_services s WHERE s.code = 'strassenschaden'";
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw new InvalidOperationException("The demo service 'strassenschaden' is missing (demo seed).");
        }

        return (reader.GetValue(0), reader.GetValue(1));
    }

    private static async Task InsertAsync(DbConnection connection, bool postgres, object tenant, object service, bool withEvent, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        object Time(DateTimeOffset t) => postgres ? t : SqliteObservationSink.ToStored(t);
        var returning = postgres ? " RETURNING id" : "; SELECT last_insert_rowid()";
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO reports (tenant_id, service_id, token, status, description, lat, lon, attributes, email, "
            + "department_id, routing_mode, requested_at, updated_at, source) VALUES (@tenant, @service, @token, 'open', @description, @lat, @lon, "
            + (postgres ? "@attributes::jsonb" : "@attributes") + ", 'bench@example.org', NULL, 'service', @now, @now, 'open311')" + returning;
        Add(insert, "@tenant", tenant);
        Add(insert, "@service", service);
        Add(insert, "@token", Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_'));
        Add(insert, "@description", "Schlagloch (Schreib-Untergrenze)");
        Add(insert, "@lat", 47.66);
        Add(insert, "@lon", 9.1753);
        Add(insert, "@attributes", """{"groesse":"mittel"}""");
        Add(insert, "@now", Time(now));
        var id = Convert.ToInt64(await insert.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        if (withEvent)
        {
            await using var created = connection.CreateCommand();
            created.Transaction = transaction;
            created.CommandText = "INSERT INTO report_events (tenant_id, report_id, at, actor, kind, to_value, is_public) "
                + "VALUES (@tenant, @report, @now, 'citizen', 'created', 'open', " + (postgres ? "TRUE" : "1") + ")";
            Add(created, "@tenant", tenant);
            Add(created, "@report", id);
            Add(created, "@now", Time(now));
            await created.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
