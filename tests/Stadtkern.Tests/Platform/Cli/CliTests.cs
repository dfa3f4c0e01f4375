using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Platform.Cli;

/// <summary>
/// The operator commands, run as the real executable in a separate process. Few and coarse on purpose:
/// every run costs a process start (about a second).
/// </summary>
public sealed class CliTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task Migrate_applies_every_migration_and_status_lists_them(DatabaseProvider db)
    {
        await using var database = await TestDatabases.CreateAsync(db);
        using var cli = new StadtkernProcess(db, database.ConnectionString);
        var expected = MigrationRunner.Scripts(db).Select(s => $"V{s.Version:D4} {s.Name}").ToArray();

        var migrate = await cli.RunAsync(["migrate"]);
        var status = await cli.RunAsync(["migrate", "--status"]);

        migrate.ExitCode.ShouldBe(0, migrate.ToString());
        migrate.StdoutLines.ShouldBe(expected);
        migrate.StdoutLines.Take(2).ShouldBe(["V0001 tenants", "V0002 accounts"]);
        migrate.Stderr.ShouldContain($"Applied {expected.Length} migration(s).");
        status.ExitCode.ShouldBe(0, status.ToString());
        status.StdoutLines.ShouldBe(expected);
        status.Stderr.ShouldNotContain("Applied");
    }

    [Theory, DatabaseData]
    public async Task Token_create_prints_only_the_token_and_the_api_accepts_it(DatabaseProvider db)
    {
        await using var database = await TestDatabases.CreateAsync(db);
        using var cli = new StadtkernProcess(db, database.ConnectionString);

        var seed = await cli.RunAsync(["demo", "seed"]);
        var create = await cli.RunAsync(["token", "create", "--tenant", "demo", "--role", "admin"]);

        seed.ExitCode.ShouldBe(0, seed.ToString());
        seed.Stdout.ShouldBeEmpty();
        create.ExitCode.ShouldBe(0, create.ToString());
        // Exactly one line, the token, so that TOKEN=$(stadtkern token create ...) works.
        create.Stdout.ShouldMatch("^stk_[A-Za-z0-9_-]{43}\n$");
        var token = create.Stdout.TrimEnd('\n');

        await using var app = new StadtkernFactory(database);
        var response = await app.ClientWithToken(token).GetAsync("/api/tenants", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct))[0].GetProperty("slug").GetString().ShouldBe("demo");
    }

    [Theory, DatabaseData]
    public async Task Tenant_create_then_list_json_shows_the_new_tenant(DatabaseProvider db)
    {
        await using var database = await TestDatabases.CreateAsync(db);
        using var cli = new StadtkernProcess(db, database.ConnectionString);

        var create = await cli.RunAsync(["tenant", "create", "--slug", "konstanz", "--name", "Konstanz", "--ars", "083350043043", "--ags", "08335043", "--modules", "reports, catalog"]);
        var list = await cli.RunAsync(["tenant", "list", "--json"]);

        create.ExitCode.ShouldBe(0, create.ToString());
        create.Stdout.ShouldBe("konstanz\n");
        list.ExitCode.ShouldBe(0, list.ToString());
        var tenants = JsonSerializer.Deserialize<JsonElement>(list.Stdout);
        var tenant = tenants.EnumerateArray().ShouldHaveSingleItem();
        tenant.GetProperty("slug").GetString().ShouldBe("konstanz");
        tenant.GetProperty("name").GetString().ShouldBe("Konstanz");
        tenant.GetProperty("ags").GetString().ShouldBe("08335043");
        tenant.GetProperty("modules").EnumerateArray().Select(m => m.GetString()).ShouldBe(["catalog", "reports"]);
        tenant.GetProperty("homePath").GetString().ShouldBe("/t/konstanz/");
    }

    [Fact]
    public async Task Tenant_create_with_invalid_keys_fails_with_the_reasons_on_stderr()
    {
        await using var database = await TestDatabases.CreateAsync(DatabaseProvider.Sqlite);
        using var cli = new StadtkernProcess(DatabaseProvider.Sqlite, database.ConnectionString);

        var create = await cli.RunAsync(["tenant", "create", "--slug", "konstanz", "--name", "Konstanz", "--ars", "083350043043", "--ags", "08335044"]);

        create.ExitCode.ShouldNotBe(0);
        create.Stdout.ShouldBeEmpty();
        create.Stderr.ShouldContain("ags: AGS passt nicht zum ARS");
    }

    [Fact]
    public async Task Token_create_for_an_unknown_tenant_fails_on_stderr_and_prints_nothing()
    {
        await using var database = await TestDatabases.CreateAsync(DatabaseProvider.Sqlite);
        using var cli = new StadtkernProcess(DatabaseProvider.Sqlite, database.ConnectionString);

        var create = await cli.RunAsync(["token", "create", "--tenant", "nope", "--role", "admin"]);

        create.ExitCode.ShouldNotBe(0);
        create.Stdout.ShouldBeEmpty();
        create.Stderr.ShouldContain("error: Unknown tenant 'nope'");
    }

    [Fact]
    public async Task Token_create_with_an_unknown_role_is_rejected_before_the_database_is_touched()
    {
        var file = Path.Combine(Path.GetTempPath(), "stadtkern-tests", $"never-{Guid.NewGuid():N}.db");
        using var cli = new StadtkernProcess(DatabaseProvider.Sqlite, $"Data Source={file}");

        var create = await cli.RunAsync(["token", "create", "--tenant", "demo", "--role", "bogus"]);

        create.ExitCode.ShouldNotBe(0);
        create.Stdout.ShouldBeEmpty(); // the usage help goes to stderr with the error
        create.Stderr.ShouldContain("'bogus'");
        create.Stderr.ShouldContain("data-steward");
        File.Exists(file).ShouldBeFalse();
    }

    [Fact]
    public async Task User_create_takes_the_password_from_STADTKERN_PASSWORD_and_grants_the_role()
    {
        await using var database = await TestDatabases.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new StadtkernFactory(database);
        _ = app.Services; // migrates and seeds the demo city
        using var cli = new StadtkernProcess(DatabaseProvider.Sqlite, database.ConnectionString);
        const string Password = "ein-langes-Passwort-42";

        var withoutPassword = await cli.RunAsync(["user", "create", "--tenant", "demo", "--email", "anna@musterstadt.example", "--role", "staff"]);
        var created = await cli.RunAsync(
            ["user", "create", "--tenant", "demo", "--email", "anna@musterstadt.example", "--role", "staff", "--name", "Anna Amt"],
            new Dictionary<string, string> { ["STADTKERN_PASSWORD"] = Password });

        withoutPassword.ExitCode.ShouldNotBe(0);
        withoutPassword.Stderr.ShouldContain("No password");
        created.ExitCode.ShouldBe(0, created.ToString());
        created.Stdout.ShouldBeEmpty();

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var user = (await users.FindByEmailAsync("anna@musterstadt.example")).ShouldNotBeNull();
        user.DisplayName.ShouldBe("Anna Amt");
        (await users.CheckPasswordAsync(user, Password)).ShouldBeTrue();
        (await users.CheckPasswordAsync(user, "falsch")).ShouldBeFalse();
        var roles = await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Memberships
            .Where(m => m.UserId == user.Id).Select(m => m.Role).ToListAsync(Ct);
        roles.ShouldBe([Roles.Staff]);
    }

    [Fact]
    public async Task Migrate_refuses_a_database_whose_applied_migration_was_edited()
    {
        await using var database = await TestDatabases.CreateAsync(DatabaseProvider.Sqlite);
        using var cli = new StadtkernProcess(DatabaseProvider.Sqlite, database.ConnectionString);
        (await cli.RunAsync(["migrate"])).ExitCode.ShouldBe(0);
        await using (var connection = new SqliteConnection(database.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var tamper = connection.CreateCommand();
            tamper.CommandText = "UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1";
            (await tamper.ExecuteNonQueryAsync(Ct)).ShouldBe(1);
        }

        var again = await cli.RunAsync(["migrate"]);

        again.ExitCode.ShouldNotBe(0);
        again.Stderr.ShouldContain("error: Migration V0001 (tenants) was changed after it was applied");
    }

    [Fact]
    public async Task Help_lists_every_command_on_stdout()
    {
        using var cli = new StadtkernProcess(DatabaseProvider.Sqlite, "Data Source=unused.db");

        var help = await cli.RunAsync(["--help"]);

        help.ExitCode.ShouldBe(0, help.ToString());
        foreach (var command in new[] { "serve", "migrate", "schema", "token", "user", "tenant", "demo" })
        {
            help.StdoutLines.ShouldContain(l => l.StartsWith(command + " ", StringComparison.Ordinal), command);
        }

        File.Exists(Path.Combine(cli.WorkingDirectory, "unused.db")).ShouldBeFalse();
    }
}
