using System.Buffers;
using System.Buffers.Text;
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
    long ResentAnsweredWithOriginal, long AcknowledgedTotal, long BodiesPrepared, long BodiesBuiltDuringRun,
    CpuShare? Cpu, IReadOnlyCollection<long> AcknowledgedIds);

/// <summary>CPU seconds spent in the measured window by the service process, the database's server processes (PostgreSQL backends
/// of the bench database) and this client, and each per acknowledged observation (µs): independent of what else the machine runs.</summary>
internal sealed record CpuShare(double ServiceSeconds, double DatabaseSeconds, double ClientSeconds, double ServiceMicrosPerObservation,
    double DatabaseMicrosPerObservation, double ClientMicrosPerObservation);

/// <summary>
/// (a) Closed-loop clients posting dataArray bodies (<c>groups × rows</c> observations, every one unique) to
/// <c>/t/demo/v1.1/CreateObservations</c>. Throughput counts the observations acknowledged within the measured window; latency is a
/// request's time to acknowledgement (the writer answers after the commit).
/// A fraction of requests is sent a second time, as a client retrying after a lost answer would: every row must come back with the
/// original's selfLink. A 503 is honoured with its Retry-After and counted.
/// <para>
/// The client is not the system under test but shares the machine's cores with it, so it spends as little CPU as it can while
/// measuring: the request bodies are serialised before the clock starts (enough for <see cref="CeilingPerSecond"/> observations/s
/// over warm-up and measured window; should the service be faster, further bodies are built on the fly and counted), and an
/// answer is read as bytes, taking only the ids out of the selfLinks. The service does exactly the same work either way.
/// </para>
/// </summary>
internal static class HttpIngest
{
    /// <summary>Bodies prepared in advance: enough for this rate (above the raw COPY rate of this 2-core machine).</summary>
    public const int CeilingPerSecond = 400_000;

    public static async Task<HttpIngestResult> RunAsync(Uri address, string token, List<long> streams, IngestOptionsArgs options, CancellationToken ct,
        int? serviceProcessId = null, BenchDatabase? database = null)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var perRequest = options.GroupsPerRequest * options.RowsPerGroup;

        // Request k carries groups [k × groups, (k + 1) × groups): prepared before the clock starts.
        var prepared = new byte[(int)Math.Ceiling((double)CeilingPerSecond * (options.Warmup + options.Duration) / perRequest)][];
        Parallel.For(0, prepared.Length, new ParallelOptions { CancellationToken = ct },
            k => prepared[k] = Body(streams, (long)k * options.GroupsPerRequest, options.GroupsPerRequest, options.RowsPerGroup));
        GC.Collect();

        var uri = new Uri(address, "t/demo/v1.1/CreateObservations");
        var contentType = new MediaTypeHeaderValue("application/json");
        var warmup = TimeSpan.FromSeconds(options.Warmup);
        var end = warmup + TimeSpan.FromSeconds(options.Duration);
        var clock = Stopwatch.StartNew();
        long nextRequest = 0, measuredObservations = 0, measuredRequests = 0, overloaded = 0, errors = 0, resent = 0, resentOk = 0, builtLate = 0;
        var latencies = new ConcurrentBag<double>();
        var acknowledged = new ConcurrentBag<long[]>();
        string? firstError = null;

        async Task ClientAsync(int client)
        {
            var random = new Random(client);
            var answer = new byte[64 * 1024];
            while (clock.Elapsed < end && !ct.IsCancellationRequested)
            {
                var k = Interlocked.Increment(ref nextRequest) - 1;
                byte[] body;
                if (k < prepared.Length)
                {
                    body = prepared[k];
                    prepared[k] = null!; // sent; a resend below keeps its own reference
                }
                else
                {
                    Interlocked.Increment(ref builtLate);
                    body = Body(streams, k * options.GroupsPerRequest, options.GroupsPerRequest, options.RowsPerGroup);
                }

                var started = clock.Elapsed;
                var ids = await PostAsync(body);
                if (ids is null)
                {
                    continue;
                }

                var ended = clock.Elapsed;
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
                    if (again is not null && again.AsSpan().SequenceEqual(ids))
                    {
                        Interlocked.Increment(ref resentOk);
                    }
                }
            }

            async Task<long[]?> PostAsync(byte[] body)
            {
                for (var attempt = 0; attempt < 50; attempt++)
                {
                    try
                    {
                        using var content = new ByteArrayContent(body);
                        content.Headers.ContentType = contentType;
                        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
                        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                        {
                            Interlocked.Increment(ref overloaded);
                            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), ct);
                            continue;
                        }

                        response.EnsureSuccessStatusCode();
                        await using var stream = await response.Content.ReadAsStreamAsync(ct);
                        var length = 0;
                        int read;
                        while ((read = await stream.ReadAsync(answer.AsMemory(length), ct)) > 0)
                        {
                            length += read;
                            if (length == answer.Length)
                            {
                                Array.Resize(ref answer, answer.Length * 2);
                            }
                        }

                        return Ids(answer.AsSpan(0, length), perRequest) ?? throw new InvalidOperationException("rows answered with error");
                    }
                    catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or InvalidOperationException or TaskCanceledException or JsonException)
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, e.Message, null);
                        return null;
                    }
                }

                return null;
            }
        }

        var clients = Enumerable.Range(0, options.Clients).Select(c => Task.Run(() => ClientAsync(c), ct)).ToList();
        var cpu = MeasureCpuAsync(serviceProcessId, database, warmup, end, clock, ct);
        await Task.WhenAll(clients);
        var share = await cpu;
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
            overloaded, errors, resent, resent * perRequest, resentOk, ackIds.Count, prepared.Length, builtLate,
            share is null ? null : Per(share.Value, measuredObservations), ackIds);
    }

    private static CpuShare Per((double Service, double Database, double Client) seconds, long observations)
    {
        double Micros(double s) => observations == 0 ? double.NaN : Math.Round(s * 1e6 / observations, 2);
        return new CpuShare(Math.Round(seconds.Service, 2), Math.Round(seconds.Database, 2), Math.Round(seconds.Client, 2),
            Micros(seconds.Service), Micros(seconds.Database), Micros(seconds.Client));
    }

    /// <summary>CPU time of the service, the database backends of the bench database and this process between the window's ends.</summary>
    private static async Task<(double, double, double)?> MeasureCpuAsync(int? serviceProcessId, BenchDatabase? database, TimeSpan from, TimeSpan to,
        Stopwatch clock, CancellationToken ct)
    {
        if (serviceProcessId is not { } service || !OperatingSystem.IsLinux())
        {
            return null;
        }

        await DelayUntilAsync(from);
        var backends = database is { Postgres: true } ? await BackendsAsync(database, ct) : [];
        var before = (Cpu([service]), Cpu(backends), Cpu([Environment.ProcessId]));
        await DelayUntilAsync(to);
        var after = (Cpu([service]), Cpu(backends), Cpu([Environment.ProcessId]));
        return (after.Item1 - before.Item1, after.Item2 - before.Item2, after.Item3 - before.Item3);

        async Task DelayUntilAsync(TimeSpan at)
        {
            if (at > clock.Elapsed)
            {
                await Task.Delay(at - clock.Elapsed, ct);
            }
        }
    }

    private static async Task<List<int>> BackendsAsync(BenchDatabase database, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()";
        var pids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            pids.Add(reader.GetInt32(0));
        }

        return pids;
    }

    private static double Cpu(IEnumerable<int> processIds)
    {
        var seconds = 0.0;
        foreach (var id in processIds)
        {
            try
            {
                using var process = Process.GetProcessById(id);
                seconds += process.TotalProcessorTime.TotalSeconds;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone meanwhile.
            }
        }

        return seconds;
    }

    /// <summary>The ids out of the answer's selfLinks (<c>…/Observations(123)</c>); null when a row was answered with "error".</summary>
    private static long[]? Ids(ReadOnlySpan<byte> answer, int expected)
    {
        var ids = new List<long>(expected);
        var reader = new Utf8JsonReader(answer);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.String)
        {
            var link = reader.ValueSpan;
            var open = link.LastIndexOf((byte)'(');
            if (open < 0 || !Utf8Parser.TryParse(link[(open + 1)..^1], out long id, out _))
            {
                return null;
            }

            ids.Add(id);
        }

        return [.. ids];
    }

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
