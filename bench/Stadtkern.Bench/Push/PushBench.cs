using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stadtkern.Features.Alerts.Push;

namespace Stadtkern.Bench.Push;

/// <summary>
/// Web Push encryption throughput (issue 6, point 6): messages/s for a ~1 KB payload, one thread and all cores, next to what
/// each message cannot avoid — a fresh P-256 key pair plus one ECDH agreement (RFC 8291 wants a new sender key per message) and
/// AES-128-GCM over the same bytes — measured in the same run. scripts/bench-push builds and runs it.
/// </summary>
internal static class PushBench
{
    private sealed record Row(string Name, string Threads, long Operations, double Seconds)
    {
        public double PerSecond => Operations / Seconds;
    }

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var duration = 3.0;
        var payloadBytes = 1024;
        var repo = Directory.GetCurrentDirectory();
        for (var i = 0; i < args.Length - 1; i++)
        {
            switch (args[i])
            {
                case "--duration": duration = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--payload": payloadBytes = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--repo": repo = args[++i]; break;
            }
        }

        var loadBefore = BenchResults.LoadAverage();
        using var userAgent = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var uaPublic = P256Keys.ExportPublicKey(userAgent);
        var auth = RandomNumberGenerator.GetBytes(16);
        var payload = Encoding.UTF8.GetBytes(new string('x', payloadBytes)); // content does not matter to the cipher
        using var peer = ECDiffieHellman.Create(P256Keys.PublicParameters(uaPublic));
        using var fixedSender = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var vapid = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var cek = RandomNumberGenerator.GetBytes(16);

        // Correctness first: what is measured decrypts.
        var check = WebPushEncryption.Encrypt(payload, uaPublic, auth);
        if (!WebPushEncryption.Decrypt(check, userAgent, auth).AsSpan().SequenceEqual(payload))
        {
            throw new InvalidOperationException("Round trip failed.");
        }

        var cases = new (string Name, Action Body)[]
        {
            ("Web Push message (aes128gcm, RFC 8291): key pair + ECDH + HKDF + AES-GCM", () => WebPushEncryption.Encrypt(payload, uaPublic, auth)),
            ("Limit: P-256 key pair + one ECDH agreement", () =>
            {
                using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
                ephemeral.DeriveRawSecretAgreement(peer.PublicKey);
            }),
            ("Limit: one ECDH agreement (key pair reused)", () => fixedSender.DeriveRawSecretAgreement(peer.PublicKey)),
            ("Limit: AES-128-GCM of the payload", () =>
            {
                using var aes = new AesGcm(cek, 16);
                var output = new byte[payload.Length + 1];
                var tag = new byte[16];
                aes.Encrypt(new byte[12], payload.AsSpan(), output.AsSpan(0, payload.Length), tag);
            }),
            ("VAPID ES256 token (once per push service per delivery)", () => VapidToken.Create(vapid, "https://fcm.googleapis.com", "mailto:x@example.org", DateTimeOffset.UtcNow.AddHours(12))),
        };

        var rows = new List<Row>();
        foreach (var (name, body) in cases)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows.Add(Measure(name, "1", 1, duration, body));
            rows.Add(Measure(name, "all (" + Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture) + ")", Environment.ProcessorCount, duration, body));
        }

        var message = rows[0..2];
        var limit = rows[2..4];
        var results = new JsonObject
        {
            ["startedUtc"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["machine"] = new JsonObject
            {
                ["processors"] = Environment.ProcessorCount,
                ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                ["dotnet"] = Environment.Version.ToString(),
                ["loadavgBefore"] = loadBefore,
                ["loadavgAfter"] = BenchResults.LoadAverage(),
            },
            ["settings"] = new JsonObject { ["payloadBytes"] = payloadBytes, ["bodyBytes"] = check.Length, ["secondsPerRow"] = duration },
            ["rows"] = new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject
            {
                ["name"] = r.Name,
                ["threads"] = r.Threads,
                ["operations"] = r.Operations,
                ["seconds"] = Math.Round(r.Seconds, 3),
                ["perSecond"] = Math.Round(r.PerSecond),
                ["microsecondsEach"] = Math.Round(1e6 / r.PerSecond, 1),
            })]),
            ["ratios"] = new JsonObject
            {
                ["messageOverKeyPairPlusEcdhSingleThread"] = Math.Round(message[0].PerSecond / limit[0].PerSecond, 2),
                ["messageOverKeyPairPlusEcdhAllCores"] = Math.Round(message[1].PerSecond / limit[1].PerSecond, 2),
                ["allCoresOverSingleThread"] = Math.Round(message[1].PerSecond / message[0].PerSecond, 2),
            },
        };

        var folder = Path.Combine(repo, "bench", "results");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "push.json"), results.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", cancellationToken);
        var md = Markdown(results, rows);
        await File.WriteAllTextAsync(Path.Combine(folder, "push.md"), md, cancellationToken);
        Console.WriteLine(md);
        return 0;
    }

    private static Row Measure(string name, string label, int threads, double seconds, Action body)
    {
        // Warm-up (JIT, OpenSSL caches), then every thread runs until the deadline.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < Math.Min(0.3, seconds / 4))
        {
            body();
        }

        long total = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            long count = 0;
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                body();
                count++;
            }

            Interlocked.Add(ref total, count);
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        return new Row(name, label, total, clock.Elapsed.TotalSeconds);
    }

    private static string Markdown(JsonObject results, List<Row> rows)
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(inv, $"### Web Push encryption throughput: {results["settings"]!["payloadBytes"]}-byte payload ({results["settings"]!["bodyBytes"]}-byte encrypted body)");
        md.AppendLine();
        md.AppendLine(inv, $"`scripts/bench-push`; {results["settings"]!["secondsPerRow"]} s per row; started {results["startedUtc"]}; {results["machine"]!["processors"]} cores, load average before {results["machine"]!["loadavgBefore"]}, after {results["machine"]!["loadavgAfter"]}.");
        md.AppendLine();
        md.AppendLine("| What | Threads | Operations/s | µs each |");
        md.AppendLine("|---|---|---:|---:|");
        foreach (var row in rows)
        {
            md.AppendLine(inv, $"| {row.Name} | {row.Threads} | {row.PerSecond:N0} | {1e6 / row.PerSecond:F1} |");
        }

        var ratios = results["ratios"]!;
        md.AppendLine();
        md.AppendLine(inv, $"- A full message reaches **{ratios["messageOverKeyPairPlusEcdhSingleThread"]}×** (one thread) and **{ratios["messageOverKeyPairPlusEcdhAllCores"]}×** (all cores) of the rate of its unavoidable part, a fresh P-256 key pair plus one ECDH agreement; HKDF, AES-GCM and the header are the rest.");
        md.AppendLine(inv, $"- All cores vs. one thread: **{ratios["allCoresOverSingleThread"]}×**.");
        md.AppendLine("- The VAPID token is signed once per push-service origin per delivery (cached), not per message, so it does not bound throughput.");
        return md.ToString();
    }
}
