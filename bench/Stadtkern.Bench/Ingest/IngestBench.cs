using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Sensing.Ingest;
using Stadtkern.Platform;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Bench.Ingest;

/// <summary>
/// The ingest benchmark (issue 4, point 9): first the raw limit (binary COPY straight into <c>sensing_observations</c> on
/// PostgreSQL, a batched prepared insert on SQLite), then (a) <c>POST /v1.1/CreateObservations</c> dataArray ingest with
/// concurrent clients against the built service as a separate process; observations/s, ratio to raw, ack latency, and loss
/// and duplicates counted exactly by SQL. (b) MQTT and (c) LoRaWAN rows are added by their helpers (see <see cref="IngestReport"/>).
/// Run by scripts/bench-ingest.
/// </summary>
internal static class IngestBench
{
    public static readonly DateTimeOffset Base = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var options = IngestOptionsArgs.Parse(args);
        var paths = IngestPaths.Parse(args);
        void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
        var provider = options.Provider;
        var connectionString = await FreshDatabaseAsync(options, ct);
        var results = new JsonObject
        {
            ["provider"] = provider.ToLowerInvariant(),
            ["startedUtc"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["machine"] = new JsonObject
            {
                ["processors"] = Environment.ProcessorCount,
                ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                ["dotnet"] = Environment.Version.ToString(),
                ["loadavgBefore"] = BenchResults.LoadAverage(),
            },
            ["settings"] = JsonSerializer.SerializeToNode(options),
        };

        // 1. Schema, demo tenant, an app token and the datastreams, through the app's own services.
        string token;
        Guid tenantId;
        await using (var host = StadtkernHost.Build([$"--Database:Provider={provider}", $"--ConnectionStrings:Stadtkern={connectionString}", "--Demo:Catalog=false"], forCommand: true))
        {
            await DatabaseInitializer.PrepareAsync(host.Services, seedDemo: true, ct);
            var tenant = await host.Services.GetRequiredService<TenantDirectory>().FindAsync("demo", ct) ?? throw new InvalidOperationException("no demo tenant");
            tenantId = tenant.Id;
            await using var scope = host.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
            token = (await scope.ServiceProvider.GetRequiredService<AccountService>().CreateTokenAsync(Roles.App, "bench", null, ct)).Secret;
        }

        var db = new BenchDatabase(provider, connectionString);
        var streams = await db.CreateDatastreamsAsync(tenantId, options.Streams, ct);
        Log($"{streams.Count} datastreams in tenant demo on {provider}");

        // 2. The raw limit.
        var raw = new List<RawResult>();
        foreach (var parallel in provider == "Postgres" ? new[] { 1, 2 } : [1])
        {
            Log($"raw: {options.Raw} observations, {parallel} stream(s)");
            raw.Add(await RawInsert.RunAsync(db, streams, options.Raw, parallel, ct));
            Log($"raw: {raw[^1].ObservationsPerSecond:F0} obs/s");
            await db.ClearObservationsAsync(ct);
        }

        var rawBest = raw.MaxBy(r => r.ObservationsPerSecond)!;
        results["raw"] = JsonSerializer.SerializeToNode(raw);

        var hostArgs = new List<string> { $"--Database:Provider={provider}", $"--ConnectionStrings:Stadtkern={connectionString}" };
        hostArgs.AddRange(options.AppSettings.Select(s => $"--{s.Key.Replace("__", ":", StringComparison.Ordinal)}={s.Value}"));
        var environment = AppProcess.Environment(provider, connectionString);
        foreach (var (key, value) in options.AppSettings)
        {
            environment[key] = value;
        }

        WriterIngestResult? writerOnly = null;
        HttpIngestResult? http = null;
        Verification? verification = null;
        if (paths.Http)
        {
            // 3. The writer alone, in this process: what the HTTP edge costs on top of it.
            await using (var host = StadtkernHost.Build([.. hostArgs], forCommand: true))
            {
                Log("writer alone (in process)");
                writerOnly = await WriterIngest.RunAsync(host.Services.GetRequiredService<IObservationWriter>(), tenantId, streams, options, ct);
                Log($"writer alone: {writerOnly.ObservationsPerSecond:F0} obs/s");
            }

            await db.ClearObservationsAsync(ct);
            results["writerOnly"] = JsonSerializer.SerializeToNode(writerOnly);

            // 4. (a) HTTP CreateObservations, the service as a separate process.
            await using (var app = await AppProcess.StartAsync(options.Repo, environment, ct))
            {
                Log($"Stadtkern serving at {app.BaseAddress}; HTTP dataArray ingest, {options.Clients} clients × {options.GroupsPerRequest}×{options.RowsPerGroup} rows per request");
                http = await HttpIngest.RunAsync(app.BaseAddress, token, streams, options, ct, app.ProcessId, db);
                Log($"HTTP: {http.ObservationsPerSecond:F0} obs/s, p50 {http.P50:F1} ms, p99 {http.P99:F1} ms");
            }

            verification = await db.VerifyAsync(http.AcknowledgedIds, ct);
            Log($"verify: {JsonSerializer.Serialize(verification)}");
            results["http"] = JsonSerializer.SerializeToNode(http with { AcknowledgedIds = [] });
            results["httpVerification"] = JsonSerializer.SerializeToNode(verification);
            results["ratio"] = Math.Round(http.ObservationsPerSecond / rawBest.ObservationsPerSecond, 3);
        }

        // 5. (b) MQTT QoS 1 through mosquitto and (c) TTS webhooks with 3-gateway duplicates: the service as a separate process.
        MqttIngestResult? mqtt = null;
        MqttIngestResult? mqttSilent = null;
        TtsIngestResult? tts = null;
        async Task<MqttIngestResult> MqttAsync(string label, bool notifications)
        {
            await db.ClearObservationsAsync(ct);
            var mqttEnvironment = new Dictionary<string, string>(environment, StringComparer.Ordinal) { ["Mqtt__Url"] = paths.MqttUrl! };
            if (!notifications)
            {
                mqttEnvironment["Sensing__Mqtt__Publish"] = "false";
            }

            await using var app = await AppProcess.StartAsync(options.Repo, mqttEnvironment, ct);
            await MqttIngest.AddLocationAsync(app.BaseAddress, token, db, streams[0], ct);
            Log($"{label} QoS 1 through {paths.MqttUrl}: {paths.Publishers} publishers, window {paths.Window} per publisher, {streams.Count} datastreams, notifications {(notifications ? "on" : "off")}");
            var result = await MqttIngest.RunAsync(paths.MqttUrl!, db, streams, options, paths.Publishers, paths.Window, app.ProcessId, ct);
            Log($"{label}: {result.ObservationsPerSecond:F0} obs/s, p50 {result.P50:F1} ms, p99 {result.P99:F1} ms, lost {result.Lost}, duplicates {result.DuplicateRows}, service CPU {result.ServiceCpuMsPer1000} ms/1000 obs, broker {result.BrokerCpuMsPer1000}");
            return result;
        }

        if (paths.Mqtt)
        {
            mqtt = await MqttAsync("MQTT", notifications: true);
            results["mqtt"] = JsonSerializer.SerializeToNode(mqtt);
            results["mqttRatio"] = Math.Round(mqtt.ObservationsPerSecond / rawBest.ObservationsPerSecond, 3);
        }

        if (paths.MqttSilent)
        {
            mqttSilent = await MqttAsync("MQTT, notifications off", notifications: false);
            results["mqttSilent"] = JsonSerializer.SerializeToNode(mqttSilent);
            results["mqttSilentRatio"] = Math.Round(mqttSilent.ObservationsPerSecond / rawBest.ObservationsPerSecond, 3);
        }

        if (paths.Tts)
        {
            await db.ClearObservationsAsync(ct);
            await using var app = await AppProcess.StartAsync(options.Repo, environment, ct);
            Log($"TTS webhooks: {paths.TtsClients} clients × 3 copies per uplink, {paths.Devices} devices");
            tts = await TtsIngest.RunAsync(app.BaseAddress, token, db, options with { Clients = paths.TtsClients }, paths.Devices, app.ProcessId, ct);
            Log($"TTS: {tts.ObservationsPerSecond:F0} obs/s, p50 {tts.P50:F1} ms, p99 {tts.P99:F1} ms, lost {tts.Lost}, duplicates {tts.DuplicateRows}, service CPU {tts.ServiceCpuMsPer1000} ms/1000 obs");
            results["tts"] = JsonSerializer.SerializeToNode(tts);
            results["ttsRatio"] = Math.Round(tts.ObservationsPerSecond / rawBest.ObservationsPerSecond, 3);
        }

        results["machine"]!["loadavgAfter"] = BenchResults.LoadAverage();

        // A run of some paths only (e.g. --paths mqtt,tts) does not overwrite the full report.
        var only = paths.All ? "" : "-" + string.Join("-", paths.Paths.Order(StringComparer.Ordinal));
        var markdown = IngestReport.Markdown(results, raw, rawBest, writerOnly, http, verification, mqtt, mqttSilent, tts);
        await BenchResults.WriteAsync(options.Repo, $"ingest-{provider.ToLowerInvariant()}{only}", results, markdown, ct);
        return 0;
    }

    private static Task<string> FreshDatabaseAsync(IngestOptionsArgs options, CancellationToken ct) =>
        FreshBenchDatabase.CreateAsync(options.Provider, options.Repo, "ingest", ct);
}

internal sealed record IngestOptionsArgs(string Provider, int Clients, int GroupsPerRequest, int RowsPerGroup, int Streams, int Warmup, int Duration,
    int Raw, double Resend, string Repo, Dictionary<string, string> AppSettings)
{
    public static IngestOptionsArgs Parse(string[] args)
    {
        var a = new BenchArgs(args);
        var provider = a.Provider();
        return new IngestOptionsArgs(provider, a.Int("--clients", 16), a.Int("--groups", 10), a.Int("--rows", 100), a.Int("--streams", 100),
            a.Int("--warmup", 15), a.Int("--duration", 20), a.Int("--raw", provider == "Postgres" ? 1_000_000 : 500_000),
            double.Parse(a.Value("--resend", "0.02"), CultureInfo.InvariantCulture), a.Repo(), a.Settings());
    }
}
