using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Tests.Features.Sensing.Ingest;

/// <summary>
/// Arranges and checks sensing rows with plain SQL on either database (exact counts, no app code in between).
/// Times go in and come out as SQLite stores them through EF's converter.
/// </summary>
public sealed class SqlProbe(DatabaseProvider provider, string connectionString)
{
    private static readonly DateTimeOffsetToBinaryConverter Converter = new();

    public DatabaseProvider Provider => provider;

    public async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = provider == DatabaseProvider.Postgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<int> ExecuteAsync(string sql, params object?[] args)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql, args);
        return await command.ExecuteNonQueryAsync();
    }

    public async Task<object?> ScalarAsync(string sql, params object?[] args)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql, args);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    public async Task<long> CountAsync(string sql, params object?[] args) => Convert.ToInt64(await ScalarAsync(sql, args), System.Globalization.CultureInfo.InvariantCulture);

    public async Task<List<object?[]>> RowsAsync(string sql, params object?[] args)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql, args);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>A stored time as an instant (PostgreSQL gives DateTime UTC, SQLite the converter's long).</summary>
    public static DateTimeOffset? Time(object? value) => value switch
    {
        null => null,
        long binary => (DateTimeOffset)Converter.ConvertFromProvider(binary)!,
        DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
        DateTimeOffset dto => dto,
        _ => throw new InvalidOperationException("not a time: " + value.GetType()),
    };

    /// <summary>Creates a Thing, Sensor, ObservedProperty and a Datastream in the tenant; returns the Datastream's id.</summary>
    public async Task<long> CreateDatastreamAsync(Guid tenantId, int? retentionDays = null, string name = "Bodenfeuchte")
    {
        var now = DateTimeOffset.UtcNow;
        var thing = await InsertAsync("INSERT INTO sensing_things (tenant_id, name, description, access_level, created, modified) VALUES (@p0, @p1, '', 'public', @p2, @p2) RETURNING id",
            tenantId, "Messstation " + name, now);
        var sensor = await InsertAsync("INSERT INTO sensing_sensors (tenant_id, name, description, encoding_type, metadata) VALUES (@p0, 'SMT100', '', 'application/pdf', 'https://example.org/smt100.pdf') RETURNING id",
            tenantId);
        var property = await InsertAsync("INSERT INTO sensing_observed_properties (tenant_id, name, definition, description) VALUES (@p0, 'Bodenfeuchte', 'https://example.org/soil-moisture', '') RETURNING id",
            tenantId);
        return await InsertAsync(
            "INSERT INTO sensing_datastreams (tenant_id, name, description, observation_type, unit_of_measurement, thing_id, sensor_id, observed_property_id, observation_count, raw_retention_days, created, modified) "
            + "VALUES (@p0, @p1, '', 'http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement', @p2, @p3, @p4, @p5, 0, @p6, @p7, @p7) RETURNING id",
            tenantId, name, Json("{\"name\":\"Prozent\",\"symbol\":\"%\",\"definition\":\"http://unitsofmeasure.org/ucum.html#para-29\"}"), thing, sensor, property, retentionDays, now);
    }

    public async Task<long> CreateFeatureOfInterestAsync(Guid tenantId) =>
        await InsertAsync("INSERT INTO sensing_features_of_interest (tenant_id, name, description, encoding_type, feature) VALUES (@p0, 'Standort', '', 'application/geo+json', @p1) RETURNING id",
            tenantId, Json("{\"type\":\"Point\",\"coordinates\":[9.99,53.55]}"));

    private async Task<long> InsertAsync(string sql, params object?[] args) => Convert.ToInt64(await ScalarAsync(sql, args), System.Globalization.CultureInfo.InvariantCulture);

    private object Json(string text) => provider == DatabaseProvider.Postgres ? new JsonText(text) : text;

    private DbCommand Command(DbConnection connection, string sql, object?[] args)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < args.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case JsonText json when parameter is NpgsqlParameter npgsql:
                    npgsql.NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb;
                    npgsql.Value = json.Text;
                    break;
                case DateTimeOffset time:
                    parameter.Value = provider == DatabaseProvider.Sqlite ? Converter.ConvertToProvider(time.ToUniversalTime()) : time.ToUniversalTime();
                    break;
                case Guid guid:
                    parameter.Value = provider == DatabaseProvider.Sqlite ? guid.ToString().ToUpperInvariant() : guid;
                    break;
                default:
                    parameter.Value = args[i] ?? DBNull.Value;
                    break;
            }

            command.Parameters.Add(parameter);
        }

        return command;
    }

    private sealed record JsonText(string Text);
}
