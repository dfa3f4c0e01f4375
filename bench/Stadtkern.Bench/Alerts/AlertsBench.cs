using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Platform;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Bench.Alerts;

/// <summary>
/// The SSE fan-out benchmark (issue 6, point 6): N concurrent <c>/alerts/stream</c> subscribers on the built service (a
/// separate process, loopback), alerts published through <c>POST /api/alerts</c> (CAP 1.2 XML, staff token); per round the
/// time from the start of the POST to each subscriber's receipt (p50/p99/max), lost subscribers, and the service's memory per
/// connection (RSS growth / connections). The physical limit is measured in the same run: one pre-encoded frame written by
/// this process to N raw loopback sockets it also reads. Run by scripts/bench-alerts.
/// </summary>
internal static class AlertsBench
{
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var options = AlertsBenchOptions.Parse(args);
        void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
        var results = new JsonObject
        {
            ["provider"] = options.Provider.ToLowerInvariant(),
            ["startedUtc"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["machine"] = new JsonObject
            {
                ["processors"] = Environment.ProcessorCount,
                ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                ["dotnet"] = Environment.Version.ToString(),
                ["loadavgBefore"] = BenchResults.LoadAverage(),
                ["openFilesLimit"] = Sh("sh", "-c \"ulimit -n\""),
            },
            ["settings"] = JsonSerializer.SerializeToNode(options),
        };

        // 1. The physical limit: the same fan-out without the service.
        Log($"raw: {options.Connections} loopback socket pairs, {options.Rounds} frames");
        var raw = await RawFanOutAsync(options, ct);
        results["raw"] = JsonSerializer.SerializeToNode(raw);
        Log($"raw: p50 {raw.P50:F1} ms, p99 {raw.P99:F1} ms, max {raw.Max:F1} ms, lost {raw.Lost}");

        // 2. A fresh database with the demo tenant and a staff token, through the app's own services.
        var connectionString = await FreshDatabaseAsync(options, ct);
        string token;
        await using (var host = StadtkernHost.Build([$"--Database:Provider={options.Provider}", $"--ConnectionStrings:Stadtkern={connectionString}", "--Demo:Catalog=false", "--Demo:Sensing=false"], forCommand: true))
        {
            await DatabaseInitializer.PrepareAsync(host.Services, seedDemo: true, ct);
            var tenant = await host.Services.GetRequiredService<TenantDirectory>().FindAsync("demo", ct) ?? throw new InvalidOperationException("no demo tenant");
            await using var scope = host.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
            token = (await scope.ServiceProvider.GetRequiredService<AccountService>().CreateTokenAsync(Roles.Staff, "bench", null, ct)).Secret;
        }

        // 3. The service, N subscribers, R alerts.
        var environment = AppProcess.Environment(options.Provider, connectionString);
        environment["Nina__PollerEnabled"] = "false";
        foreach (var (key, value) in options.AppSettings)
        {
            environment[key] = value;
        }

        await using var app = await AppProcess.StartAsync(options.Repo, environment, ct);
        Log($"Stadtkern serving at {app.BaseAddress} (pid {app.ProcessId})");
        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await WarmUpAsync(http, ct);
        await Task.Delay(1000, ct);
        var rssBefore = Rss(app.ProcessId);

        var endpoint = new IPEndPoint(IPAddress.Loopback, app.BaseAddress.Port);
        var request = SseSubscribers.Get(endpoint.ToString(), "/alerts/stream");
        await using var subscribers = new SseSubscribers(options.Connections, options.Rounds);
        var connectClock = Stopwatch.StartNew();
        await subscribers.ConnectAsync(endpoint, _ => request, 200, ct);
        while (subscribers.Ready + subscribers.Failed < options.Connections && connectClock.Elapsed < TimeSpan.FromSeconds(120))
        {
            await Task.Delay(100, ct);
        }

        var connectSeconds = connectClock.Elapsed.TotalSeconds;
        await Task.Delay(2000, ct);
        var rssConnected = Rss(app.ProcessId);
        Log($"{subscribers.Ready} of {options.Connections} subscribers connected in {connectSeconds:F1} s ({subscribers.Failed} failed); service RSS {rssBefore / 1048576.0:F0} → {rssConnected / 1048576.0:F0} MiB");

        var rounds = new List<RoundResult>();
        for (var round = 0; round < options.Rounds; round++)
        {
            var identifier = $"bench-{Guid.NewGuid():N}";
            using var content = new StringContent(CapXml(identifier, round), Encoding.UTF8, "application/cap+xml");
            var start = Stopwatch.GetTimestamp();
            using var response = await http.PostAsync("api/alerts", content, ct);
            var acknowledged = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST /api/alerts: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
            }

            var deadline = Stopwatch.StartNew();
            while (subscribers.Received(round) < subscribers.Ready && deadline.Elapsed < TimeSpan.FromSeconds(options.TimeoutSeconds))
            {
                await Task.Delay(20, ct);
            }

            var result = RoundResult.From(round, subscribers.Latencies(round, start), subscribers.Ready, acknowledged);
            rounds.Add(result);
            Log($"round {round + 1}: POST {acknowledged:F0} ms; received by {result.Received} of {subscribers.Ready}: p50 {result.P50:F0} ms, p99 {result.P99:F0} ms, max {result.Max:F0} ms, lost {result.Lost}");
            await Task.Delay(options.PauseMilliseconds, ct);
        }

        var all = rounds.SelectMany(r => r.Latencies).Order().ToArray();
        results["service"] = new JsonObject
        {
            ["connections"] = options.Connections,
            ["connected"] = subscribers.Ready,
            ["connectFailures"] = subscribers.Failed,
            ["connectSeconds"] = Math.Round(connectSeconds, 2),
            ["rssBeforeBytes"] = rssBefore,
            ["rssConnectedBytes"] = rssConnected,
            ["bytesPerConnection"] = subscribers.Ready > 0 ? (rssConnected - rssBefore) / subscribers.Ready : 0,
            ["rounds"] = JsonSerializer.SerializeToNode(rounds.Select(r => r with { Latencies = [] })),
            ["p50Ms"] = Math.Round(Percentile(all, 0.50), 1),
            ["p99Ms"] = Math.Round(Percentile(all, 0.99), 1),
            ["maxMs"] = Math.Round(all.Length == 0 ? 0 : all[^1], 1),
            ["lost"] = rounds.Sum(r => r.Lost),
        };
        results["machine"]!["loadavgAfter"] = BenchResults.LoadAverage();

        await BenchResults.WriteAsync(options.Repo, "alerts-sse", results, AlertsReport.Markdown(results, raw, rounds), ct);
        return 0;
    }

    /// <summary>
    /// The physical limit: a child process (this executable, <c>alerts-raw-server</c>) accepts N loopback connections and, on
    /// each "go" line on its stdin, writes one pre-encoded frame to all of them; this process reads and times them exactly as
    /// it reads the service's subscribers. Two processes because one process cannot hold 2 × N sockets under a 20,000 limit.
    /// </summary>
    private static async Task<RawResult> RawFanOutAsync(AlertsBenchOptions options, CancellationToken ct)
    {
        var viaDotnet = Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet";
        List<string> arguments = viaDotnet ? [typeof(AlertsBench).Assembly.Location] : [];
        arguments.AddRange(["alerts-raw-server", options.Connections.ToString(CultureInfo.InvariantCulture)]);
        var start = new ProcessStartInfo(Environment.ProcessPath!, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        using var server = Process.Start(start) ?? throw new InvalidOperationException("could not start the raw server");
        try
        {
            var port = int.Parse((await server.StandardOutput.ReadLineAsync(ct))!, CultureInfo.InvariantCulture);
            await using var clients = new SseSubscribers(options.Connections, options.Rounds);
            await clients.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), _ => null, 200, ct);
            var accepted = await server.StandardOutput.ReadLineAsync(ct);
            var rounds = new List<RoundResult>();
            for (var round = 0; round < options.Rounds; round++)
            {
                var begin = Stopwatch.GetTimestamp();
                await server.StandardInput.WriteLineAsync("go".AsMemory(), ct);
                await server.StandardInput.FlushAsync(ct);
                var deadline = Stopwatch.StartNew();
                while (clients.Received(round) < options.Connections && deadline.Elapsed < TimeSpan.FromSeconds(options.TimeoutSeconds))
                {
                    await Task.Delay(5, ct);
                }

                rounds.Add(RoundResult.From(round, clients.Latencies(round, begin), options.Connections, 0));
                await Task.Delay(500, ct);
            }

            var all = rounds.SelectMany(r => r.Latencies).Order().ToArray();
            return new RawResult(options.Connections, rounds.Count, Math.Round(Percentile(all, 0.5), 2), Math.Round(Percentile(all, 0.99), 2),
                Math.Round(all.Length == 0 ? 0 : all[^1], 2), rounds.Sum(r => r.Lost));
        }
        finally
        {
            server.StandardInput.Close();
            if (!server.WaitForExit(5000))
            {
                server.Kill();
            }
        }
    }

    /// <summary>The raw server: accept N connections, print the port and "accepted", then write the frame to all on every stdin line.</summary>
    public static async Task<int> RawServerAsync(int connections, CancellationToken ct)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4096);
        Console.WriteLine(((IPEndPoint)listener.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture));
        var servers = new List<Socket>(connections);
        while (servers.Count < connections)
        {
            var s = await listener.AcceptAsync(ct);
            s.NoDelay = true;
            servers.Add(s);
        }

        Console.WriteLine("accepted");
        var frame = Encoding.UTF8.GetBytes("id: 1\nevent: alert\ndata: " + new string('x', 400) + "\n\n");
        while (await Console.In.ReadLineAsync(ct) is not null)
        {
            await Parallel.ForEachAsync(servers, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct },
                async (s, token) => await s.SendAsync(frame, SocketFlags.None, token));
        }

        foreach (var s in servers)
        {
            s.Dispose();
        }

        return 0;
    }

    private static async Task WarmUpAsync(HttpClient http, CancellationToken ct)
    {
        using var response = await http.GetAsync("alerts/stream", HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET /alerts/stream: {(int)response.StatusCode}");
        }
    }

    internal static string CapXml(string identifier, int round)
    {
        var now = DateTimeOffset.UtcNow;
        string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
        return $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
              <identifier>{identifier}</identifier>
              <sender>bench@stadtkern.example</sender>
              <sent>{Time(now)}</sent>
              <status>Exercise</status>
              <msgType>Alert</msgType>
              <scope>Public</scope>
              <info>
                <language>de-DE</language>
                <category>Safety</category>
                <event>Übung {round + 1}</event>
                <urgency>Immediate</urgency>
                <severity>Minor</severity>
                <certainty>Observed</certainty>
                <expires>{Time(now.AddHours(1))}</expires>
                <headline>Lasttest: Warnung {round + 1}</headline>
                <description>Messung der Zustellung an Live-Abonnenten.</description>
                <area><areaDesc>Musterstadt</areaDesc></area>
              </info>
            </alert>
            """;
    }

    internal static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static long Rss(int pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return status is null ? 0 : long.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private static string Sh(string file, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true })!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }

    private static Task<string> FreshDatabaseAsync(AlertsBenchOptions options, CancellationToken ct) =>
        FreshBenchDatabase.CreateAsync(options.Provider, options.Repo, "alerts", ct);
}

internal sealed record RawResult(int Connections, int Rounds, double P50, double P99, double Max, int Lost);

internal sealed record RoundResult(int Round, int Subscribers, int Received, int Lost, double PostMs, double P50, double P99, double Max, double[] Latencies)
{
    public static RoundResult From(int round, double?[] latencies, int subscribers, double postMs)
    {
        var got = latencies.OfType<double>().Order().ToArray();
        return new RoundResult(round + 1, subscribers, got.Length, Math.Max(0, subscribers - got.Length), Math.Round(postMs, 1),
            Math.Round(AlertsBench.Percentile(got, 0.5), 1), Math.Round(AlertsBench.Percentile(got, 0.99), 1), Math.Round(got.Length == 0 ? 0 : got[^1], 1), got);
    }
}

internal sealed record AlertsBenchOptions(string Provider, int Connections, int Rounds, int PauseMilliseconds, int TimeoutSeconds, string Repo, Dictionary<string, string> AppSettings)
{
    public static AlertsBenchOptions Parse(string[] args)
    {
        var a = new BenchArgs(args);
        return new AlertsBenchOptions(a.Provider(), a.Int("--connections", 10_000), a.Int("--rounds", 5), a.Int("--pause", 2000), a.Int("--timeout", 15),
            a.Repo(), a.Settings());
    }
}
