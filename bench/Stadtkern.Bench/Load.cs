using System.Diagnostics;

namespace Stadtkern.Bench;

/// <summary>Latency percentiles (ms) and throughput of one load phase.</summary>
internal sealed record LatencyStats(string Name, int Requests, int Errors, double Seconds, double Throughput, double P50, double P95, double P99, double Max)
{
    /// <summary>CPU time the service process used in the measured window, per request (ms); a figure that another
    /// process's load on the machine changes much less than the latencies.</summary>
    public double? AppCpuMsPerRequest { get; init; }

    public static LatencyStats From(string name, List<double> ms, int errors, double seconds)
    {
        ms.Sort();
        double At(double q) => ms.Count == 0 ? double.NaN : Math.Round(ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(q * ms.Count) - 1)], 3);
        return new LatencyStats(name, ms.Count, errors, Math.Round(seconds, 1), Math.Round(ms.Count / seconds, 1), At(0.50), At(0.95), At(0.99), ms.Count == 0 ? double.NaN : Math.Round(ms[^1], 3));
    }
}

/// <summary>
/// Closed-loop load: <c>clients</c> workers each send one request, wait for the answer, send the next. After a
/// warm-up the latencies of a fixed window are kept, per operation kind and overall.
/// </summary>
internal static class Load
{
    /// <summary>One operation; returns its kind (for the per-kind table) or throws on failure.</summary>
    public delegate Task<string> Operation(int client, long sequence, CancellationToken cancellationToken);

    public static async Task<(LatencyStats All, List<LatencyStats> ByKind)> RunAsync(
        string name, int clients, TimeSpan warmup, TimeSpan duration, Operation operation, CancellationToken cancellationToken, Func<TimeSpan>? appCpu = null,
        long firstSequence = 0, List<double>? keep = null)
    {
        var samples = new List<(string Kind, double Ms)>[clients];
        var errors = new int[clients];
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        var measureFrom = warmup;
        var measureTo = warmup + duration;
        var workers = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = samples[c] = [];
            long sequence = firstSequence + c;
            while (clock.Elapsed < measureTo && !cancellationToken.IsCancellationRequested)
            {
                var started = clock.Elapsed;
                string kind;
                try
                {
                    kind = await operation(c, sequence, cancellationToken);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    Interlocked.CompareExchange(ref firstError, $"{name}: {e.GetType().Name}: {e.Message}", null);
                    if (started >= measureFrom)
                    {
                        errors[c]++;
                    }

                    sequence += clients;
                    continue;
                }

                var ended = clock.Elapsed;
                if (started >= measureFrom && ended <= measureTo)
                {
                    mine.Add((kind, (ended - started).TotalMilliseconds));
                }

                sequence += clients;
            }
        }, cancellationToken)).ToArray();
        var cpuWindow = appCpu is null ? null : Task.Run(async () =>
        {
            await Task.Delay(measureFrom, cancellationToken);
            var before = appCpu();
            await Task.Delay(duration, cancellationToken);
            return (appCpu() - before).TotalMilliseconds;
        }, cancellationToken);
        await Task.WhenAll(workers);
        if (firstError is not null)
        {
            Console.Error.WriteLine("first error: " + firstError);
        }

        var all = samples.SelectMany(s => s).ToList();
        keep?.AddRange(all.Select(s => s.Ms));
        var seconds = duration.TotalSeconds;
        var byKind = all.GroupBy(s => s.Kind, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => LatencyStats.From(g.Key, [.. g.Select(s => s.Ms)], 0, seconds)).ToList();
        var stats = LatencyStats.From(name, [.. all.Select(s => s.Ms)], errors.Sum(), seconds);
        if (cpuWindow is not null && stats.Requests > 0)
        {
            stats = stats with { AppCpuMsPerRequest = Math.Round(await cpuWindow / stats.Requests, 3) };
        }

        return (stats, byKind);
    }
}
