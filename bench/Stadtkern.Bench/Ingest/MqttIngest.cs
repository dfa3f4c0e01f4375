using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Stadtkern.Features.Sensing.Ingest;
using Stadtkern.Platform.Mqtt;
using Stadtkern.Platform.Mqtt.Protocol;

namespace Stadtkern.Bench.Ingest;

internal sealed record MqttIngestResult(
    int Publishers, int Window, double Seconds, long Observations, double ObservationsPerSecond, double P50, double P95, double P99,
    double Max, long LatencySamples, long Published, long Republished, long BrokerAcked, long PublishErrors, double DrainSeconds,
    long Expected, long StoredKeys, long StoredRows, long Lost, long DuplicateRows, long DatastreamCountSum, bool CountsMatch,
    double ServiceCpuSeconds, double BrokerCpuSeconds)
{
    /// <summary>CPU milliseconds the service used per 1,000 observations in the measured window.</summary>
    public double ServiceCpuMsPer1000 => Observations == 0 ? double.NaN : Math.Round(ServiceCpuSeconds * 1_000_000 / Observations, 1);

    public double BrokerCpuMsPer1000 => Observations == 0 ? double.NaN : Math.Round(BrokerCpuSeconds * 1_000_000 / Observations, 1);
}

/// <summary>
/// (b) MQTT QoS 1 through a real mosquitto: <c>publishers</c> connections (Stadtkern's own MQTT client) publish single
/// observations (<c>{"phenomenonTime":...,"result":...}</c>) to <c>v1.1/Datastreams(n)/Observations</c>; the service, connected to
/// the same broker, stores them.
/// <para>
/// The broker's PUBACK to a publisher says nothing about the database, so the acknowledgement measured here is the commit:
/// a poller reads every datastream's <c>observation_count</c> (kept by the writer in the batch's own transaction) every
/// 10 ms. Each datastream is fed by one publisher, in order, with its k-th observation at phenomenon time Base + k s; when the
/// count of a datastream reaches k, the k-th observation counts as committed at that poll, and its latency is poll time minus
/// publish time. (Messages of one datastream can commit slightly out of order when two writer batches overlap, so single
/// latencies can be off by one batch; the 10 ms poll adds up to 10 ms.) Throughput is the rise of the committed count over the
/// measured window. Each publisher keeps at most <c>window</c> observations published but not yet committed (closed loop),
/// so the broker's queue never overflows.
/// </para>
/// <para>
/// A fraction of messages is published a second time (same payload, a new packet, as a sensor retrying after a lost PUBACK
/// would): it must not be stored again. After the run the publishers stop, the bench waits until everything published is
/// committed (or 60 s), then counts exactly by SQL: distinct (datastream, phenomenon time) keys stored against the observations
/// published (lost), and rows beyond one per duplicate key (duplicates).
/// </para>
/// </summary>
internal static class MqttIngest
{
    public static async Task<MqttIngestResult> RunAsync(string brokerUrl, BenchDatabase db, List<long> streams, IngestOptionsArgs options, int publishers,
        int window, int servicePid, CancellationToken ct)
    {
        var warmup = TimeSpan.FromSeconds(options.Warmup);
        var end = warmup + TimeSpan.FromSeconds(options.Duration);
        var capacity = (int)Math.Min(2_000_000, ((options.Warmup + options.Duration + 5) * 80_000L / streams.Count) + 1_000);
        var count = streams.Count;
        var publishedAt = new long[count][];
        var published = new int[count];   // unique observations published per datastream (index into publishedAt)
        var committed = new long[count];   // last polled observation_count per datastream
        for (var i = 0; i < count; i++)
        {
            publishedAt[i] = new long[capacity];
        }

        var indexOf = streams.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var clock = Stopwatch.StartNew();
        long republished = 0, brokerAcked = 0, errors = 0;
        string? firstError = null;
        var latencies = new List<double>();
        long committedAtWarmup = -1, committedAtEnd = -1;
        double serviceCpuAtWarmup = double.NaN, serviceCpuAtEnd = double.NaN, brokerCpuAtWarmup = double.NaN, brokerCpuAtEnd = double.NaN;
        var broker = ProcessCpu.Broker();
        using var stop = new CancellationTokenSource();

        // The poller: observation_count of every datastream, every 10 ms.
        var poller = Task.Run(async () =>
        {
            await using var connection = await db.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, observation_count FROM sensing_datastreams WHERE id IN (" + string.Join(",", streams) + ")";
            while (!stop.IsCancellationRequested)
            {
                var now = clock.Elapsed;
                await using (var reader = await command.ExecuteReaderAsync(ct))
                {
                    while (await reader.ReadAsync(ct))
                    {
                        var i = indexOf[reader.GetInt64(0)];
                        var seen = reader.GetInt64(1);
                        var upTo = Math.Min(seen, Volatile.Read(ref published[i]));
                        for (var k = committed[i]; k < upTo; k++)
                        {
                            var sent = TimeSpan.FromTicks(Volatile.Read(ref publishedAt[i][k]));
                            if (sent >= warmup && sent < end)
                            {
                                lock (latencies)
                                {
                                    latencies.Add((now - sent).TotalMilliseconds);
                                }
                            }
                        }

                        Interlocked.Exchange(ref committed[i], Math.Max(committed[i], seen));
                    }
                }

                var total = Sum(committed);
                if (committedAtWarmup < 0 && now >= warmup)
                {
                    committedAtWarmup = total;
                    serviceCpuAtWarmup = ProcessCpu.Seconds(servicePid);
                    brokerCpuAtWarmup = ProcessCpu.Seconds(broker);
                }

                if (committedAtEnd < 0 && now >= end)
                {
                    committedAtEnd = total;
                    serviceCpuAtEnd = ProcessCpu.Seconds(servicePid);
                    brokerCpuAtEnd = ProcessCpu.Seconds(broker);
                }

                await Task.Delay(10, ct);
            }
        }, ct);

        var clients = new List<MqttClient>();
        try
        {
            for (var p = 0; p < publishers; p++)
            {
                var client = new MqttClient(MqttClientOptions.FromUrl(brokerUrl, $"bench-pub-{p}") with
                {
                    CleanSession = true,
                    MaxInflight = 200,
                    MaxQueuedMessages = 2_000,
                });
                await client.ConnectAsync(ct);
                clients.Add(client);
            }

            async Task PublishAsync(int p)
            {
                var client = clients[p];
                var mine = Enumerable.Range(0, count).Where(i => i % publishers == p).ToArray();
                var random = new Random(p);
                var next = 0;
                while (clock.Elapsed < end && !ct.IsCancellationRequested)
                {
                    var open = mine.Sum(i => Volatile.Read(ref published[i]) - Interlocked.Read(ref committed[i]));
                    if (open >= window)
                    {
                        await Task.Delay(1, ct);
                        continue;
                    }

                    var i = mine[next++ % mine.Length];
                    var k = published[i];
                    if (k >= capacity)
                    {
                        continue;
                    }

                    var payload = Payload(k, i);
                    var topic = "v1.1/Datastreams(" + streams[i].ToString(CultureInfo.InvariantCulture) + ")/Observations";
                    publishedAt[i][k] = clock.Elapsed.Ticks;
                    Volatile.Write(ref published[i], k + 1);
                    Send(client, topic, payload);
                    if (random.NextDouble() < options.Resend)
                    {
                        Interlocked.Increment(ref republished);
                        Send(client, topic, payload);
                    }

                    if ((next & 63) == 0)
                    {
                        await Task.Yield();
                    }
                }
            }

            void Send(MqttClient client, string topic, byte[] payload)
            {
                var sending = client.PublishAsync(topic, payload, MqttQos.AtLeastOnce, cancellationToken: ct);
                _ = sending.ContinueWith(t =>
                {
                    if (t.IsCompletedSuccessfully)
                    {
                        Interlocked.Increment(ref brokerAcked);
                    }
                    else
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, t.Exception?.GetBaseException().Message ?? "cancelled", null);
                    }
                }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            await Task.WhenAll(Enumerable.Range(0, publishers).Select(p => Task.Run(() => PublishAsync(p), ct)));

            // Drain: everything published is committed, or 60 s passed.
            var drainStart = clock.Elapsed;
            var expected = published.Sum();
            while (Sum(committed) < expected && clock.Elapsed - drainStart < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(50, ct);
            }

            var drain = (clock.Elapsed - drainStart).TotalSeconds;
            await Task.Delay(200, ct);
            await stop.CancelAsync();
            await poller.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (firstError is not null)
            {
                Console.Error.WriteLine("first publish error: " + firstError);
            }

            var (storedKeys, storedRows, duplicates, countSum) = await CountAsync(db, streams, published, ct);
            latencies.Sort();
            double At(double q) => latencies.Count == 0 ? double.NaN : Math.Round(latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)], 1);
            var measured = committedAtEnd - committedAtWarmup;
            return new MqttIngestResult(publishers, window, options.Duration, measured, Math.Round(measured / (double)options.Duration), At(0.5), At(0.95), At(0.99),
                latencies.Count == 0 ? double.NaN : Math.Round(latencies[^1], 1), latencies.Count, expected + republished, republished,
                Interlocked.Read(ref brokerAcked), Interlocked.Read(ref errors), Math.Round(drain, 1), expected, storedKeys, storedRows, expected - storedKeys,
                duplicates, countSum, countSum == storedRows, Math.Round(serviceCpuAtEnd - serviceCpuAtWarmup, 2), Math.Round(brokerCpuAtEnd - brokerCpuAtWarmup, 2));
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Gives the bench Thing a Location (through the API), so that observations naming no FeatureOfInterest get the one generated
    /// from it, as SensorThings requires; a typical MQTT client sends only phenomenonTime and result.
    /// </summary>
    public static async Task AddLocationAsync(Uri address, string token, BenchDatabase db, long datastream, CancellationToken ct)
    {
        long thing;
        await using (var connection = await db.OpenAsync(ct))
        {
            thing = await BenchDatabase.ScalarAsync(connection, "SELECT thing_id FROM sensing_datastreams WHERE id = @d", ct, ("d", datastream));
        }

        using var http = new HttpClient { BaseAddress = address };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var body = "{\"name\":\"Bench-Standort\",\"description\":\"Messstation am Rathausmarkt\",\"encodingType\":\"application/geo+json\","
            + "\"location\":{\"type\":\"Point\",\"coordinates\":[9.9921,53.5503]},\"Things\":[{\"@iot.id\":" + thing.ToString(CultureInfo.InvariantCulture) + "}]}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("t/demo/v1.1/Locations", content, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"creating the bench Location: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }
    }

    private static long Sum(long[] values)
    {
        long sum = 0;
        for (var i = 0; i < values.Length; i++)
        {
            sum += Interlocked.Read(ref values[i]);
        }

        return sum;
    }

    /// <summary>The k-th observation of a datastream: phenomenon time Base + k s; results vary so hashes differ.</summary>
    private static byte[] Payload(int k, int stream) => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $"{{\"phenomenonTime\":\"{IngestBench.Base.AddSeconds(k):yyyy-MM-dd'T'HH:mm:ss'Z'}\",\"result\":{((k * 7) + stream) % 400 / 10.0}}}"));

    /// <summary>Exact counts: distinct keys among the published ones, all rows, rows beyond one per duplicate key, sum of the counters.</summary>
    private static async Task<(long StoredKeys, long StoredRows, long Duplicates, long CountSum)> CountAsync(BenchDatabase db, List<long> streams, int[] published,
        CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        long storedKeys = 0;
        for (var i = 0; i < streams.Count; i++)
        {
            // Only keys the bench published count: phenomenon times Base .. Base + (published - 1) s of this datastream.
            storedKeys += await ScalarAsync(connection,
                "SELECT COUNT(*) FROM (SELECT DISTINCT phenomenon_time_start FROM sensing_observations WHERE datastream_id = @d AND phenomenon_time_start >= @from AND phenomenon_time_start < @to) k",
                ct, ("d", streams[i]), ("from", Time(db, IngestBench.Base)), ("to", Time(db, IngestBench.Base.AddSeconds(published[i]))));
        }

        var rows = await ScalarAsync(connection, "SELECT COUNT(*) FROM sensing_observations", ct);
        var duplicates = await ScalarAsync(connection,
            "SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM sensing_observations GROUP BY datastream_id, phenomenon_time_start, result_hash HAVING COUNT(*) > 1) d", ct);
        var countSum = await ScalarAsync(connection, "SELECT COALESCE(SUM(observation_count), 0) FROM sensing_datastreams", ct);
        return (storedKeys, rows, duplicates, countSum);
    }

    private static object Time(BenchDatabase db, DateTimeOffset t) => db.Postgres ? t : SqliteObservationSink.ToStored(t);

    private static Task<long> ScalarAsync(DbConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters) =>
        BenchDatabase.ScalarAsync(connection, sql, ct, parameters);
}
