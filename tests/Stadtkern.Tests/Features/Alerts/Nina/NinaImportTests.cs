using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stadtkern.Features.Alerts.Model;
using Stadtkern.Features.Alerts.Nina;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;
using Stadtkern.Tests.Platform.Cli;

namespace Stadtkern.Tests.Features.Alerts.Nina;

/// <summary>The importer against a local server answering in the api31 format (recorded shapes), on both databases.</summary>
public sealed class NinaImportTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string Kreis = "083350000000";

    [Theory, DatabaseData]
    public async Task Recorded_warnings_are_created_updated_and_cancelled_exactly_once(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var nina = await NinaFakeServer.StartAsync();
        UseNina(app, nina.BaseUrl);
        ServeRoundOne(nina);

        // Round 1: two dashboard warnings and the flood warning of the LHP map list that lies in the district; the Saxon
        // one is outside; the malformed BIWAPP list and the KATWARN detail that hangs are errors, not crashes.
        var first = await ImportAsync(app);
        (first.Created, first.Updated, first.Cancelled, first.Unchanged, first.OutsideRegion).ShouldBe((3, 0, 0, 0, 1), string.Join("\n", first.Errors));
        first.KreisArs.ShouldBe(Kreis);
        first.Errors.ShouldContain(e => e.StartsWith("biwapp/mapData", StringComparison.Ordinal) && e.Contains("JSON", StringComparison.Ordinal));
        first.Errors.ShouldContain(e => e.StartsWith(NinaRecorded.KatwarnId, StringComparison.Ordinal) && e.Contains("within 1 s", StringComparison.Ordinal));
        first.Errors.Count.ShouldBe(2);

        var again = await ImportAsync(app);
        (again.Created, again.Updated, again.Cancelled, again.Unchanged, again.OutsideRegion).ShouldBe((0, 0, 0, 3, 1));
        nina.Hits($"warnings/{NinaRecorded.LhpSnId}.json").ShouldBe(1); // remembered as outside
        nina.Hits($"warnings/{NinaRecorded.MowasId}.json").ShouldBe(1); // same version: not fetched again

        var alerts = await AlertsAsync(app);
        alerts.Count.ShouldBe(3);
        var mowas = alerts.Single(a => a.SourceId == NinaRecorded.MowasId);
        (mowas.Source, mowas.SourceProvider, mowas.SourceVersion, mowas.State).ShouldBe(("nina", "mowas", "1", "active"));
        mowas.Headline.ShouldBe("Großbrand in Konstanz-Stromeyersdorf: Rauchentwicklung");
        mowas.Geometry.ShouldNotBeNull();
        mowas.CapXml.ShouldContain("47.6781,9.1702");
        alerts.Single(a => a.SourceId == NinaRecorded.DwdId).Expires.ShouldBe(new DateTimeOffset(2026, 11, 22, 17, 0, 0, TimeSpan.Zero));
        alerts.Single(a => a.SourceId == NinaRecorded.LhpBwId).SourceProvider.ShouldBe("lhp");

        // Round 2: MoWaS sends version 2 (an update), the DWD warning is no longer listed (cancelled), LHP is unchanged.
        nina.Set($"dashboard/{Kreis}.json", NinaRecorded.Read("dashboard-round2.json"));
        nina.Set($"warnings/{NinaRecorded.MowasId}.json", NinaRecorded.Read("mowas-v2.json"));
        var second = await ImportAsync(app);
        (second.Created, second.Updated, second.Cancelled, second.Unchanged).ShouldBe((0, 1, 1, 1));
        var third = await ImportAsync(app);
        (third.Created, third.Updated, third.Cancelled, third.Unchanged).ShouldBe((0, 0, 0, 2));

        // Round 3: the source itself cancels the MoWaS warning.
        var cancel = JsonNode.Parse(NinaRecorded.Read("mowas-v2.json"))!;
        cancel["msgType"] = "Cancel";
        cancel["identifier"] = "mow.DE-BW-KN-SE055-20261122-55-002";
        cancel["sent"] = "2026-11-22T08:00:00+01:00";
        nina.Set($"dashboard/{Kreis}.json", NinaRecorded.Read("dashboard-round2.json").Replace("\"version\": 2", "\"version\": 3", StringComparison.Ordinal));
        nina.Set($"warnings/{NinaRecorded.MowasId}.json", cancel.ToJsonString());
        var fourth = await ImportAsync(app);
        (fourth.Created, fourth.Updated, fourth.Cancelled).ShouldBe((0, 0, 1));
        var fifth = await ImportAsync(app);
        (fifth.Created, fifth.Updated, fifth.Cancelled).ShouldBe((0, 0, 0));

        alerts = await AlertsAsync(app);
        alerts.Count.ShouldBe(3);
        mowas = alerts.Single(a => a.SourceId == NinaRecorded.MowasId);
        (mowas.State, mowas.Version).ShouldBe(("cancelled", 3));
        alerts.Single(a => a.SourceId == NinaRecorded.DwdId).State.ShouldBe("cancelled");
        alerts.Single(a => a.SourceId == NinaRecorded.LhpBwId).State.ShouldBe("active");

        // Exactly one event per change: published ×3, updated ×1 (MoWaS v2), cancelled ×2 (DWD gone, MoWaS Cancel).
        await using var scope = await app.TenantScopeAsync();
        var events = await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<AlertEvent>().AsNoTracking()
            .Select(e => e.Kind).ToListAsync(TestContext.Current.CancellationToken);
        events.Order().ShouldBe(["cancelled", "cancelled", "published", "published", "published", "updated"]);
    }

    [Theory, DatabaseData]
    public async Task An_unreachable_dashboard_cancels_nothing_and_an_invalid_ars_is_reported(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var nina = await NinaFakeServer.StartAsync();
        UseNina(app, nina.BaseUrl);
        ServeRoundOne(nina);
        (await ImportAsync(app)).Created.ShouldBe(3);

        nina.Hang($"dashboard/{Kreis}.json");
        var stalled = await ImportAsync(app);
        stalled.Cancelled.ShouldBe(0);
        stalled.Errors.ShouldContain(e => e.StartsWith("dashboard", StringComparison.Ordinal));
        (await AlertsAsync(app)).ShouldAllBe(a => a.State == "active");

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var data = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
            var tenant = await data.Tenants.SingleAsync(t => t.Slug == "demo", TestContext.Current.CancellationToken);
            tenant.Ars = "0833500430";
            await data.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var invalid = await ImportAsync(app);
        invalid.KreisArs.ShouldBeNull();
        invalid.Errors.ShouldHaveSingleItem().ShouldContain("'0833500430' is not a 12-digit Amtlicher Regionalschlüssel");
    }

    [Theory, DatabaseData]
    public async Task The_cli_runs_one_round_and_prints_a_json_summary(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var nina = await NinaFakeServer.StartAsync();
        ServeRoundOne(nina);
        using var cli = new StadtkernProcess(db, app.ConnectionString);
        var environment = new Dictionary<string, string> { ["Nina__BaseUrl"] = nina.BaseUrl, ["Nina__TimeoutSeconds"] = "1", ["Nina__Retries"] = "0" };

        var run = await cli.RunAsync(["alerts", "import-nina", "--tenant", "demo"], environment);
        run.ExitCode.ShouldBe(0, run.ToString());
        var summary = JsonNode.Parse(run.Stdout)!;
        summary["tenant"]!.GetValue<string>().ShouldBe("demo");
        summary["created"]!.GetValue<int>().ShouldBe(3);
        summary["errors"]!.AsArray().Count.ShouldBe(2);

        var rerun = await cli.RunAsync(["alerts", "import-nina", "--tenant", "demo"], environment);
        JsonNode.Parse(rerun.Stdout)!["created"]!.GetValue<int>().ShouldBe(0, rerun.ToString());
        JsonNode.Parse(rerun.Stdout)!["unchanged"]!.GetValue<int>().ShouldBe(3);

        var unknown = await cli.RunAsync(["alerts", "import-nina", "--tenant", "gibtsnicht"], environment);
        unknown.ExitCode.ShouldBe(1);
        unknown.Stderr.ShouldContain("Unknown tenant");
    }

    internal static void ServeRoundOne(NinaFakeServer nina)
    {
        nina.Set($"dashboard/{Kreis}.json", NinaRecorded.Read("dashboard-round1.json"));
        nina.Set($"warnings/{NinaRecorded.MowasId}.json", NinaRecorded.Read("mowas-v1.json"));
        nina.Set($"warnings/{NinaRecorded.MowasId}.geojson", NinaRecorded.Read("mowas.geojson"));
        nina.Set($"warnings/{NinaRecorded.DwdId}.json", NinaRecorded.Read("dwd-v1.json"));
        nina.Set("lhp/mapData.json", NinaRecorded.Read("lhp-mapdata.json"));
        nina.Set($"warnings/{NinaRecorded.LhpBwId}.json", NinaRecorded.Read("lhp-bw.json"));
        nina.Set($"warnings/{NinaRecorded.LhpSnId}.json", NinaRecorded.Read("lhp-sn.json"));
        nina.Set("katwarn/mapData.json", NinaRecorded.Read("katwarn-mapdata.json"));
        nina.Hang($"warnings/{NinaRecorded.KatwarnId}.json");
        nina.Set("biwapp/mapData.json", NinaRecorded.Read("biwapp-malformed.json"));
        nina.Set("mowas/mapData.json", "[]");
        nina.Set("police/mapData.json", "[]");
        // dwd/mapData.json: 404, read as an empty list
    }

    internal static void UseNina(StadtkernFactory app, string baseUrl)
    {
        var cache = app.Services.GetRequiredService<IOptionsMonitorCache<NinaOptions>>();
        cache.TryRemove(Options.DefaultName);
        cache.TryAdd(Options.DefaultName, new NinaOptions { BaseUrl = baseUrl, TimeoutSeconds = 1, Retries = 0, PollerEnabled = false });
    }

    private static async Task<NinaImportSummary> ImportAsync(StadtkernFactory app)
    {
        await using var scope = await app.TenantScopeAsync();
        return await scope.ServiceProvider.GetRequiredService<ImportNinaWarnings>().RunAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<List<Alert>> AlertsAsync(StadtkernFactory app)
    {
        await using var scope = await app.TenantScopeAsync();
        return await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<Alert>().AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
    }
}
