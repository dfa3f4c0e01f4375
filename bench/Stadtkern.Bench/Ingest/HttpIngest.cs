using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Stadtkern.Bench.Ingest;

internal sealed record HttpIngestResult(
    int Clients, int ObservationsPerRequest, double Seconds, long Requests, long Observations, double ObservationsPerSecond,
    double P50, double P95, double P99, double Max, long Overloaded, long Errors, long ResentRequests, long ResentObservations,
    long ResentAnsweredWithOriginal, long AcknowledgedTotal, IReadOnlyCollection<long> AcknowledgedIds);

/// <summary>
/// (a) Closed-loop clients posting dataArray bodies (<c>groups × rows</c> observations, every one unique) to
/// <c>/t/demo/v1.1/CreateObservations</c>. Throughput counts the observations acknowledged within the measured window; latency is a
/// request's time to acknowledgement (the writer answers after the commit).
/// A fraction of requests is sent a second time, as a client retrying after a lost answer would: every row must come back with the
/// original's selfLink. A 503 is honoured with its Retry-After and counted.
/// </summary>
internal static class HttpIngest
{
    public static async Task<HttpIngestResult> RunAsync(Uri address, string token, List<long> streams, IngestOptionsArgs options, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var perRequest = options.GroupsPerRequest * options.RowsPerGroup;
        var warmup = TimeSpan.FromSeconds(options.Warmup);
        var end = warmup + TimeSpan.FromSeconds(options.Duration);
        var clock = Stopwatch.StartNew();
        long nextGroup = 0, measuredObservations = 0, measuredRequests = 0, overloaded = 0, errors = 0, resent = 0, resentOk = 0;
        var latencies = new ConcurrentBag<double>();
        var acknowledged = new ConcurrentBag<long[]>();
        string? firstError = null;

        async Task ClientAsync(int client)
        {
            var random = new Random(client);
            while (clock.Elapsed < end && !ct.IsCancellationRequested)
            {
                var first = Interlocked.Add(ref nextGroup, options.GroupsPerRequest) - options.GroupsPerRequest;
                var body = Body(streams, first, options.GroupsPerRequest, options.RowsPerGroup);
                var started = clock.Elapsed;
                var links = await PostAsync(body);
                if (links is null)
                {
                    continue;
                }

                var ended = clock.Elapsed;
                var ids = links.Select(Id).ToArray();
                acknowledged.Add(ids);
                if (ended > warmup && ended <= end) // acknowledged within the measured window
                {
                    latencies.Add((ended - started).TotalMilliseconds);
                    Interlocked.Add(ref measuredObservations, ids.Length);
                    Interlocked.Increment(ref measuredRequests);
                }

                if (random.NextDouble() < options.Resend)
                {
                    Interlocked.Increment(ref resent);
                    var again = await PostAsync(body);
                    if (again is not null && again.SequenceEqual(links))
                    {
                        Interlocked.Increment(ref resentOk);
                    }
                }
            }
        }

        async Task<string[]?> PostAsync(byte[] body)
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                try
                {
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using var response = await http.PostAsync("t/demo/v1.1/CreateObservations", content, ct);
                    if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                    {
                        Interlocked.Increment(ref overloaded);
                        await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), ct);
                        continue;
                    }

                    response.EnsureSuccessStatusCode();
                    var links = await JsonSerializer.DeserializeAsync<string[]>(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
                    if (links is null || links.Any(l => l == "error"))
                    {
                        throw new InvalidOperationException("rows answered with error");
                    }

                    return links;
                }
                catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or InvalidOperationException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                    return null;
                }
            }

            return null;
        }

        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(c => Task.Run(() => ClientAsync(c), ct)));
        if (firstError is not null)
        {
            Console.Error.WriteLine("first error: " + firstError);
        }

        var sorted = latencies.ToList();
        sorted.Sort();
        double At(double q) => sorted.Count == 0 ? double.NaN : Math.Round(sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)], 1);
        var ackIds = acknowledged.SelectMany(a => a).ToList();
        return new HttpIngestResult(options.Clients, perRequest, options.Duration, measuredRequests, measuredObservations,
            Math.Round(measuredObservations / (double)options.Duration), At(0.5), At(0.95), At(0.99), sorted.Count == 0 ? double.NaN : Math.Round(sorted[^1], 1),
            overloaded, errors, resent, resent * perRequest, resentOk, ackIds.Count, ackIds);
    }

    private static long Id(string link) => long.Parse(link.AsSpan()[(link.LastIndexOf('(') + 1)..^1], CultureInfo.InvariantCulture);

    /// <summary>Group g goes to datastream g % S; its rows are one second apart from second (g / S) × rows on: all unique.</summary>
    private static byte[] Body(List<long> streams, long firstGroup, int groups, int rows)
    {
        var buffer = new ArrayBufferWriter<byte>(groups * rows * 48);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            for (var g = firstGroup; g < firstGroup + groups; g++)
            {
                var stream = streams[(int)(g % streams.Count)];
                var start = IngestBench.Base.AddSeconds(g / streams.Count * rows);
                json.WriteStartObject();
                json.WriteStartObject("Datastream");
                json.WriteNumber("@iot.id", stream);
                json.WriteEndObject();
                json.WriteStartArray("components");
                json.WriteStringValue("phenomenonTime");
                json.WriteStringValue("result");
                json.WriteEndArray();
                json.WriteNumber("dataArray@iot.count", rows);
                json.WriteStartArray("dataArray");
                for (var i = 0; i < rows; i++)
                {
                    json.WriteStartArray();
                    json.WriteStringValue(start.AddSeconds(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                    json.WriteNumberValue(((g * 7) + i) % 400 / 10.0);
                    json.WriteEndArray();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
