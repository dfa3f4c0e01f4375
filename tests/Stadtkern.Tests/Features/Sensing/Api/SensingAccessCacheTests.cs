using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Sensing.Access;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Features.Sensing.Ingest;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Sensing.Api;

/// <summary>
/// The in-memory access decisions of <see cref="DatastreamAccessCache"/> (PostgreSQL): used only while its listener is connected,
/// forgotten at once after a change through the API, after the trigger's notification for a change in raw SQL, and whenever
/// the listener reconnects. On SQLite it is never used, and the same requests must give the same answers.
/// </summary>
public sealed class SensingAccessCacheTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Latest(long datastream) => $"/v1.1/Datastreams({datastream})/Observations?$orderby=phenomenonTime desc&$top=1";

    private static async Task<HttpStatusCode> LatestStatusAsync(HttpClient client, long datastream) =>
        (await client.SendAsync(HttpMethod.Get, Latest(datastream))).Status;

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(until, what);
            await Task.Delay(20, Ct);
        }
    }

    /// <summary>On PostgreSQL, waits until the listener LISTENs, so decisions are used from now on; on SQLite they never are.</summary>
    private static async Task<DatastreamAccessCache> ListeningCacheAsync(StadtkernFactory app)
    {
        if (app.Provider == DatabaseProvider.Postgres)
        {
            var listener = app.Services.GetRequiredService<SensingAccessListener>();
            await EventuallyAsync(() => Task.FromResult(listener.Listening), "the listener connects");
        }

        return app.Services.GetRequiredService<DatastreamAccessCache>();
    }

    /// <summary>A public station with one Observation; the steward who made it and an anonymous client.</summary>
    private static async Task<(HttpClient Steward, HttpClient Anonymous, long Thing, long Stream)> PublicStationAsync(StadtkernFactory app)
    {
        var steward = await app.ClientAsync("demo", "data-steward");
        var (thing, stream) = await steward.CreateStationAsync("Offen", "public");
        await steward.AddObservationsAsync(stream, 1);
        return (steward, app.AnonymousClient(), thing, stream);
    }

    [Theory, DatabaseData]
    public async Task The_latest_value_of_a_public_datastream_is_answered_from_a_remembered_decision_only_on_postgres(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var steward = await app.ClientAsync("demo", "data-steward");
        var open = await steward.CreateStationAsync("Offen", "public");
        var closed = await steward.CreateStationAsync("Geschlossen", "restricted");
        await steward.AddObservationsAsync(open.Datastream, 1, 2, 3);
        await steward.AddObservationsAsync(closed.Datastream, 4);
        var cache = await ListeningCacheAsync(app);
        var anonymous = app.AnonymousClient();
        var latest = await anonymous.GetJsonAsync(Latest(open.Datastream));
        latest.Values().Single()!["result"]!.GetValue<double>().ShouldBe(3);
        (await LatestStatusAsync(anonymous, closed.Datastream)).ShouldBe(HttpStatusCode.NotFound);
        (await LatestStatusAsync(anonymous, 987_654)).ShouldBe(HttpStatusCode.NotFound);
        (await steward.GetJsonAsync(Latest(closed.Datastream))).Values().Single()!["result"]!.GetValue<double>().ShouldBe(4);

        // Both Datastreams are remembered on PostgreSQL: the restricted one with its level, which never skips the check.
        cache.Enabled.ShouldBe(db == DatabaseProvider.Postgres);
        cache.Count.ShouldBe(db == DatabaseProvider.Postgres ? 2 : 0);
    }

    [Theory, DatabaseData]
    public async Task A_change_through_the_api_is_honoured_by_the_next_read(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var (steward, anonymous, thing, stream) = await PublicStationAsync(app);
        var staff = await app.ClientAsync("demo", "staff");
        var cache = await ListeningCacheAsync(app);
        (await LatestStatusAsync(anonymous, stream)).ShouldBe(HttpStatusCode.OK);
        (await LatestStatusAsync(staff, stream)).ShouldBe(HttpStatusCode.OK);
        cache.Count.ShouldBe(db == DatabaseProvider.Postgres ? 1 : 0, "the decision is remembered before the change");

        (await steward.SendAsync(HttpMethod.Patch, $"/v1.1/Datastreams({stream})", new JsonObject { ["accessLevel"] = "internal" })).Status.ShouldBe(HttpStatusCode.OK);
        (await LatestStatusAsync(anonymous, stream)).ShouldBe(HttpStatusCode.NotFound);
        (await LatestStatusAsync(staff, stream)).ShouldBe(HttpStatusCode.OK);

        // The Datastream's own level gone, its Thing's counts: restricted hides it from members too.
        (await steward.SendAsync(HttpMethod.Patch, $"/v1.1/Datastreams({stream})", new JsonObject { ["accessLevel"] = null })).Status.ShouldBe(HttpStatusCode.OK);
        (await steward.SendAsync(HttpMethod.Patch, $"/v1.1/Things({thing})", new JsonObject { ["accessLevel"] = "restricted" })).Status.ShouldBe(HttpStatusCode.OK);
        (await LatestStatusAsync(staff, stream)).ShouldBe(HttpStatusCode.NotFound);
        (await LatestStatusAsync(steward, stream)).ShouldBe(HttpStatusCode.OK);
    }

    [Theory, DatabaseData]
    public async Task A_change_in_raw_sql_reaches_every_instance_through_the_trigger(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var (_, anonymous, thing, stream) = await PublicStationAsync(app);
        var cache = await ListeningCacheAsync(app);
        (await LatestStatusAsync(anonymous, stream)).ShouldBe(HttpStatusCode.OK);
        var remembered = cache.Count;

        // As another instance, an operator's psql session or a migration would: no API call, so only the trigger tells.
        var probe = new SqlProbe(db, app.ConnectionString);
        (await probe.ExecuteAsync("UPDATE sensing_things SET access_level = 'restricted' WHERE id = @p0", thing)).ShouldBe(1);

        await EventuallyAsync(async () => await LatestStatusAsync(anonymous, stream) == HttpStatusCode.NotFound, "the restricted Datastream is hidden");
        if (db == DatabaseProvider.Postgres)
        {
            remembered.ShouldBe(1);
        }
    }

    [Theory, DatabaseData]
    public async Task Without_its_listener_the_cache_forgets_everything_and_every_read_checks_in_sql(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var listener = app.Services.GetRequiredService<SensingAccessListener>();
        var cache = app.Services.GetRequiredService<DatastreamAccessCache>();
        if (db == DatabaseProvider.Sqlite)
        {
            listener.Listening.ShouldBeFalse();
            cache.Enabled.ShouldBeFalse();
            return;
        }

        var (_, anonymous, thing, stream) = await PublicStationAsync(app);
        await ListeningCacheAsync(app);
        (await LatestStatusAsync(anonymous, stream)).ShouldBe(HttpStatusCode.OK);
        cache.Count.ShouldBe(1);
        var periods = listener.Periods;

        // The listener's connection dies (the server ends it): decisions stop at once, and a change made meanwhile, whose
        // notification nobody hears, is still honoured.
        var probe = new SqlProbe(db, app.ConnectionString);
        var ended = await probe.ScalarAsync(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @p0 AND datname = current_database()",
            "stadtkern-listen-" + SensingAccessListener.Channel);
        Convert.ToInt64(ended, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(1);
        await EventuallyAsync(() => Task.FromResult(!cache.Enabled || listener.Periods > periods), "the listener notices");
        cache.Count.ShouldBe(0);
        (await probe.ExecuteAsync("UPDATE sensing_things SET access_level = 'restricted' WHERE id = @p0", thing)).ShouldBe(1);
        (await LatestStatusAsync(anonymous, stream)).ShouldBe(HttpStatusCode.NotFound);

        // It reconnects by itself and starts from nothing.
        await EventuallyAsync(() => Task.FromResult(listener.Listening && listener.Periods > periods), "the listener reconnects");
        cache.Enabled.ShouldBeTrue();
        (await probe.ExecuteAsync("UPDATE sensing_things SET access_level = 'public' WHERE id = @p0", thing)).ShouldBe(1);
        await EventuallyAsync(async () => await LatestStatusAsync(anonymous, stream) == HttpStatusCode.OK, "the public Datastream is shown again");
    }

    [Fact]
    public void A_decision_read_before_a_change_is_not_stored_after_it()
    {
        var cache = new DatastreamAccessCache();
        var decision = new DatastreamAccessCache.Decision(Guid.NewGuid(), "public");
        cache.Store(1, decision, cache.Generation).ShouldBeFalse("not used before the listener connects");

        cache.Enable();
        var seen = cache.Generation;
        cache.Invalidate(); // a notification arrives while the reader's statement runs
        cache.Store(1, decision, seen).ShouldBeFalse();
        cache.Count.ShouldBe(0);

        cache.Store(1, decision, cache.Generation).ShouldBeTrue();
        cache.Count.ShouldBe(1);
        cache.Disable();
        cache.Count.ShouldBe(0);
        cache.Enabled.ShouldBeFalse();
    }

    [Theory]
    [InlineData("public", null, true)]
    [InlineData("public", "citizen", true)]
    [InlineData("internal", null, false)]
    [InlineData("internal", "citizen", false)]
    [InlineData("internal", "staff", true)]
    [InlineData("restricted", "staff", false)]
    [InlineData("restricted", "app", false)]
    [InlineData("restricted", "data-steward", true)]
    public void Only_decisions_that_need_no_grant_skip_the_check(string level, string? role, bool allowed)
    {
        var tenant = Guid.NewGuid();
        var caller = role is null
            ? SensingCaller.Anonymous
            : new SensingCaller(null, Guid.NewGuid(), "test", new HashSet<string> { role }, false);
        var decision = new DatastreamAccessCache.Decision(tenant, level);

        DatastreamAccessCache.Allows(decision, new SensingVisibility(caller, tenant)).ShouldBe(allowed);
        DatastreamAccessCache.Allows(decision, new SensingVisibility(caller, Guid.NewGuid())).ShouldBeFalse("another tenant's Datastream");
    }
}
