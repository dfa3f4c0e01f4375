using Stadtkern.Features.Sensing.Query;
using Stadtkern.Features.Sensing.Schema;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Sensing.Filter;

/// <summary>SQL injection attempts end as parameter values (and match nothing) or as a 400, never as SQL.</summary>
[Collection(FilterDatabaseGroup.Name)]
public sealed class FilterSecurityTests(FilterDatabases databases)
{
    private static readonly string[] Accepted =
    [
        "name eq 'x'' OR 1=1 --'",
        "name eq 'x''; DROP TABLE sensing_things; --'",
        "substringof('''; DELETE FROM sensing_things; --', name)",
        "properties/owner eq '''||(SELECT name FROM sensing_things LIMIT 1)||'''",
        "Datastreams/any(d: d/name eq 'a'') OR EXISTS(SELECT 1) OR (''1''=''1')",
        "startswith(name, '%') or endswith(name, '_') or contains(name, '\\')",
    ];

    private static readonly string[] Rejected =
    [
        "name eq 'x' OR 1=1 --",
        "name eq x'; DROP TABLE sensing_things; --'",
        "properties/a\";DROP TABLE sensing_things;-- eq 1",
        "id eq 1; DELETE FROM sensing_things",
        "name eq 'a' /* comment */",
        "id eq 1 UNION SELECT id FROM sensing_things",
        "geo.distance(location, geography'POINT(1 2)); DROP TABLE sensing_things; --') lt 1",
        "st_relate(location, geography'POINT(1 2)', 'T'' OR 1=1 --')",
        "Datastreams/any(d: d/name eq 'x') or 1 eq 1)",
        "properties/x') OR ('1'='1 eq 1",
        "sensing_things/name eq 'x'",
        "e.id eq 1",
        "name eq 'x' and (SELECT 1) eq 1",
    ];

    [Theory, DatabaseData]
    public async Task Injected_text_becomes_a_parameter_value_and_matches_nothing(DatabaseProvider db)
    {
        var database = await databases.GetAsync(db);
        foreach (var filter in Accepted)
        {
            var set = filter.Contains("location", StringComparison.Ordinal) ? SensingSchema.Locations : SensingSchema.Things;
            var parameters = new SqlParameters(db);
            var sql = database.Translator.Translate(filter, set, "e", parameters, guard: null);
            foreach (var word in new[] { "DROP", "DELETE", "OR 1=1", "LIMIT", "--", "EXISTS(SELECT", "'1'", "||(" })
            {
                sql.ShouldNotContain(word, Case.Insensitive, $"{filter} → {sql}");
            }

            (await database.IdsAsync(set, filter, cancellationToken: TestContext.Current.CancellationToken)).ShouldBeEmpty(filter);
        }

        (await database.IdsAsync(SensingSchema.Things, null, cancellationToken: TestContext.Current.CancellationToken)).ShouldBe([1, 2, 3, 4]);
    }

    [Fact]
    public void Injection_attempts_outside_strings_are_rejected_as_bad_requests()
    {
        var translator = new Stadtkern.Features.Sensing.Query.Filter.SensingFilterTranslator(new FixedTime(FilterDatabase.Now));
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            foreach (var filter in Rejected)
            {
                Should.Throw<SensingQueryException>(() => translator.Translate(filter, SensingSchema.Things, "e", new SqlParameters(provider), guard: null), filter);
            }

            foreach (var orderBy in new[] { "name; DROP TABLE sensing_things", "name desc, (SELECT 1)", "name COLLATE \"C\"", "1; --" })
            {
                Should.Throw<SensingQueryException>(() => translator.TranslateOrderBy(orderBy, SensingSchema.Things, "e", new SqlParameters(provider), guard: null), orderBy);
            }
        }
    }

    [Fact]
    public void Json_paths_and_geometries_reach_the_sql_only_as_parameters()
    {
        var translator = new Stadtkern.Features.Sensing.Query.Filter.SensingFilterTranslator(new FixedTime(FilterDatabase.Now));
        var sqlite = new SqlParameters(DatabaseProvider.Sqlite);
        var sql = translator.Translate("properties/owner/name eq 'x'", SensingSchema.Things, "e", sqlite, guard: null);
        sql.ShouldNotContain("owner");
        sqlite.Values.Select(v => v.Value).ShouldContain("$.\"owner\".\"name\"");

        var postgres = new SqlParameters(DatabaseProvider.Postgres);
        sql = translator.Translate("properties/owner/name eq 'x' and Locations/any(l: st_within(l/location, geography'POINT(1 2)'))", SensingSchema.Things, "e", postgres, guard: null);
        sql.ShouldNotContain("owner");
        sql.ShouldNotContain("POINT");
        postgres.Values.Select(v => v.Value).OfType<string[]>().Single().ShouldBe(["owner", "name"]);
    }
}
