using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Stadtkern.Bench;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Platform;
using Stadtkern.Platform.Persistence;

var Json = new JsonSerializerOptions(JsonSerializerOptions.Web) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

// Catalog benchmark: dotnet run --project bench/Stadtkern.Bench -c Release -- --provider sqlite|postgres [options]
// (scripts/bench-catalog does the build, PostgreSQL and both providers). Loopback only.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
var ct = cancel.Token;
if (args is ["routing", ..])
{
    // Routing benchmark (issue 5): scripts/bench-routing.
    return Stadtkern.Bench.Routing.RoutingBench.Run(args[1..]);
}

if (args is ["routing-grid", ..])
{
    // Router tuning (issue 5): the same cross-validation for several settings, scripts/bench-routing-grid.
    return Stadtkern.Bench.Routing.RoutingGrid.Run(args[1..]);
}

if (args is ["ingest", ..])
{
    // Ingest benchmark (issue 4): scripts/bench-ingest.
    return await Stadtkern.Bench.Ingest.IngestBench.RunAsync(args[1..], ct);
}

if (args is ["sensing-query", ..])
{
    // SensorThings query benchmark on 50 million observations (issue 4): scripts/bench-sensing-query.
    return await Stadtkern.Bench.SensingQuery.SensingQueryBench.RunAsync(args[1..], ct);
}

if (args is ["push", ..])
{
    // Web Push encryption throughput (issue 6): scripts/bench-push.
    return await Stadtkern.Bench.Push.PushBench.RunAsync(args[1..], ct);
}

if (args is ["alerts-raw-server", var rawConnections])
{
    return await Stadtkern.Bench.Alerts.AlertsBench.RawServerAsync(int.Parse(rawConnections, CultureInfo.InvariantCulture), ct);
}

if (args is ["alerts", ..])
{
    // SSE fan-out benchmark (issue 6): scripts/bench-alerts.
    return await Stadtkern.Bench.Alerts.AlertsBench.RunAsync(args[1..], ct);
}

if (args is ["open311", ..])
{
    // Open311 POST throughput against the HTTP floor (issue 5): scripts/bench-open311.
    return await Stadtkern.Bench.Reports.Open311Bench.RunAsync(args[1..], ct);
}

var options = Options.Parse(args);
void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

var provider = options.Provider;
var loadBefore = BenchResults.LoadAverage();
string connectionString;
if (provider == "Postgres" && options.Reuse)
{
    connectionString = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("STADTKERN_TEST_POSTGRES")) { Database = "stadtkern_bench" }.ToString();
}
else if (provider == "Postgres")
{
    var admin = Environment.GetEnvironmentVariable("STADTKERN_TEST_POSTGRES")
        ?? throw new InvalidOperationException("Set STADTKERN_TEST_POSTGRES (eval \"$(scripts/pg-start)\").");
    await using (var connection = new NpgsqlConnection(admin))
    {
        await connection.OpenAsync(ct);
        await using var drop = new NpgsqlCommand("DROP DATABASE IF EXISTS stadtkern_bench WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync(ct);
        await using var create = new NpgsqlCommand("CREATE DATABASE stadtkern_bench", connection);
        await create.ExecuteNonQueryAsync(ct);
    }

    connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = "stadtkern_bench" }.ToString();
}
else
{
    var file = Path.Combine(options.Repo, "bench", ".data", "catalog.db");
    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
    foreach (var stale in options.Reuse ? [] : new[] { file, file + "-wal", file + "-shm" })
    {
        File.Delete(stale);
    }

    connectionString = $"Data Source={file}";
}

var results = new JsonObject
{
    ["provider"] = provider.ToLowerInvariant(),
    ["startedUtc"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
    ["machine"] = new JsonObject
    {
        ["processors"] = Environment.ProcessorCount,
        ["memory"] = Run("free", "-g"),
        ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        ["dotnet"] = Environment.Version.ToString(),
        ["loadavgBefore"] = loadBefore,
    },
    ["settings"] = new JsonObject
    {
        ["datasets"] = options.Count,
        ["clients"] = options.Clients,
        ["warmupSeconds"] = options.Warmup.TotalSeconds,
        ["durationSeconds"] = options.Duration.TotalSeconds,
        ["edits"] = options.Edits,
    },
};

// 1. Schema and data, in this process, through the app's own services.
await using var host = StadtkernHost.Build([$"--Database:Provider={provider}", $"--ConnectionStrings:Stadtkern={connectionString}", "--Demo:SeedOnFirstStart=false"], forCommand: true);
await DatabaseInitializer.PrepareAsync(host.Services, seedDemo: false, ct);
var seeder = new CatalogSeeder(host.Services, seed: 20240501);
Log(options.Reuse ? "reusing the seeded database" : $"seeding {options.Count} datasets on {provider}");
var seed = options.Reuse ? await seeder.ReuseAsync(ct) : await seeder.SeedAsync(options.Count, options.StoreSample, Log, ct);
Log($"seeded: {JsonSerializer.Serialize(seed)}");
if (provider == "Postgres" && !options.Reuse)
{
    // What autovacuum does shortly after a bulk load; without statistics the planner guesses (a reused database had it after its seeding).
    await using var scope = await seeder.ScopeAsync(ct);
    await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Database.ExecuteSqlRawAsync("VACUUM ANALYZE", ct);
}

results["seed"] = JsonSerializer.SerializeToNode(seed, Json);
if (options.SeedOnly)
{
    return 0;
}

// 2. The real service as a separate process.
var environment = AppProcess.Environment(provider, connectionString);
await using var app = await AppProcess.StartAsync(options.Repo, environment, ct);
Log($"Stadtkern serving at {app.BaseAddress}");
TimeSpan AppCpu()
{
    using var process = Process.GetProcessById(app.ProcessId);
    return process.TotalProcessorTime;
}

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
{
    BaseAddress = app.BaseAddress,
    Timeout = TimeSpan.FromSeconds(30),
};
// The first search waits for the index of the whole catalog to be built (seconds on a quiet machine, much longer on a busy one).
using var firstSearch = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
var ckan = (await firstSearch.GetAsync("t/bench/api/3/action/package_search?rows=0", ct)).IsSuccessStatusCode;
var mix = new SearchMix(seeder.Text, ckan, "t/bench/");
results["endpoint"] = ckan ? "CKAN package_search (/api/3/action/package_search)" : "JSON search (/api/catalog/search)";
Log($"endpoint: {results["endpoint"]}");

async Task<string> SearchOnce(int client, long sequence, CancellationToken token)
{
    var (kind, url) = mix.Next(Random.Shared, sequence);
    using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead, token);
    response.EnsureSuccessStatusCode();
    return kind;
}

// 3. The floors: the same clients against the cheapest HTTP endpoint and a bare database round trip.
Log("floor: /health/live");
var floorDuration = options.SearchOnly ? TimeSpan.FromSeconds(3) : options.Duration;
var (healthFloor, _) = await Load.RunAsync("http-floor /health/live", options.Clients, options.SearchOnly ? TimeSpan.FromSeconds(1) : options.Warmup, floorDuration, async (_, _, token) =>
{
    using var response = await http.GetAsync("health/live", token);
    response.EnsureSuccessStatusCode();
    return "health";
}, ct, AppCpu);

Log("floor: SELECT 1");
LatencyStats dbFloor;
if (provider == "Postgres")
{
    await using var source = NpgsqlDataSource.Create(connectionString);
    (dbFloor, _) = await Load.RunAsync("db-floor SELECT 1 (Npgsql)", options.Clients, options.SearchOnly ? TimeSpan.FromSeconds(1) : options.Warmup, floorDuration, async (_, _, token) =>
    {
        await using var command = source.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(token);
        return "select1";
    }, ct);
}
else
{
    var connections = Enumerable.Range(0, options.Clients).Select(_ => new SqliteConnection(connectionString)).ToArray();
    foreach (var connection in connections)
    {
        await connection.OpenAsync(ct);
    }

    (dbFloor, _) = await Load.RunAsync("db-floor SELECT 1 (Microsoft.Data.Sqlite)", options.Clients, options.SearchOnly ? TimeSpan.FromSeconds(1) : options.Warmup, floorDuration, async (client, _, token) =>
    {
        await using var command = connections[client].CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(token);
        return "select1";
    }, ct);
    foreach (var connection in connections)
    {
        await connection.DisposeAsync();
    }
}

// 4. Search.
Log("search mix");
var (search, byKind) = await Load.RunAsync("search (mix)", options.Clients, options.Warmup, options.Duration, SearchOnce, ct, AppCpu);
Log($"http floor: p95 {healthFloor.P95} ms, {healthFloor.Throughput} req/s, app CPU {healthFloor.AppCpuMsPerRequest} ms/request");
Log($"search mix, {options.Clients} clients: p50 {search.P50} ms, p95 {search.P95} ms, {search.Throughput} req/s, app CPU {search.AppCpuMsPerRequest} ms/request; "
    + string.Join(", ", byKind.Select(k => $"{k.Name} p95 {k.P95}")));

// The same mix at lower concurrency: one client is the figure comparable to a single CKAN/Solr call.
var lowConcurrency = new List<(int Clients, LatencyStats Stats)>();
foreach (var clients in options.LowClients.Where(c => c != options.Clients))
{
    Log($"search mix, {clients} client(s)");
    var (low, _) = await Load.RunAsync($"search (mix), {clients} client{(clients == 1 ? "" : "s")}", clients, options.Warmup, options.Duration, SearchOnce, ct, AppCpu);
    Log($"search mix, {clients} client(s): p50 {low.P50} ms, p95 {low.P95} ms, {low.Throughput} req/s, app CPU {low.AppCpuMsPerRequest} ms/request");
    lowConcurrency.Add((clients, low));
}

results["searchLowerConcurrency"] = new JsonArray([.. lowConcurrency.Select(l => (JsonNode)new JsonObject { ["clients"] = l.Clients, ["stats"] = JsonSerializer.SerializeToNode(l.Stats, Json) })]);
if (options.SearchOnly)
{
    return 0;
}

results["floors"] = new JsonArray(JsonSerializer.SerializeToNode(healthFloor, Json), JsonSerializer.SerializeToNode(dbFloor, Json));
results["search"] = JsonSerializer.SerializeToNode(search, Json);
results["searchByKind"] = JsonSerializer.SerializeToNode(byKind, Json);
results["ratios"] = new JsonObject
{
    ["searchP95OverHttpFloorP95"] = Ratio(search.P95, healthFloor.P95),
    ["searchP95OverDbFloorP95"] = Ratio(search.P95, dbFloor.P95),
};

// 5. Edit → searchable, while the search load keeps running.
Log($"edit→searchable x{options.Edits} under search load");
List<string> names;
await using (var scope = await seeder.ScopeAsync(ct))
{
    names = await scope.ServiceProvider.GetRequiredService<DatasetStore>().Datasets
        .Where(d => d.Access == AccessLevel.Public && d.State == DatasetState.Active)
        .OrderBy(d => d.Name).Select(d => d.Name).Take(options.Edits * 7).ToListAsync(ct);
}

using var background = new CancellationTokenSource();
var backgroundLoad = Load.RunAsync("background", options.Clients, TimeSpan.Zero, TimeSpan.FromHours(1), SearchOnce, background.Token);
await Task.Delay(2000, ct);
var writeMs = new List<double>();
var visibleMs = new List<double>();
var polls = new List<double>();
for (var i = 0; i < options.Edits; i++)
{
    var word = "prüfmarke" + Letters(i) + Letters(Environment.ProcessId % 500);
    await using var scope = await seeder.ScopeAsync(ct);
    var store = scope.ServiceProvider.GetRequiredService<DatasetStore>();
    var dataset = await store.FindAsync(names[i * 7], ct) ?? throw new InvalidOperationException("dataset vanished");
    var input = await store.ToInputAsync(dataset, ct) with { Title = dataset.Title + " " + word };
    var watch = Stopwatch.StartNew();
    var updated = await store.UpdateAsync(dataset.Name, input, CatalogCaller.System("bench"), ct);
    if (updated.Dataset is null)
    {
        throw new InvalidOperationException("edit rejected");
    }

    writeMs.Add(watch.Elapsed.TotalMilliseconds);
    var count = 0;
    while (true)
    {
        count++;
        try
        {
            var json = await http.GetStringAsync(mix.Probe(word), ct);
            if (mix.Total(json) >= 1)
            {
                break;
            }
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            // A probe that times out under load counts as "not yet"; the clock keeps running.
        }

        if (watch.Elapsed > TimeSpan.FromSeconds(120))
        {
            throw new InvalidOperationException($"edit with '{word}' not searchable after 120 s");
        }
    }

    visibleMs.Add(watch.Elapsed.TotalMilliseconds);
    polls.Add(count);
}

await background.CancelAsync();
try
{
    await backgroundLoad;
}
catch (OperationCanceledException)
{
}

var write = LatencyStats.From("edit: store write (commit)", writeMs, 0, 1);
var visible = LatencyStats.From("edit → searchable via HTTP", visibleMs, 0, 1);
results["editToSearchable"] = new JsonObject
{
    ["edits"] = options.Edits,
    ["underLoadClients"] = options.Clients,
    ["writeP50"] = write.P50,
    ["writeP95"] = write.P95,
    ["visibleP50"] = visible.P50,
    ["visibleP95"] = visible.P95,
    ["visibleMax"] = visible.Max,
    ["pollsMax"] = polls.Max(),
};

// 6. Full reindex through the CLI, as an operator runs it.
Log("catalog reindex");
var reindexWatch = Stopwatch.StartNew();
var reindex = await AppProcess.RunCommandAsync(options.Repo, environment, ["catalog", "reindex", "--tenant", "bench"], ct);
if (reindex.ExitCode != 0)
{
    throw new InvalidOperationException("reindex failed: " + reindex.Stderr);
}

results["reindex"] = new JsonObject
{
    ["summary"] = JsonNode.Parse(reindex.Stdout),
    ["wallSecondsIncludingProcessStart"] = Math.Round(reindexWatch.Elapsed.TotalSeconds, 1),
};
results["machine"]!["loadavgAfter"] = BenchResults.LoadAverage();

// 7. Report.
var markdown = Report.Markdown(results, healthFloor, dbFloor, search, byKind, lowConcurrency, write, visible);
await Stadtkern.Bench.BenchResults.WriteAsync(options.Repo, $"catalog-{provider.ToLowerInvariant()}", results, markdown, ct);
return 0;

static double? Ratio(double a, double b) => b > 0 && double.IsFinite(a) ? Math.Round(a / b, 1) : null;

static string Letters(int n)
{
    var builder = new StringBuilder();
    do
    {
        builder.Insert(0, (char)('a' + n % 26));
        n /= 26;
    }
    while (n > 0);
    return builder.ToString();
}

static string Run(string file, string arguments)
{
    try
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Trim();
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return "";
    }
}

internal sealed record Options(string Provider, int Count, int Clients, TimeSpan Warmup, TimeSpan Duration, int Edits, int StoreSample, string Repo,
    bool Reuse = false, bool SeedOnly = false, bool SearchOnly = false, IReadOnlyList<int>? LowClientCounts = null)
{
    public static Options Parse(string[] args)
    {
        var a = new BenchArgs(args);
        string Value(string name, string fallback) => a.Value(name, fallback);
        int Int(string name, int fallback) => a.Int(name, fallback);
        var provider = a.Provider();
        var repo = a.Repo();
        return new Options(provider, Int("--count", 100_000), Int("--clients", 16), TimeSpan.FromSeconds(Int("--warmup", 20)),
            TimeSpan.FromSeconds(Int("--duration", 20)), Int("--edits", 50), Int("--store-sample", 300), repo, args.Contains("--reuse"), args.Contains("--seed-only"),
            args.Contains("--search-only"),
            [.. Value("--low-clients", "1,4").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(c => int.Parse(c, CultureInfo.InvariantCulture)).Where(c => c > 0)]);
    }

    /// <summary>Client counts the search mix is also measured at (<c>--low-clients 1,4</c>; <c>--low-clients 0</c> for none).</summary>
    public IReadOnlyList<int> LowClients => LowClientCounts ?? [];
}
