using Stadtkern.Platform.Persistence;

namespace Stadtkern.Tests.Platform.Persistence;

/// <summary>The embedded scripts themselves, without a database.</summary>
public sealed class MigrationScriptTests
{
    [Fact]
    public void Both_providers_carry_the_same_migrations_numbered_from_1_without_gaps()
    {
        var sqlite = MigrationRunner.Scripts(DatabaseProvider.Sqlite);
        var postgres = MigrationRunner.Scripts(DatabaseProvider.Postgres);

        sqlite.ShouldNotBeEmpty();
        sqlite.Select(s => (s.Version, s.Name)).ShouldBe(postgres.Select(s => (s.Version, s.Name)));
        sqlite.Select(s => s.Version).ShouldBe(Enumerable.Range(1, sqlite.Count));
    }

    [Fact]
    public void The_first_two_migrations_are_tenants_and_accounts()
    {
        MigrationRunner.Scripts(DatabaseProvider.Sqlite).Take(2).Select(s => $"V{s.Version:D4}__{s.Name}")
            .ShouldBe(["V0001__tenants", "V0002__accounts"]);
    }

    [Fact]
    public void A_checksum_does_not_depend_on_line_endings_but_on_content()
    {
        var lf = new MigrationScript(1, "x", "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n");
        var crlf = new MigrationScript(1, "x", "CREATE TABLE a (id int);\r\nCREATE TABLE b (id int);\r\n");
        var changed = new MigrationScript(1, "x", "CREATE TABLE a (id int);\nCREATE TABLE c (id int);\n");

        crlf.Checksum.ShouldBe(lf.Checksum);
        changed.Checksum.ShouldNotBe(lf.Checksum);
        lf.Checksum.ShouldMatch("^[0-9a-f]{64}$");
    }

    [Fact]
    public void Postgres_scripts_use_timestamptz_for_every_timestamp()
    {
        // STYLE.md: all timestamps UTC from day one; a plain "timestamp" would lose the offset.
        foreach (var script in MigrationRunner.Scripts(DatabaseProvider.Postgres))
        {
            script.Sql.ShouldNotMatch(@"(?i)\btimestamp\b(?!\s+with\s+time\s+zone)(?!tz)", $"V{script.Version:D4} has a timestamp without time zone");
        }
    }
}
