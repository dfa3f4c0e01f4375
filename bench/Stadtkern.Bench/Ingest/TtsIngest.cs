using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stadtkern.Bench.Ingest;

internal sealed record TtsIngestResult(
    int Clients, int Devices, double Seconds, long Uplinks, long Observations, double ObservationsPerSecond, double P50, double P95, double P99,
    double Max, long Requests, long AnsweredStored, long AnsweredDuplicates, long Overloaded, long Errors, long ExpectedObservations,
    long StoredKeys, long StoredRows, long Lost, long DuplicateRows, long DatastreamCountSum, bool CountsMatch, double ServiceCpuSeconds)
{
    /// <summary>CPU milliseconds the service used per 1,000 stored observations in the measured window.</summary>
    public double ServiceCpuMsPer1000 => Observations == 0 ? double.NaN : Math.Round(ServiceCpuSeconds * 1_000_000 / Observations, 1);
}

/// <summary>
/// (c) The Things Stack v3 uplink webhooks (<c>POST /t/demo/lorawan/tts</c>, <c>Authorization: Bearer</c> app token): <c>devices</c>
/// Things bound by <c>properties.lorawan.devEui</c>, each with two Datastreams (<c>temperature</c>, <c>humidity</c>) taken from the
/// network server's <c>decoded_payload</c>. Every uplink is delivered three times at once, as three gateways' copies (same
/// frame, same network-server receive time, different <c>rx_metadata</c>); all three must be answered and the two values stored
/// exactly once. Closed-loop clients; latency is each webhook request's time to its answer (the service answers after the
/// commit). Loss and duplicates are counted exactly by SQL after the run.
/// </summary>
internal static class TtsIngest
{
    private static readonly DateTimeOffset Start = IngestBench.Base.AddDays(7);

    public static async Task<TtsIngestResult> RunAsync(Uri address, string token, BenchDatabase db, IngestOptionsArgs options, int devices, int servicePid, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await CreateDevicesAsync(http, devices, ct);

        var warmup = TimeSpan.FromSeconds(options.Warmup);
        var end = warmup + TimeSpan.FromSeconds(options.Duration);
        var clock = Stopwatch.StartNew();
        long nextUplink = 0, measuredUplinks = 0, measuredObservations = 0, acked = 0, requests = 0, stored = 0, duplicates = 0, overloaded = 0, errors = 0;
        var latencies = new ConcurrentBag<double>();
        string? firstError = null;
        double cpuAtWarmup = double.NaN, cpuAtEnd = double.NaN;
        var cpuProbe = Task.Run(async () =>
        {
            await Task.Delay(warmup, ct);
            cpuAtWarmup = ProcessCpu.Seconds(servicePid);
            await Task.Delay(end - warmup, ct);
            cpuAtEnd = ProcessCpu.Seconds(servicePid);
        }, ct);

        async Task ClientAsync()
        {
            while (clock.Elapsed < end && !ct.IsCancellationRequested)
            {
                var u = Interlocked.Increment(ref nextUplink) - 1;
                var copies = Enumerable.Range(0, 3).Select(g => Body(u, devices, g)).ToArray();
                var answers = await Task.WhenAll(copies.Select(PostAsync));
                if (answers.Any(a => a is null))
                {
                    continue;
                }

                var ended = clock.Elapsed;
                Interlocked.Increment(ref acked);
                if (ended > warmup && ended <= end)
                {
                    Interlocked.Increment(ref measuredUplinks);
                    Interlocked.Add(ref measuredObservations, answers.Sum(a => a!.Value.Stored));
                    foreach (var a in answers)
                    {
                        latencies.Add(a!.Value.Milliseconds);
                    }
                }
            }
        }

        async Task<(int Stored, double Milliseconds)?> PostAsync(byte[] body)
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                var started = clock.Elapsed;
                try
                {
                    Interlocked.Increment(ref requests);
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using var response = await http.PostAsync("t/demo/lorawan/tts", content, ct);
                    if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                    {
                        Interlocked.Increment(ref overloaded);
                        await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), ct);
                        continue;
                    }

                    response.EnsureSuccessStatusCode();
                    using var receipt = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
                    var s = receipt.RootElement.GetProperty("stored").GetInt32();
                    var d = receipt.RootElement.GetProperty("duplicates").GetInt32();
                    if (s + d != 2)
                    {
                        throw new InvalidOperationException($"receipt with {s} stored + {d} duplicates instead of 2 values");
                    }

                    Interlocked.Add(ref stored, s);
                    Interlocked.Add(ref duplicates, d);
                    return (s, (clock.Elapsed - started).TotalMilliseconds);
                }
                catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or InvalidOperationException or TaskCanceledException or JsonException or KeyNotFoundException)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                    return null;
                }
            }

            return null;
        }

        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(_ => Task.Run(ClientAsync, ct)));
        await cpuProbe;
        if (firstError is not null)
        {
            Console.Error.WriteLine("first TTS error: " + firstError);
        }

        var sorted = latencies.ToList();
        sorted.Sort();
        double At(double q) => sorted.Count == 0 ? double.NaN : Math.Round(sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)], 1);

        await using var connection = await db.OpenAsync(ct);
        var storedKeys = await BenchDatabase.ScalarAsync(connection,
            "SELECT COUNT(*) FROM (SELECT DISTINCT datastream_id, phenomenon_time_start FROM sensing_observations) k", ct);
        var rows = await BenchDatabase.ScalarAsync(connection, "SELECT COUNT(*) FROM sensing_observations", ct);
        var duplicateRows = await BenchDatabase.ScalarAsync(connection,
            "SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM sensing_observations GROUP BY datastream_id, phenomenon_time_start, result_hash HAVING COUNT(*) > 1) d", ct);
        var countSum = await BenchDatabase.ScalarAsync(connection, "SELECT COALESCE(SUM(observation_count), 0) FROM sensing_datastreams", ct);
        var expected = acked * 2;
        return new TtsIngestResult(options.Clients, devices, options.Duration, measuredUplinks, measuredObservations,
            Math.Round(measuredObservations / (double)options.Duration), At(0.5), At(0.95), At(0.99), sorted.Count == 0 ? double.NaN : Math.Round(sorted[^1], 1),
            requests, stored, duplicates, overloaded, errors, expected, storedKeys, rows, expected - storedKeys, duplicateRows, countSum, countSum == rows,
            Math.Round(cpuAtEnd - cpuAtWarmup, 2));
    }

    private static string DevEui(long device) => "70B3D57ED0" + device.ToString("X6", CultureInfo.InvariantCulture);

    /// <summary>Things with a DevEUI and two bound Datastreams each, through the SensorThings API (deep insert).</summary>
    private static async Task CreateDevicesAsync(HttpClient http, int devices, CancellationToken ct)
    {
        JsonObject Stream(string field, string unit) => new()
        {
            ["name"] = "Bench " + field,
            ["description"] = "",
            ["observationType"] = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
            ["unitOfMeasurement"] = new JsonObject { ["name"] = unit, ["symbol"] = unit, ["definition"] = "" },
            ["properties"] = new JsonObject { ["lorawan"] = new JsonObject { ["field"] = field } },
            ["Sensor"] = new JsonObject { ["name"] = "Bench-Sonde", ["description"] = "", ["encodingType"] = "text/plain", ["metadata"] = "-" },
            ["ObservedProperty"] = new JsonObject { ["name"] = field, ["definition"] = "https://example.org/" + field, ["description"] = "" },
        };

        for (var d = 0; d < devices; d++)
        {
            var thing = new JsonObject
            {
                ["name"] = "Bench-Funksonde " + d.ToString(CultureInfo.InvariantCulture),
                ["description"] = "",
                ["properties"] = new JsonObject { ["lorawan"] = new JsonObject { ["devEui"] = DevEui(d) } },
                ["Datastreams"] = new JsonArray(Stream("temperature", "°C"), Stream("humidity", "%")),
            };
            using var content = new StringContent(thing.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await http.PostAsync("t/demo/v1.1/Things", content, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"creating device {d}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
            }
        }
    }

    /// <summary>Uplink u: device u % D, frame u / D, received Start + frame s; copy g as gateway g's report.</summary>
    private static byte[] Body(long u, int devices, int gateway)
    {
        var device = u % devices;
        var frame = u / devices;
        var received = Start.AddSeconds(frame).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var temperature = (((u * 7) % 400) / 10.0).ToString(CultureInfo.InvariantCulture);
        var humidity = (30 + (u % 60)).ToString(CultureInfo.InvariantCulture);
        var gatewayId = "bench-gw-" + gateway.ToString(CultureInfo.InvariantCulture);
        var rssi = (-70 - (gateway * 9)).ToString(CultureInfo.InvariantCulture);
        return Encoding.UTF8.GetBytes(
            "{\"end_device_ids\":{\"device_id\":\"bench-" + device.ToString(CultureInfo.InvariantCulture) + "\",\"application_ids\":{\"application_id\":\"bench\"},"
            + "\"dev_eui\":\"" + DevEui(device) + "\",\"dev_addr\":\"260B" + device.ToString("X4", CultureInfo.InvariantCulture) + "\"},"
            + "\"correlation_ids\":[\"gs:uplink:" + u.ToString(CultureInfo.InvariantCulture) + "\"],\"received_at\":\"" + received + "\","
            + "\"uplink_message\":{\"session_key_id\":\"AYa3bench\",\"f_port\":2,\"f_cnt\":" + frame.ToString(CultureInfo.InvariantCulture) + ","
            + "\"frm_payload\":\"AQIDBA==\",\"decoded_payload\":{\"temperature\":" + temperature + ",\"humidity\":" + humidity + "},"
            + "\"rx_metadata\":[{\"gateway_ids\":{\"gateway_id\":\"" + gatewayId + "\"},\"time\":\"" + received + "\",\"rssi\":" + rssi + ",\"channel_rssi\":" + rssi
            + ",\"snr\":" + (9 - gateway).ToString(CultureInfo.InvariantCulture) + "}],"
            + "\"settings\":{\"data_rate\":{\"lora\":{\"bandwidth\":125000,\"spreading_factor\":7}},\"frequency\":\"868100000\"},"
            + "\"received_at\":\"" + received + "\",\"consumed_airtime\":\"0.061696s\"}}");
    }
}
