using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Tenants;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;
using static Stadtkern.Tests.Features.Catalog.Datastore.DatastoreArrange;

namespace Stadtkern.Tests.Features.Catalog.Datastore;

public sealed class DatastoreApiTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string Trees =
        "Nr;Art;Höhe;Gepflanzt;Straße\n" +
        "1;Linde;12,5;01.04.1990;Marktstraße\n" +
        "2;Eiche;8;15.10.2001;Seestraße\n" +
        "3;Linde;15;03.03.1985;Seestraße\n" +
        "4;Ahorn;6,25;20.11.2015;Bahnhofstraße\n" +
        "5;Linde;;;Hafen\n";

    private static readonly string[] EicheAhorn = ["Eiche", "Ahorn"];

    private static readonly string[] NrGepflanzt = ["nr", "gepflanzt"];

    private static readonly CatalogCaller Citizen = new(Guid.NewGuid(), null, "buerger", new HashSet<string> { "citizen" }, false);

    private static async Task<Guid> TreesAsync(IServiceProvider services, AccessLevel access = AccessLevel.Public, string name = "baeume")
    {
        var resource = await ResourceAsync(services, name, access);
        var job = await LoadAsync(services, resource, "baeume.csv", Text(Trees), s => s with { PrimaryKey = ["nr"] });
        job.RowsLoaded.ShouldBe(5);
        return resource;
    }

    [Theory, DatabaseData]
    public async Task Search_filters_full_text_sorts_pages_and_counts(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var scope = await app.TenantScopeAsync();
        var services = scope.ServiceProvider;
        var id = await TreesAsync(services);

        var linden = await ActAsync(services, "datastore_search", new { resource_id = id, filters = new { art = "Linde" }, sort = "hoehe desc", limit = 2 }, CatalogCaller.Anonymous);
        linden!["total"]!.GetValue<long>().ShouldBe(3);
        linden["records"]!.AsArray().Select(r => r!["nr"]!.GetValue<long>()).ShouldBe([3L, 1L]);
        linden["limit"]!.GetValue<int>().ShouldBe(2);
        linden["_links"]!["next"]!.GetValue<string>().ShouldEndWith("&offset=2");

        var secondPage = await ActAsync(services, "datastore_search", new { resource_id = id, filters = new { art = "Linde" }, sort = "hoehe desc", limit = 2, offset = 2 }, CatalogCaller.Anonymous);
        secondPage!["records"]!.AsArray().Select(r => r!["nr"]!.GetValue<long>()).ShouldBe([5L]);

        var several = await ActAsync(services, "datastore_search", new { resource_id = id, filters = new { art = EicheAhorn }, include_total = false });
        several!["records"]!.AsArray().Count.ShouldBe(2);
        several.AsObject().ContainsKey("total").ShouldBeFalse();

        var text = await ActAsync(services, "datastore_search", new { resource_id = id, q = "seestr" });
        text!["records"]!.AsArray().Select(r => r!["nr"]!.GetValue<long>()).ShouldBe([2L, 3L]);
        var perColumn = await ActAsync(services, "datastore_search", new { resource_id = id, q = new { strasse = "markt" }, fields = "nr,art" });
        perColumn!["records"]!.AsArray().ShouldHaveSingleItem()!.AsObject().Select(p => p.Key).ShouldBe(["nr", "art"]);

        var lists = await ActAsync(services, "datastore_search", new { resource_id = id, records_format = "lists", fields = NrGepflanzt, limit = 1 });
        lists!["records"]![0]!.AsArray().Select(v => v!.ToJsonString()).ShouldBe(["1", "\"1990-04-01\""]);
        var csv = await ActAsync(services, "datastore_search", new { resource_id = id, records_format = "csv", fields = "nr,art", limit = 2 });
        csv!["records"]!.GetValue<string>().ShouldBe("1,Linde\n2,Eiche\n");
    }

    [Theory, DatabaseData]
    public async Task Search_with_bad_parameters_gets_CKAN_errors(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var scope = await app.TenantScopeAsync();
        var services = scope.ServiceProvider;
        var id = await TreesAsync(services);

        (await FailsAsync(services, "datastore_search", new { resource_id = id, filters = new { gibtsnicht = 1 } })).Status.ShouldBe(409);
        (await FailsAsync(services, "datastore_search", new { resource_id = id, filters = new { hoehe = "hoch" } })).Status.ShouldBe(409);
        (await FailsAsync(services, "datastore_search", new { resource_id = id, sort = "hoehe; drop table x" })).Status.ShouldBe(409);
        (await FailsAsync(services, "datastore_search", new { resource_id = id, limit = 50000 })).Status.ShouldBe(409);
        (await FailsAsync(services, "datastore_search", new { resource_id = Guid.NewGuid() })).Status.ShouldBe(404);
        (await FailsAsync(services, "datastore_search", new { resource_id = "kein-uuid" })).Status.ShouldBe(404);
    }

    [Theory, DatabaseData]
    public async Task Sql_runs_the_safe_subset_with_aggregates_and_typed_literals(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var scope = await app.TenantScopeAsync();
        var services = scope.ServiceProvider;
        var id = await TreesAsync(services);

        var grouped = await ActAsync(services, "datastore_search_sql", new
        {
            sql = $"SELECT art, count(*) AS anzahl, max(hoehe) AS hoechste FROM \"{id}\" WHERE gepflanzt < '2010-01-01' OR gepflanzt IS NULL GROUP BY art ORDER BY anzahl DESC, art",
        }, CatalogCaller.Anonymous);

        var records = grouped!["records"]!.AsArray();
        records.Select(r => r!["art"]!.GetValue<string>()).ShouldBe(["Linde", "Eiche"]);
        records[0]!["anzahl"]!.GetValue<long>().ShouldBe(3);
        records[0]!["hoechste"]!.GetValue<decimal>().ShouldBe(15m);
        grouped["fields"]!.AsArray().Select(f => f!["id"]!.GetValue<string>()).ShouldBe(["art", "anzahl", "hoechste"]);

        var like = await ActAsync(services, "datastore_search_sql", new { sql = $"select nr from \"{id}\" t where t.strasse like '%straße' and nr in (1, 2, 4) order by 1 desc limit 2" });
        like!["records"]!.AsArray().Select(r => r!["nr"]!.GetValue<long>()).ShouldBe([4L, 2L]);
    }

    [Theory, DatabaseData]
    public async Task Sql_beyond_the_subset_or_on_foreign_tables_is_a_validation_error(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        Guid foreign;
        await using (var other = app.Services.CreateAsyncScope())
        {
            var created = await other.ServiceProvider.GetRequiredService<TenantStore>().CreateAsync(
                new TenantRequest("nachbar", "Nachbarstadt", "083350043043", "08335043", null, null, null, null), Ct);
            created.Tenant.ShouldNotBeNull();
        }

        await using (var neighbour = await app.TenantScopeAsync("nachbar"))
        {
            foreign = await TreesAsync(neighbour.ServiceProvider, name: "nachbarbaeume");
        }

        await using var scope = await app.TenantScopeAsync();
        var services = scope.ServiceProvider;
        var id = await TreesAsync(services);
        string[] rejected =
        [
            $"DROP TABLE \"{id}\"",
            $"SELECT * FROM \"{id}\"; DELETE FROM \"{id}\"",
            $"SELECT pg_sleep(10) FROM \"{id}\"",
            "SELECT * FROM sqlite_master",
            "SELECT * FROM \"sqlite_master\"",
            "SELECT * FROM \"pg_catalog.pg_tables\"",
            $"SELECT * FROM \"{foreign}\"",
            $"SELECT * FROM \"{id}\" WHERE art IN (SELECT tablename FROM pg_tables)",
            $"SELECT gibtsnicht FROM \"{id}\"",
            $"SELECT * FROM \"{id}\" WHERE gepflanzt > 'gestern'",
            $"SELECT * FROM \"{id}\" -- kommentar",
        ];

        foreach (var sql in rejected)
        {
            var error = await FailsAsync(services, "datastore_search_sql", new { sql });
            error.Status.ShouldBe(409, sql);
            error.Type.ShouldBe("Validation Error", sql);
        }

        // The neighbour's table is still there, and still answers in its own tenant.
        await using var neighbourAgain = await app.TenantScopeAsync("nachbar");
        var theirs = await ActAsync(neighbourAgain.ServiceProvider, "datastore_search_sql", new { sql = $"SELECT count(*) FROM \"{foreign}\"" });
        theirs!["records"]![0]!["count"]!.GetValue<long>().ShouldBe(5);
    }

    [Theory, DatabaseData]
    public async Task Restricted_and_internal_data_is_never_returned_to_unauthorised_callers(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var scope = await app.TenantScopeAsync();
        var services = scope.ServiceProvider;
        var restricted = await TreesAsync(services, AccessLevel.Restricted, "geschuetzt");
        var @internal = await TreesAsync(services, AccessLevel.Internal, "intern");

        foreach (var caller in new[] { CatalogCaller.Anonymous, Citizen })
        {
            (await FailsAsync(services, "datastore_search", new { resource_id = restricted }, caller)).Status.ShouldBe(403);
            (await FailsAsync(services, "datastore_info", new { resource_id = restricted }, caller)).Status.ShouldBe(403);
            (await FailsAsync(services, "datastore_search_sql", new { sql = $"SELECT * FROM \"{restricted}\"" }, caller)).Status.ShouldBe(403);
            (await FailsAsync(services, "datastore_search", new { resource_id = @internal }, caller)).Status.ShouldBe(404);
            (await FailsAsync(services, "datastore_search_sql", new { sql = $"SELECT count(*) FROM \"{@internal}\"" }, caller)).Status.ShouldBe(409);
        }

        (await ActAsync(services, "datastore_search", new { resource_id = restricted }))!["total"]!.GetValue<long>().ShouldBe(5);
        (await ActAsync(services, "datastore_search", new { resource_id = @internal }))!["total"]!.GetValue<long>().ShouldBe(5);

        var anonymous = app.AnonymousClient();
        (await anonymous.GetAsync($"/datastore/dump/{restricted}", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await anonymous.GetAsync($"/datastore/dump/{@internal}?format=json", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var steward = await app.ClientAsync("demo", "data-steward");
        var dump = await steward.GetStringAsync($"/datastore/dump/{restricted}?format=json", Ct);
        System.Text.Json.Nodes.JsonNode.Parse(dump)!["records"]!.AsArray().Count.ShouldBe(5);
    }

    [Theory, DatabaseData]
    public async Task Create_upsert_and_delete_through_the_api(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var scope = await app.TenantScopeAsync();
        var services = scope.ServiceProvider;
        await ResourceAsync(services, "pegel");

        var created = await ActAsync(services, "datastore_create", new
        {
            resource = new { package_id = "pegel", name = "Pegelstände" },
            fields = new object[] { new { id = "station", type = "text" }, new { id = "stand_cm", type = "int" }, new { id = "zeit", type = "timestamp" } },
            primary_key = "station",
            records = new object[] { new { station = "Hafen", stand_cm = 312, zeit = "2024-05-01T10:00:00Z" }, new { station = "Rhein", stand_cm = "298", zeit = "01.05.2024 12:00" } },
        });
        var id = created!["resource_id"]!.GetValue<Guid>();

        await ActAsync(services, "datastore_upsert", new { resource_id = id, records = new object[] { new { station = "Hafen", stand_cm = 320 }, new { station = "Bucht", stand_cm = 101 } } });
        (await FailsAsync(services, "datastore_upsert", new { resource_id = id, method = "update", records = new object[] { new { station = "Gibtsnicht", stand_cm = 1 } } })).Status.ShouldBe(409);
        (await FailsAsync(services, "datastore_upsert", new { resource_id = id, method = "insert", records = new object[] { new { station = "Rhein", stand_cm = 1 } } })).Status.ShouldBe(409);
        (await FailsAsync(services, "datastore_upsert", new { resource_id = id, records = new object[] { new { station = "X", stand_cm = "viel" } } })).Status.ShouldBe(409);
        (await FailsAsync(services, "datastore_upsert", new { resource_id = id, records = new object[] { new { station = "X" } } }, Citizen)).Status.ShouldBe(403);

        var all = await ActAsync(services, "datastore_search", new { resource_id = id, sort = "station" });
        all!["records"]!.AsArray().Select(r => $"{r!["station"]}={r["stand_cm"]}").ShouldBe(["Bucht=101", "Hafen=320", "Rhein=298"]);
        all["records"]![2]!["zeit"]!.GetValue<string>().ShouldBe("2024-05-01T10:00:00Z"); // 12:00 summer time in Germany
        (await ActAsync(services, "datastore_info", new { id }))!["meta"]!["count"]!.GetValue<long>().ShouldBe(3);

        await ActAsync(services, "datastore_delete", new { resource_id = id, filters = new { station = "Bucht" } });
        (await ActAsync(services, "datastore_search", new { resource_id = id }))!["total"]!.GetValue<long>().ShouldBe(2);
        await ActAsync(services, "datastore_delete", new { resource_id = id });
        (await FailsAsync(services, "datastore_search", new { resource_id = id })).Status.ShouldBe(404);
    }
}
