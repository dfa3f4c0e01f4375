using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Stadtkern.Features.Sensing.Ingest;

namespace Stadtkern.Bench.Ingest;

internal sealed record WriterIngestResult(int Callers, int ObservationsPerCall, double Seconds, long Observations, double ObservationsPerSecond, double P50, double P99);

/// <summary>
/// The writer alone, in this process (no HTTP, no JSON): the same observations handed straight to <see cref="IObservationWriter"/>
/// by concurrent callers. Separates the cost of the writer's transaction from that of the HTTP edge.
/// </summary>
internal static class WriterIngest
{
    public static async Task<WriterIngestResult> RunAsync(IObservationWriter writer, Guid tenant, List<long> streams, IngestOptionsArgs options, CancellationToken ct)
    {
        var perCall = options.GroupsPerRequest * options.RowsPerGroup;
        var warmup = TimeSpan.FromSeconds(options.Warmup);
        var end = warmup + TimeSpan.FromSeconds(options.Duration);
        var clock = Stopwatch.StartNew();
        long nextGroup = 0, measured = 0;
        var latencies = new ConcurrentBag<double>();
        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < end)
            {
                var first = Interlocked.Add(ref nextGroup, options.GroupsPerRequest) - options.GroupsPerRequest;
                var observations = new List<IncomingObservation>(perCall);
                for (var g = first; g < first + options.GroupsPerRequest; g++)
                {
                    var stream = streams[(int)(g % streams.Count)];
                    var start = IngestBench.Base.AddSeconds(g / streams.Count * options.RowsPerGroup);
                    for (var i = 0; i < options.RowsPerGroup; i++)
                    {
                        observations.Add(new IncomingObservation(stream, start.AddSeconds(i), null, null, JsonValue.Create(((g * 7) + i) % 400 / 10.0), null, null, null, null, null));
                    }
                }

                var started = clock.Elapsed;
                var result = await writer.WriteAsync(observations, null, tenant, ct);
                var ended = clock.Elapsed;
                if (result.Outcomes.Any(o => o != IngestOutcome.Stored))
                {
                    throw new InvalidOperationException("writer did not store every observation");
                }

                if (ended > warmup && ended <= end) // acknowledged within the measured window
                {
                    latencies.Add((ended - started).TotalMilliseconds);
                    Interlocked.Add(ref measured, perCall);
                }
            }
        }, ct)));

        var sorted = latencies.Order().ToList();
        double At(double q) => sorted.Count == 0 ? double.NaN : Math.Round(sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)], 1);
        return new WriterIngestResult(options.Clients, perCall, options.Duration, measured, Math.Round(measured / (double)options.Duration), At(0.5), At(0.99));
    }
}
