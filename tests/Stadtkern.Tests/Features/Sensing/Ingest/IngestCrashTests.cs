using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;
using Stadtkern.Tests.Platform.Cli;

namespace Stadtkern.Tests.Features.Sensing.Ingest;

/// <summary>
/// The acceptance crash test: the real process under sustained CreateObservations load is killed with SIGKILL; after a
/// restart every observation it had acknowledged is there exactly once, and the datastreams' counts match their rows.
/// </summary>
public sealed class IngestCrashTests
{
    private static readonly DateTimeOffset Base = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, string> QuietServer = new()
    {
        ["Demo__Catalog"] = "false",
        ["Catalog__Harvest__SchedulerEnabled"] = "false",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    [Theory, DatabaseData]
    public async Task Every_acknowledged_observation_is_present_exactly_once_after_kill_9(DatabaseProvider db)
    {
        await using var database = await TestDatabases.CreateAsync(db);
        using var cli = new StadtkernProcess(db, database.ConnectionString);
        var probe = new SqlProbe(db, database.ConnectionString);

        var server = await ServiceProcess.StartAsync(db, database.ConnectionString, QuietServer, cli.WorkingDirectory);
        var tenant = await probe.ScalarAsync("SELECT id FROM tenants WHERE slug = 'demo'") switch
        {
            Guid g => g,
            string s => Guid.Parse(s),
            var other => throw new InvalidOperationException("tenant id " + other),
        };
        var streams = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            streams.Add(await probe.CreateDatastreamAsync(tenant, name: "Station " + i.ToString(CultureInfo.InvariantCulture)));
        }

        var token = await cli.RunAsync(["token", "create", "--tenant", "demo", "--role", "app"]);
        token.ExitCode.ShouldBe(0, token.ToString());

        var acknowledged = new ConcurrentDictionary<(long Stream, long Second), long>();
        var failedRequests = 0;
        using var stop = new CancellationTokenSource();
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.StdoutLines[^1]);

        async Task ClientAsync(int client)
        {
            for (var request = 0; !stop.IsCancellationRequested; request++)
            {
                var stream = streams[(client + request) % streams.Count];
                var seconds = Enumerable.Range(0, 100).Select(i => ((long)client * 10_000_000) + (request * 100L) + i).ToArray();
                var body = new JsonArray(new JsonObject
                {
                    ["Datastream"] = new JsonObject { ["@iot.id"] = stream },
                    ["components"] = new JsonArray("phenomenonTime", "result"),
                    ["dataArray"] = new JsonArray([.. seconds.Select(s => (JsonNode)new JsonArray(Base.AddSeconds(s).ToString("O", CultureInfo.InvariantCulture), s % 997 / 10.0))]),
                });
                try
                {
                    using var response = await http.PostAsJsonAsync("t/demo/v1.1/CreateObservations", body, CancellationToken.None);
                    if (response.StatusCode != HttpStatusCode.Created)
                    {
                        Interlocked.Increment(ref failedRequests);
                        continue;
                    }

                    var links = (await response.Content.ReadFromJsonAsync<string[]>(CancellationToken.None))!;
                    for (var i = 0; i < links.Length; i++)
                    {
                        links[i].ShouldNotBe("error");
                        var id = long.Parse(links[i].AsSpan()[(links[i].LastIndexOf('(') + 1)..^1], CultureInfo.InvariantCulture);
                        acknowledged[(stream, seconds[i])] = id;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    // The process died under this request: it was never acknowledged.
                    Interlocked.Increment(ref failedRequests);
                    return;
                }
            }
        }

        var clients = Enumerable.Range(0, 6).Select(c => Task.Run(() => ClientAsync(c))).ToArray();
        var watch = Stopwatch.StartNew();
        while (acknowledged.Count < 5_000 && watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        await server.KillHardAsync(); // mid-stream: six clients are posting
        await stop.CancelAsync();
        await Task.WhenAll(clients);
        var acknowledgedAtKill = acknowledged.Count;
        acknowledgedAtKill.ShouldBeGreaterThanOrEqualTo(5_000);
        failedRequests.ShouldBeGreaterThan(0); // some requests were cut off

        await using var restarted = await ServiceProcess.StartAsync(db, database.ConnectionString, QuietServer, cli.WorkingDirectory);
        var stored = new Dictionary<(long, long), List<long>>();
        foreach (var row in await probe.RowsAsync("SELECT datastream_id, phenomenon_time_start, id FROM sensing_observations"))
        {
            var second = (long)(SqlProbe.Time(row[1])!.Value - Base).TotalSeconds;
            var key = (Convert.ToInt64(row[0], CultureInfo.InvariantCulture), second);
            (stored.TryGetValue(key, out var ids) ? ids : stored[key] = []).Add(Convert.ToInt64(row[2], CultureInfo.InvariantCulture));
        }

        var lost = acknowledged.Where(a => !stored.ContainsKey(a.Key)).ToList();
        lost.ShouldBeEmpty($"{lost.Count} of {acknowledgedAtKill} acknowledged observations are missing");
        stored.Values.Count(ids => ids.Count > 1).ShouldBe(0);
        foreach (var (key, id) in acknowledged)
        {
            stored[key].ShouldBe([id]);
        }

        // The per-batch datastream counts committed with their rows: they still match after the crash.
        foreach (var stream in streams)
        {
            (await probe.CountAsync("SELECT observation_count FROM sensing_datastreams WHERE id = @p0", stream))
                .ShouldBe(await probe.CountAsync("SELECT COUNT(*) FROM sensing_observations WHERE datastream_id = @p0", stream));
        }

        TestContext.Current.SendDiagnosticMessage($"{db}: {acknowledgedAtKill} acknowledged, {stored.Count} stored, {failedRequests} requests cut off");
        await server.DisposeAsync();
    }
}
