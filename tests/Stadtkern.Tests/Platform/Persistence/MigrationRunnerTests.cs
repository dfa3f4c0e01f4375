using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Platform.Persistence;

/// <summary>
/// The hand-written migrations on fresh, empty databases (no fixture: every test needs a database
/// that nothing has migrated yet).
/// </summary>
public sealed class MigrationRunnerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task Upgrading_from_version_1_keeps_existing_rows_and_version_2_tables_work(DatabaseProvider db)
    {
        await using var fresh = await FreshDatabase.CreateAsync(db);
        var tenantId = Guid.NewGuid();
        var departmentId = Guid.NewGuid();
        var createdAt = new DateTimeOffset(2024, 3, 1, 8, 30, 0, TimeSpan.Zero);

        await using (var scope = fresh.Services.CreateAsyncScope())
        {
            var runner = scope.ServiceProvider.GetRequiredService<MigrationRunner>();
            (await runner.MigrateAsync(1, Ct)).Select(s => s.Version).ShouldBe([1]);

            var database = scope.ServiceProvider.GetRequiredService<StadtkernDb>().Database;
            (await TableExistsAsync(database, db, "tenants")).ShouldBeTrue();
            (await TableExistsAsync(database, db, "api_tokens")).ShouldBeFalse();

            // Written as version 1 knew it, without the current model.
            object id = db == DatabaseProvider.Sqlite ? tenantId.ToString().ToUpperInvariant() : tenantId;
            object department = db == DatabaseProvider.Sqlite ? departmentId.ToString().ToUpperInvariant() : departmentId;
            object at = db == DatabaseProvider.Sqlite ? new DateTimeOffsetToBinaryConverter().ConvertToProvider(createdAt)! : createdAt;
            await database.ExecuteSqlRawAsync(
                """
                INSERT INTO tenants (id, slug, name, ars, ags, contact_name, contact_email, contact_phone, contact_website,
                                     branding_logo_url, branding_primary_color, branding_description, modules, created_at, updated_at)
                VALUES ({0}, 'altstadt', 'Altstadt', '083350043043', '08335043', 'Rathaus', 'rathaus@altstadt.example', NULL, NULL,
                        NULL, '#005a8c', NULL, 'catalog,reports', {1}, {1})
                """,
                [id, at],
                Ct);
            await database.ExecuteSqlRawAsync(
                "INSERT INTO departments (id, tenant_id, key, name, email) VALUES ({0}, {1}, 'tiefbau', 'Tiefbauamt', NULL)",
                [department, id],
                Ct);
        }

        TenantInfo info;
        await using (var scope = fresh.Services.CreateAsyncScope())
        {
            var applied = await scope.ServiceProvider.GetRequiredService<MigrationRunner>().MigrateAsync(cancellationToken: Ct);
            applied.Select(s => s.Version).ShouldBe(MigrationRunner.Scripts(db).Where(s => s.Version > 1).Select(s => s.Version));

            var tenant = await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Tenants
                .IgnoreQueryFilters().Include(t => t.Departments).AsNoTracking().SingleAsync(Ct);
            tenant.Id.ShouldBe(tenantId);
            tenant.Slug.ShouldBe("altstadt");
            tenant.Contact.Email.ShouldBe("rathaus@altstadt.example");
            tenant.Modules.ShouldBe([Module.Catalog, Module.Reports]);
            tenant.CreatedAt.ShouldBe(createdAt);
            tenant.Departments.ShouldHaveSingleItem().Id.ShouldBe(departmentId);
            info = TenantInfo.From(tenant, isDefault: false);
        }

        string secret;
        await using (var scope = fresh.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(info);
            secret = (await scope.ServiceProvider.GetRequiredService<AccountService>().CreateTokenAsync(Roles.Admin, "after upgrade", null, Ct)).Secret;
        }

        using var client = fresh.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var response = await client.GetAsync("/t/altstadt/api/tenants/altstadt", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<TenantBody>(Ct);
        body.ShouldNotBeNull().Name.ShouldBe("Altstadt");
        body.Departments.ShouldHaveSingleItem().Key.ShouldBe("tiefbau");
    }

    [Theory, DatabaseData]
    public async Task Migrating_twice_applies_nothing_the_second_time(DatabaseProvider db)
    {
        await using var fresh = await FreshDatabase.CreateAsync(db);
        var all = MigrationRunner.Scripts(db);

        await using var scope = fresh.Services.CreateAsyncScope();
        var runner = scope.ServiceProvider.GetRequiredService<MigrationRunner>();
        (await runner.MigrateAsync(cancellationToken: Ct)).Select(s => s.Version).ShouldBe(all.Select(s => s.Version));
        (await runner.MigrateAsync(cancellationToken: Ct)).ShouldBeEmpty();

        var applied = await runner.AppliedAsync(Ct);
        applied.Select(a => (a.Version, a.Name, a.Checksum)).ShouldBe(all.Select(s => (s.Version, s.Name, s.Checksum)));
    }

    [Theory, DatabaseData]
    public async Task Two_instances_migrating_at_once_apply_each_migration_exactly_once(DatabaseProvider db)
    {
        await using var fresh = await FreshDatabase.CreateAsync(db);
        await using var first = fresh.Services.CreateAsyncScope();
        await using var second = fresh.Services.CreateAsyncScope();

        var results = await Task.WhenAll(
            Task.Run(() => first.ServiceProvider.GetRequiredService<MigrationRunner>().MigrateAsync(cancellationToken: Ct), Ct),
            Task.Run(() => second.ServiceProvider.GetRequiredService<MigrationRunner>().MigrateAsync(cancellationToken: Ct), Ct));

        results.SelectMany(r => r).Select(s => s.Version).Order()
            .ShouldBe(MigrationRunner.Scripts(db).Select(s => s.Version));
        (await first.ServiceProvider.GetRequiredService<MigrationRunner>().AppliedAsync(Ct)).Count
            .ShouldBe(MigrationRunner.Scripts(db).Count);
    }

    [Theory, DatabaseData]
    public async Task An_applied_migration_whose_checksum_changed_stops_the_migration_with_a_clear_message(DatabaseProvider db)
    {
        await using var fresh = await FreshDatabase.CreateAsync(db);
        await using (var scope = fresh.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MigrationRunner>().MigrateAsync(cancellationToken: Ct);
            await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Database
                .ExecuteSqlRawAsync("UPDATE schema_migrations SET checksum = 'edited-by-hand' WHERE version = 1", Ct);
        }

        await using (var scope = fresh.Services.CreateAsyncScope())
        {
            var error = await Should.ThrowAsync<InvalidOperationException>(
                () => scope.ServiceProvider.GetRequiredService<MigrationRunner>().MigrateAsync(cancellationToken: Ct));

            error.Message.ShouldContain("V0001");
            error.Message.ShouldContain("tenants");
            error.Message.ShouldContain("changed after it was applied");
        }
    }

    /// <summary>Columns that only SQL knows because the database generates them (PostgreSQL's search vector, PostGIS geometries).</summary>
    private static readonly HashSet<string> DatabaseComputedColumns = new(StringComparer.Ordinal)
    {
        "catalog_datasets.search_vector",
        "sensing_locations.geom",
        "sensing_features_of_interest.geom",
    };

    [Theory, DatabaseData]
    public async Task The_migrated_schema_has_every_table_and_column_of_the_model_with_the_same_nullability(DatabaseProvider db)
    {
        await using var fresh = await FreshDatabase.CreateAsync(db);
        await using var scope = fresh.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MigrationRunner>().MigrateAsync(cancellationToken: Ct);
        var context = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        var model = context.GetService<IDesignTimeModel>().Model.GetRelationalModel();

        var problems = new List<string>();
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync(Ct);
        foreach (var table in model.Tables)
        {
            var actual = await ColumnsAsync(connection, db, table.Name);
            if (actual.Count == 0)
            {
                problems.Add($"table {table.Name} is missing");
                continue;
            }

            foreach (var column in table.Columns)
            {
                if (!actual.TryGetValue(column.Name, out var found))
                {
                    problems.Add($"{table.Name}.{column.Name} is missing");
                    continue;
                }

                if (found.Nullable != column.IsNullable)
                {
                    problems.Add($"{table.Name}.{column.Name} is {(found.Nullable ? "NULL" : "NOT NULL")} in SQL but {(column.IsNullable ? "NULL" : "NOT NULL")} in the model");
                }

                if (!string.Equals(found.Type, column.StoreType, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{table.Name}.{column.Name} is {found.Type} in SQL but {column.StoreType} in the model");
                }
            }

            // A column only SQL knows would break inserts (NOT NULL) or be dead weight, unless the database computes it.
            foreach (var extra in actual.Keys.Except(table.Columns.Select(c => c.Name), StringComparer.Ordinal)
                         .Where(c => !DatabaseComputedColumns.Contains($"{table.Name}.{c}")))
            {
                problems.Add($"{table.Name}.{extra} is in SQL but not in the model");
            }
        }

        problems.ShouldBeEmpty();
        model.Tables.Select(t => t.Name).ShouldContain("tenants");
        model.Tables.Select(t => t.Name).ShouldContain("api_tokens");
    }

    private sealed record DbColumn(bool Nullable, string Type);

    private static async Task<Dictionary<string, DbColumn>> ColumnsAsync(DbConnection connection, DatabaseProvider db, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = db == DatabaseProvider.Sqlite
            ? "SELECT name, \"notnull\" = 0, type FROM pragma_table_info(@table)"
            : """
              SELECT column_name, is_nullable = 'YES',
                     CASE WHEN data_type = 'ARRAY' THEN format_type(udt_name::regtype, NULL) ELSE data_type END
                       || COALESCE('(' || character_maximum_length || ')', '')
              FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @table
              """;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@table";
        parameter.Value = table;
        command.Parameters.Add(parameter);

        var columns = new Dictionary<string, DbColumn>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            columns[reader.GetString(0)] = new DbColumn(reader.GetBoolean(1), reader.GetString(2));
        }

        return columns;
    }

    private static async Task<bool> TableExistsAsync(DatabaseFacade database, DatabaseProvider db, string table)
    {
        var count = db == DatabaseProvider.Sqlite
            ? await database.SqlQuery<long>($"SELECT count(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = {table}").SingleAsync(Ct)
            : await database.SqlQuery<long>($"SELECT count(*) AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public' AND table_name = {table}").SingleAsync(Ct);
        return count == 1;
    }

    private sealed record TenantBody(string Name, List<DepartmentBody> Departments);

    private sealed record DepartmentBody(string Key);

    /// <summary>An empty database and a service over it that does not migrate on start.</summary>
    private sealed class FreshDatabase : IAsyncDisposable
    {
        private readonly StadtkernFactory parent;

        private FreshDatabase(TestDatabase database)
        {
            Database = database;
            parent = new StadtkernFactory(database);
            Factory = parent.WithWebHostBuilder(b => b.UseSetting("Database:MigrateOnStart", "false"));
        }

        public TestDatabase Database { get; }

        public WebApplicationFactory<Program> Factory { get; }

        public IServiceProvider Services => Factory.Services;

        public static async Task<FreshDatabase> CreateAsync(DatabaseProvider provider) => new(await TestDatabases.CreateAsync(provider));

        public async ValueTask DisposeAsync()
        {
            await Factory.DisposeAsync();
            await parent.DisposeAsync();
            await Database.DisposeAsync();
        }
    }
}
