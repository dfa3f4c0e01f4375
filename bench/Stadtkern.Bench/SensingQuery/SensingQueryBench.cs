using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Stadtkern.Bench.Ingest;
using Stadtkern.Platform;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Bench.SensingQuery;

/// <summary>
/// The query benchmark of issue 4, point 9, on PostgreSQL: a fresh database with the demo tenant, 1,000 datastreams and (by
/// default) 50 million observations loaded by binary COPY exactly as ingest would leave them (<see cref="ObservationLoader"/>),
/// then the built service as a separate process, measured over HTTP with concurrent clients for each query of
/// <see cref="QueryCases"/>, each against the same answer from hand-written SQL with the same concurrency. Run by
/// scripts/bench-sensing-query; writes bench/results/sensing-query-postgres.{json,md}.
/// </summary>
internal static class SensingQueryBench
{
    /// <summary>Web names; a phase without samples has NaN percentiles, written as "NaN".</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var options = SensingQueryArgs.Parse(args);
        var total = Stopwatch.StartNew();
        void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
        var results = new JsonObject
        {
            ["provider"] = "postgres",
            ["startedUtc"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["machine"] = new JsonObject
            {
                ["processors"] = Environment.ProcessorCount,
                ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                ["dotnet"] = Environment.Version.ToString(),
                ["loadavgBefore"] = BenchResults.LoadAverage(),
            },
            ["settings"] = JsonSerializer.SerializeToNode(options, Json),
        };

        // 1. A fresh database (or the one of the previous run with --reuse), schema and demo tenant through the app's services.
        string connectionString;
        SeriesShape shape;
        if (options.Reuse)
        {
            connectionString = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("STADTKERN_TEST_POSTGRES")) { Database = "stadtkern_bench_sensing_query" }.ToString();
            shape = await ReuseAsync(connectionString, options, ct);
            Log("reusing " + ObservationLoader.Describe(shape));
            results["load"] = "reused";
        }
        else
        {
            connectionString = await FreshBenchDatabase.CreateAsync("Postgres", options.Repo, "sensing_query", ct);
            Guid tenantId;
            await using (var host = StadtkernHost.Build(["--Database:Provider=Postgres", $"--ConnectionStrings:Stadtkern={connectionString}", "--Demo:Catalog=false"], forCommand: true))
            {
                await DatabaseInitializer.PrepareAsync(host.Services, seedDemo: true, ct);
                var tenant = await host.Services.GetRequiredService<TenantDirectory>().FindAsync("demo", ct) ?? throw new InvalidOperationException("no demo tenant");
                tenantId = tenant.Id;
            }

            var streams = await new BenchDatabase("Postgres", connectionString).CreateDatastreamsAsync(tenantId, options.Streams, ct);
            shape = await ObservationLoader.ShapeAsync(connectionString, streams, options.Observations, options.IntervalSeconds, ct);
            Log("loading " + ObservationLoader.Describe(shape));
            var load = await ObservationLoader.LoadAsync(connectionString, shape, options.Workers, Log, ct);
            Log($"loaded: {JsonSerializer.Serialize(load)}");
            results["load"] = JsonSerializer.SerializeToNode(load, Json);
        }

        results["series"] = ObservationLoader.Describe(shape);
        results["tableSize"] = await ScalarTextAsync(connectionString, "SELECT pg_size_pretty(pg_total_relation_size('sensing_observations'::regclass) + (SELECT COALESCE(SUM(pg_total_relation_size(inhrelid)), 0) FROM pg_inherits WHERE inhparent = 'sensing_observations'::regclass))", ct);
        results["observationRows"] = await ScalarTextAsync(connectionString, "SELECT SUM(observation_count)::text FROM sensing_datastreams", ct);
        if (options.LoadOnly)
        {
            return 0;
        }

        // 2. The service as a separate process (it applies pending migrations at start, as in production).
        var environment = AppProcess.Environment("Postgres", connectionString);
        foreach (var (key, value) in options.AppSettings)
        {
            environment[key] = value;
        }

        await using var app = await AppProcess.StartAsync(options.Repo, environment, ct);
        Log($"Stadtkern serving at {app.BaseAddress}");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(app.BaseAddress, "v1.1/"),
            Timeout = TimeSpan.FromSeconds(60),
        };
        // The hand-written side gets what the service has: statements prepared after a few uses (the service's sensor hub data
        // source does the same) and no session reset when a connection goes back to the pool, so the ratio compares the answers, not
        // the parse-and-plan and reset either side may skip.
        await using var source = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = options.Clients + 2,
            MaxAutoPrepare = 16,
            NoResetOnClose = true,
        }.ToString()).Build();
        var cases = new QueryCases(http, source, shape, options.PageSize);
        var rows = new JsonArray();
        var measured = new List<(QueryCase Case, LatencyStats Http, LatencyStats Sql)>();
        var httpCases = cases.All(options.Clients);
        var sqlCases = cases.All(options.Clients);

        // A freshly started service spends its first minute under load compiling (tiered JIT: ~30% of its CPU 25-37 s after
        // start in a perf profile), which would land in the first queries' HTTP figures only. It gets the selected HTTP
        // queries in turn first (not measured); --service-warmup 0 skips this.
        var selected = httpCases.Where(c => options.Only.Count == 0 || options.Only.Contains(c.Name)).ToList();
        if (options.ServiceWarmup > 0 && selected.Count > 0)
        {
            Log($"warming the service up for {options.ServiceWarmup} s ({string.Join(", ", selected.Select(c => c.Name))})");
            await Load.RunAsync("service warm-up", options.Clients, TimeSpan.Zero, TimeSpan.FromSeconds(options.ServiceWarmup),
                (c, s, token) => selected[(int)(s % selected.Count)].Http(c, s, token), ct);
            httpCases = cases.All(options.Clients);
        }

        for (var i = 0; i < httpCases.Count; i++)
        {
            var item = httpCases[i];
            if (options.Only.Count > 0 && !options.Only.Contains(item.Name))
            {
                continue;
            }

            // HTTP and SQL in alternating slices (--rounds of them, each side duration/rounds): how fast this shared machine is
            // drifts by a fifth within minutes, and one side measured after the other took that drift into the ratio. Each
            // slice continues the request sequence of the one before it (other datastreams and days, not the cached ones).
            // An exact count(*) over the whole table takes seconds per statement: one long window for each side instead.
            var rounds = item.Name == "count-all" ? 1 : Math.Max(1, options.Rounds);
            var sqlSeconds = item.Name == "count-all" ? Math.Max(options.Duration, options.CountAllSeconds) : options.Duration;
            Log($"{item.Name}: HTTP and SQL, {options.Clients} clients, {rounds} alternating round(s)");
            var (httpMs, sqlMs) = (new List<double>(), new List<double>());
            var (httpErrors, sqlErrors) = (0, 0);
            for (var round = 0; round < rounds; round++)
            {
                var warmup = TimeSpan.FromSeconds(round == 0 ? options.Warmup : Math.Min(1, options.Warmup));
                var first = round * 10_000_000L;
                var (h, _) = await Load.RunAsync(item.Name + " (HTTP)", options.Clients, warmup, TimeSpan.FromSeconds((double)options.Duration / rounds), item.Http, ct, firstSequence: first, keep: httpMs);
                var (q, _) = await Load.RunAsync(item.Name + " (SQL)", options.Clients, warmup, TimeSpan.FromSeconds((double)sqlSeconds / rounds), sqlCases[i].Direct, ct, firstSequence: first, keep: sqlMs);
                (httpErrors, sqlErrors) = (httpErrors + h.Errors, sqlErrors + q.Errors);
            }

            var viaHttp = LatencyStats.From(item.Name + " (HTTP)", httpMs, httpErrors, options.Duration);
            var viaSql = LatencyStats.From(item.Name + " (SQL)", sqlMs, sqlErrors, sqlSeconds);
            Log($"{item.Name}: HTTP p50 {viaHttp.P50} ms p95 {viaHttp.P95} ms ({viaHttp.Requests} requests, {viaHttp.Errors} errors); SQL p50 {viaSql.P50} ms p95 {viaSql.P95} ms ({viaSql.Requests} requests)");
            measured.Add((item, viaHttp, viaSql));
            rows.Add(new JsonObject
            {
                ["name"] = item.Name,
                ["description"] = item.Description,
                ["sql"] = item.Sql,
                ["http"] = JsonSerializer.SerializeToNode(viaHttp, Json),
                ["direct"] = JsonSerializer.SerializeToNode(viaSql, Json),
                ["p95Ratio"] = Ratio(viaHttp.P95, viaSql.P95),
                ["p50Ratio"] = Ratio(viaHttp.P50, viaSql.P50),
            });
        }

        results["queries"] = rows;
        results["machine"]!["loadavgAfter"] = BenchResults.LoadAverage();
        results["totalSeconds"] = Math.Round(total.Elapsed.TotalSeconds);

        await BenchResults.WriteAsync(options.Repo, "sensing-query-postgres", results, SensingQueryReport.Markdown(results, measured, options), ct);
        return 0;
    }

    /// <summary>The series of a previous run, read back from its datastreams.</summary>
    private static async Task<SeriesShape> ReuseAsync(string connectionString, SensingQueryArgs options, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT d.id, d.observation_count, (SELECT MIN(o.id) FROM sensing_observations o WHERE o.datastream_id = d.id) FROM sensing_datastreams d WHERE d.name LIKE 'Bench %' ORDER BY d.id", connection);
        var streams = new List<long>();
        long steps = 0, first = long.MaxValue;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            streams.Add(reader.GetInt64(0));
            steps = reader.GetInt64(1);
            first = Math.Min(first, reader.GetInt64(2));
        }

        return new SeriesShape(streams, (int)steps, options.IntervalSeconds, first);
    }

    private static async Task<string> ScalarTextAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync(ct))!;
    }

    private static double? Ratio(double a, double b) => b > 0 && double.IsFinite(a) ? Math.Round(a / b, 2) : null;

}

internal sealed record SensingQueryArgs(long Observations, int Streams, int IntervalSeconds, int Workers, int Clients, int PageSize, int Warmup, int Duration, int CountAllSeconds,
    int ServiceWarmup, int Rounds, bool Reuse, bool LoadOnly, IReadOnlyList<string> Only, string Repo, Dictionary<string, string> AppSettings)
{
    public static SensingQueryArgs Parse(string[] args)
    {
        var a = new BenchArgs(args);
        long Long(string name, long fallback) => long.Parse(a.Value(name, fallback.ToString(CultureInfo.InvariantCulture)).Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

        return new SensingQueryArgs(Long("--observations", 50_000_000), (int)Long("--streams", 1000), (int)Long("--interval", 300), (int)Long("--workers", 2),
            (int)Long("--clients", 8), (int)Long("--page", 100), (int)Long("--warmup", 3), (int)Long("--duration", 10), (int)Long("--count-all-seconds", 40),
            (int)Long("--service-warmup", 30), (int)Long("--rounds", 5), args.Contains("--reuse"), args.Contains("--load-only"),
            a.Value("--only", "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            a.Repo(), a.Settings());
    }
}
