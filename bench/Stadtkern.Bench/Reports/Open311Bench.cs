using System.Globalization;
using System.Text.Json;

namespace Stadtkern.Bench.Reports;

/// <summary>
/// Open311 POST throughput (issue 5): starts the built service on a fresh SQLite file (or the PostgreSQL given with --connection;
/// --provider Postgres alone recreates a database on the server of STADTKERN_TEST_POSTGRES, see scripts/pg-start), seeds the
/// demo city, creates an app token, then drives form-urlencoded POST /open311/v2/requests.json with closed-loop clients and,
/// in the same run with the same client, GET /health/live as the HTTP floor. Then, in the same run on the same database, the
/// write-side floor (<see cref="ReportWriteFloor"/>): single-report inserts, one transaction each, with as many concurrent
/// connections as there were clients, for the same time. Prints JSON with all of them and the ratios.
/// Options: --repo DIR --provider Sqlite|Postgres --connection CS --clients N --warmup S --duration S.
/// </summary>
internal static class Open311Bench
{
    // NaN (a phase without a single completed request in its window) must still print.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var repo = Arg("--repo", Directory.GetCurrentDirectory());
        var provider = Arg("--provider", "Sqlite");
        var file = Path.Combine(Path.GetTempPath(), $"stadtkern-open311-bench-{Guid.NewGuid():N}.db");
        // PostgreSQL without --connection: a recreated database on the server of STADTKERN_TEST_POSTGRES (scripts/pg-start).
        var connection = Array.IndexOf(args, "--connection") < 0 && provider == "Postgres"
            ? await FreshBenchDatabase.CreateAsync(provider, repo, "open311", cancellationToken)
            : Arg("--connection", $"Data Source={file}");
        var clients = int.Parse(Arg("--clients", "8"), CultureInfo.InvariantCulture);
        var warmup = TimeSpan.FromSeconds(double.Parse(Arg("--warmup", "3"), CultureInfo.InvariantCulture));
        var duration = TimeSpan.FromSeconds(double.Parse(Arg("--duration", "15"), CultureInfo.InvariantCulture));

        var environment = AppProcess.Environment(provider, connection);
        environment["Reports__SubmitPermitLimit"] = "1000000000";
        var seed = await AppProcess.RunCommandAsync(repo, environment, ["demo", "seed"], cancellationToken);
        var token = await AppProcess.RunCommandAsync(repo, environment, ["token", "create", "--tenant", "demo", "--role", "app"], cancellationToken);
        if (seed.ExitCode != 0 || token.ExitCode != 0)
        {
            await Console.Error.WriteLineAsync(seed.Stderr + token.Stderr);
            return 1;
        }

        var key = token.Stdout.Trim();
        await using var app = await AppProcess.StartAsync(repo, environment, cancellationToken);
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        var floor = await Load.RunAsync("GET /health/live", clients, warmup, duration, async (_, _, ct) =>
        {
            using var response = await http.GetAsync(new Uri("/health/live", UriKind.Relative), ct);
            response.EnsureSuccessStatusCode();
            return "floor";
        }, cancellationToken);
        var post = await Load.RunAsync("POST /open311/v2/requests.json", clients, warmup, duration, async (client, sequence, ct) =>
        {
            using var body = new FormUrlEncodedContent(
            [
                new("api_key", key),
                new("service_code", "strassenschaden"),
                new("lat", (47.66 + (sequence % 100 * 0.0001)).ToString(CultureInfo.InvariantCulture)),
                new("long", "9.1753"),
                new("description", $"Schlagloch Nummer {sequence.ToString(CultureInfo.InvariantCulture)} von Client {client.ToString(CultureInfo.InvariantCulture)}"),
                new("attribute[groesse]", "mittel"),
                new("email", "bench@example.org"),
            ]);
            using var response = await http.PostAsync(new Uri("/open311/v2/requests.json", UriKind.Relative), body, ct);
            response.EnsureSuccessStatusCode();
            return "post";
        }, cancellationToken);

        // The write floor runs while the service is idle, on the database the service just wrote to, with the same clients,
        // warm-up and duration as the POST phase.
        var insert = await ReportWriteFloor.RunAsync(provider, connection, clients, warmup, duration, withEvent: false, cancellationToken);
        var insertWithEvent = await ReportWriteFloor.RunAsync(provider, connection, clients, warmup, duration, withEvent: true, cancellationToken);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            provider,
            clients,
            load = BenchResults.LoadAverage(),
            floor = floor.All,
            post = post.All,
            writeFloor = insert,
            writeFloorWithEvent = insertWithEvent,
            throughputRatio = Math.Round(post.All.Throughput / floor.All.Throughput, 3),
            writeRatio = Math.Round(post.All.Throughput / insert.Throughput, 3),
            writeRatioWithEvent = Math.Round(post.All.Throughput / insertWithEvent.Throughput, 3),
        }, Json));
        if (File.Exists(file))
        {
            File.Delete(file);
        }

        return 0;
    }
}
