using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using Stadtkern.Features.Sensing.Query;
using Stadtkern.Features.Sensing.Query.Filter;
using Stadtkern.Features.Sensing.Schema;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Sensing.Filter;

/// <summary>
/// A migrated database (the real V0008 schema, created by starting the app once) with a small, fixed set of sensing rows,
/// and a helper that runs translated filters against it. One per provider, shared by the filter test classes.
/// </summary>
public sealed class FilterDatabase : IAsyncDisposable
{
    /// <summary>"now" for the filters: 2024-06-01T12:00:00Z.</summary>
    public static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The tenant of every seeded row.</summary>
    public static readonly Guid Tenant = Guid.Parse("11111111-2222-3333-4444-555555555555");

    private static readonly DateTimeOffsetToBinaryConverter TimeConverter = new();

    private readonly TestDatabase database;
    private readonly StadtkernFactory factory;
    private readonly DbConnection connection;

    private FilterDatabase(TestDatabase database, StadtkernFactory factory, DbConnection connection)
    {
        this.database = database;
        this.factory = factory;
        this.connection = connection;
    }

    public DatabaseProvider Provider => database.Provider;

    internal SensingFilterTranslator Translator { get; } = new(new FixedTime(Now));

    public static async Task<FilterDatabase> CreateAsync(DatabaseProvider provider)
    {
        var database = await TestDatabases.CreateAsync(provider);
        var factory = new StadtkernFactory(database);
        _ = factory.Services; // starts the host, which migrates
        DbConnection connection = provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(database.ConnectionString)
            : new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        if (connection is SqliteConnection sqlite)
        {
            SensingSqliteFunctions.Register(sqlite);
        }

        var result = new FilterDatabase(database, factory, connection);
        await result.SeedAsync();
        return result;
    }

    /// <summary>Runs <c>SELECT id FROM set WHERE filter ORDER BY orderBy, id</c> and returns the ids.</summary>
    internal async Task<long[]> IdsAsync(SensingEntitySet set, string? filter, string? orderBy = null, CancellationToken cancellationToken = default)
    {
        var parameters = new SqlParameters(Provider);
        var where = filter is null ? "" : " WHERE " + Translator.Translate(filter, set, "e", parameters, guard: null);
        var order = orderBy is null ? "e.id" : Translator.TranslateOrderBy(orderBy, set, "e", parameters, guard: null) + ", e.id";
        return await QueryIdsAsync($"SELECT e.id FROM {set.Table} e{where} ORDER BY {order}", parameters, cancellationToken);
    }

    internal async Task<long[]> QueryIdsAsync(string sql, SqlParameters parameters, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 10;
        parameters.AddTo(command);

        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return [.. ids];
    }

    public async ValueTask DisposeAsync()
    {
        await connection.DisposeAsync();
        await factory.DisposeAsync();
        await database.DisposeAsync();
    }

    private object Time(string iso)
    {
        var value = DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        return Provider == DatabaseProvider.Postgres ? value : TimeConverter.ConvertToProvider(value)!;
    }

    private async Task ExecuteAsync(string sql, params object?[] values)
    {
        await using var command = connection.CreateCommand();
        var json = Provider == DatabaseProvider.Postgres ? "::jsonb" : "";
        command.CommandText = sql.Replace("::jsonb", json, StringComparison.Ordinal);
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@v" + i.ToString(CultureInfo.InvariantCulture);
            parameter.Value = values[i] ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync();
    }

    private static readonly string[] Tables =
    [
        "sensing_observations", "sensing_datastreams", "sensing_thing_locations", "sensing_historical_location_locations",
        "sensing_historical_locations", "sensing_locations", "sensing_features_of_interest", "sensing_sensors",
        "sensing_observed_properties", "sensing_things",
    ];

    private async Task SeedAsync()
    {
        foreach (var table in Tables)
        {
            await ExecuteAsync($"DELETE FROM {table}");
        }

        var tenant = Provider == DatabaseProvider.Postgres ? (object)Tenant : Tenant.ToString().ToUpperInvariant();
        var created = Time("2024-01-01T00:00:00Z");

        async Task Thing(long id, string name, string description, string? properties) => await ExecuteAsync(
            "INSERT INTO sensing_things (id, tenant_id, name, description, properties, access_level, created, modified) VALUES (@v0, @v1, @v2, @v3, @v4::jsonb, 'public', @v5, @v5)",
            id, tenant, name, description, properties, created);
        await Thing(1, "Wetterstation Rathaus", "Dach des Rathauses", """{"owner":"Stadt","floors":3,"active":true,"tags":{"kind":"weather"},"list":[5,6]}""");
        await Thing(2, "Bodenfeuchte Park", "Stadtpark, Wiese", """{"owner":"BUND","floors":0,"active":false,"tags":{"kind":"soil"}}""");
        await Thing(3, "Parkhaus O'Neill", "Zählschleife", null);
        await Thing(4, "ÄUSSERE Straße", "Ümlaute", """{"owner":"stadt","floors":"drei"}""");

        async Task Location(long id, string name, string geometry, double minX, double minY, double maxX, double maxY) => await ExecuteAsync(
            "INSERT INTO sensing_locations (id, tenant_id, name, description, encoding_type, location, geometry, min_x, min_y, max_x, max_y) " +
            "VALUES (@v0, @v1, @v2, @v2, 'application/geo+json', @v3::jsonb, @v3::jsonb, @v4, @v5, @v6, @v7)",
            id, tenant, name, geometry, minX, minY, maxX, maxY);
        await Location(1, "Rathaus", """{"type":"Point","coordinates":[10.0,53.55]}""", 10.0, 53.55, 10.0, 53.55);
        await Location(2, "Park", """{"type":"Point","coordinates":[10.1,53.6]}""", 10.1, 53.6, 10.1, 53.6);
        await Location(3, "Parkhaus", """{"type":"Polygon","coordinates":[[[9.9,53.5],[10.2,53.5],[10.2,53.7],[9.9,53.7],[9.9,53.5]]]}""", 9.9, 53.5, 10.2, 53.7);
        await Location(4, "Straße", """{"type":"LineString","coordinates":[[11.0,54.0],[11.0,54.3]]}""", 11.0, 54.0, 11.0, 54.3);
        foreach (var (thing, location) in new[] { (1L, 1L), (2L, 2L), (3L, 3L), (4L, 4L), (1L, 3L) })
        {
            await ExecuteAsync("INSERT INTO sensing_thing_locations (thing_id, location_id) VALUES (@v0, @v1)", thing, location);
        }

        await ExecuteAsync("INSERT INTO sensing_historical_locations (id, tenant_id, thing_id, time) VALUES (1, @v0, 1, @v1)", tenant, Time("2023-12-31T10:00:00Z"));
        await ExecuteAsync("INSERT INTO sensing_historical_locations (id, tenant_id, thing_id, time) VALUES (2, @v0, 2, @v1)", tenant, Time("2024-02-01T10:00:00Z"));
        await ExecuteAsync("INSERT INTO sensing_historical_location_locations (historical_location_id, location_id) VALUES (1, 1), (2, 2)");

        await ExecuteAsync("INSERT INTO sensing_sensors (id, tenant_id, name, description, encoding_type, metadata) VALUES (1, @v0, 'DHT22', 'Temperatur', 'text/html', 'https://example.org/dht22')", tenant);
        await ExecuteAsync("INSERT INTO sensing_observed_properties (id, tenant_id, name, definition, description) VALUES (1, @v0, 'Lufttemperatur', 'http://vocab/temp', 'T'), (2, @v0, 'Bodenfeuchte', 'http://vocab/soil', 'S')", tenant);

        async Task Datastream(long id, string name, long thing, long property, string? properties, string? observedArea, object? start, object? end) => await ExecuteAsync(
            "INSERT INTO sensing_datastreams (id, tenant_id, name, description, observation_type, unit_of_measurement, observed_area, phenomenon_time_start, phenomenon_time_end, properties, thing_id, sensor_id, observed_property_id, observation_count, created, modified) " +
            "VALUES (@v0, @v1, @v2, @v2, 'OM_Measurement', @v3::jsonb, @v4::jsonb, @v5, @v6, @v7::jsonb, @v8, 1, @v9, 0, @v10, @v10)",
            id, tenant, name, """{"name":"degree Celsius","symbol":"°C"}""", observedArea, start, end, properties, thing, property, created);
        await Datastream(1, "Temperatur Rathaus", 1, 1, """{"height":10}""", """{"type":"Point","coordinates":[10.0,53.55]}""", Time("2024-01-01T10:00:00Z"), Time("2024-03-01T00:00:00Z"));
        await Datastream(2, "Bodenfeuchte 30cm", 2, 2, """{"depth":30}""", """{"type":"Point","coordinates":[10.1,53.6]}""", Time("2024-01-02T06:00:00Z"), Time("2024-01-04T00:00:00Z"));
        await Datastream(3, "Status", 3, 1, null, null, null, null);

        await ExecuteAsync(
            "INSERT INTO sensing_features_of_interest (id, tenant_id, name, description, encoding_type, feature, geometry, min_x, min_y, max_x, max_y) " +
            "VALUES (1, @v0, 'Rathaus', 'Rathaus', 'application/geo+json', @v1::jsonb, @v1::jsonb, 10.0, 53.55, 10.0, 53.55)",
            tenant, """{"type":"Point","coordinates":[10.0,53.55]}""");

        async Task Observation(long id, long datastream, string start, string? end, int kind, double? number, string? text, string? json, string? parameters = null) => await ExecuteAsync(
            "INSERT INTO sensing_observations (id, datastream_id, phenomenon_time_start, phenomenon_time_end, result_time, result_kind, result_number, result_string, result_json, parameters, feature_of_interest_id, result_hash) " +
            "VALUES (@v0, @v1, @v2, @v3, @v2, @v4, @v5, @v6, @v7::jsonb, @v8::jsonb, 1, @v0)",
            id, datastream, Time(start), end is null ? null : Time(end), kind, number, text, json, parameters);
        await Observation(1, 1, "2024-01-01T10:00:00Z", null, 1, 12.5, null, null, """{"battery":3.7}""");
        await Observation(2, 1, "2024-02-15T23:30:15.25Z", null, 1, -3, null, null, """{"battery":3.1}""");
        await Observation(3, 1, "2024-03-01T00:00:00Z", null, 1, 20, null, null);
        await Observation(4, 2, "2024-01-02T06:00:00Z", null, 1, 35, null, null);
        await Observation(5, 2, "2024-01-03T00:00:00Z", "2024-01-04T00:00:00Z", 1, 40, null, null);
        await Observation(6, 3, "2024-01-05T12:00:00Z", null, 2, null, "offen", null);
        await Observation(7, 3, "2024-01-06T00:00:00Z", null, 3, 1, null, null);
        await Observation(8, 3, "2024-01-07T00:00:00Z", null, 4, null, null, """{"a":1,"b":"x"}""");
        await Observation(9, 3, "2024-01-08T00:00:00Z", null, 0, null, null, null);
    }
}

internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>Both databases, created on first use and shared by the filter test classes (they run one after another).</summary>
public sealed class FilterDatabases : IAsyncLifetime
{
    private readonly Dictionary<DatabaseProvider, FilterDatabase> databases = [];
    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task<FilterDatabase> GetAsync(DatabaseProvider provider)
    {
        await gate.WaitAsync();
        try
        {
            if (!databases.TryGetValue(provider, out var database))
            {
                database = await FilterDatabase.CreateAsync(provider);
                databases[provider] = database;
            }

            return database;
        }
        finally
        {
            gate.Release();
        }
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var database in databases.Values)
        {
            await database.DisposeAsync();
        }

        gate.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class FilterDatabaseGroup : ICollectionFixture<FilterDatabases>
{
    public const string Name = "Sensing filter databases";
}
