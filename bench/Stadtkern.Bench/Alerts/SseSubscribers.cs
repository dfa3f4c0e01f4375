using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stadtkern.Bench.Alerts;

/// <summary>
/// Many raw loopback connections that each read a byte stream and note, with one timestamp per connection and round, when
/// the n-th occurrence of a marker (<c>event: alert\n</c>) arrived. No HTTP client stack: a plain GET is written, the rest
/// is scanned byte by byte, so the measurement costs as little as possible on the client side.
/// </summary>
internal sealed class SseSubscribers : IAsyncDisposable
{
    private static readonly byte[] Marker = "event: alert\n"u8.ToArray();
    private static readonly byte[] ReadyMarker = "retry:"u8.ToArray();
    private readonly List<Socket> sockets = [];
    private readonly System.Collections.Concurrent.ConcurrentBag<Task> readers = [];
    private readonly CancellationTokenSource stop = new();
    private readonly long[][] receipts; // [connection][round] Stopwatch timestamps, 0 = not yet
    private readonly int[] counts;
    private int ready;
    private int failed;

    public SseSubscribers(int connections, int rounds)
    {
        receipts = new long[connections][];
        for (var i = 0; i < connections; i++)
        {
            receipts[i] = new long[rounds];
        }

        counts = new int[connections];
    }

    public int Ready => Volatile.Read(ref ready);

    public int Failed => Volatile.Read(ref failed);

    public int Open => sockets.Count;

    /// <summary>Opens the connections (<paramref name="parallel"/> at a time) and starts reading each.</summary>
    public async Task ConnectAsync(IPEndPoint endpoint, Func<int, byte[]?> request, int parallel, CancellationToken ct)
    {
        using var gate = new SemaphoreSlim(parallel);
        var connects = new List<Task>();
        for (var i = 0; i < receipts.Length; i++)
        {
            await gate.WaitAsync(ct);
            var index = i;
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            sockets.Add(socket);
            connects.Add(Task.Run(async () =>
            {
                try
                {
                    await socket.ConnectAsync(endpoint, ct);
                    var bytes = request(index);
                    if (bytes is not null)
                    {
                        await socket.SendAsync(bytes, SocketFlags.None, ct);
                    }

                    readers.Add(ReadAsync(socket, index, bytes is null));
                }
                catch (Exception) when (!ct.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed);
                }
                finally
                {
                    gate.Release();
                }
            }, ct));
        }

        await Task.WhenAll(connects);
    }

    /// <summary>Adopts already connected sockets (the raw limit: the server side writes, these read).</summary>
    public void Adopt(IReadOnlyList<Socket> connected)
    {
        for (var i = 0; i < connected.Count; i++)
        {
            sockets.Add(connected[i]);
            readers.Add(ReadAsync(connected[i], i, readyAtOnce: true));
        }
    }

    private async Task ReadAsync(Socket socket, int index, bool readyAtOnce)
    {
        await Task.Yield();
        var buffer = new byte[2048];
        var markerState = 0;
        var readyState = 0;
        var isReady = readyAtOnce;
        if (readyAtOnce)
        {
            Interlocked.Increment(ref ready);
        }

        try
        {
            while (!stop.IsCancellationRequested)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, stop.Token);
                if (n == 0)
                {
                    break;
                }

                var now = Stopwatch.GetTimestamp();
                for (var i = 0; i < n; i++)
                {
                    var b = buffer[i];
                    if (!isReady)
                    {
                        readyState = b == ReadyMarker[readyState] ? readyState + 1 : (b == ReadyMarker[0] ? 1 : 0);
                        if (readyState == ReadyMarker.Length)
                        {
                            isReady = true;
                            Interlocked.Increment(ref ready);
                        }
                    }

                    markerState = b == Marker[markerState] ? markerState + 1 : (b == Marker[0] ? 1 : 0);
                    if (markerState == Marker.Length)
                    {
                        markerState = 0;
                        var round = counts[index]++;
                        if (round < receipts[index].Length)
                        {
                            Volatile.Write(ref receipts[index][round], now);
                        }
                    }
                }
            }
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
        }
        catch (SocketException)
        {
            Interlocked.Increment(ref failed);
        }
    }

    /// <summary>How many connections have the given round's event.</summary>
    public int Received(int round) => receipts.Count(r => Volatile.Read(ref r[round]) != 0);

    /// <summary>Milliseconds from <paramref name="start"/> (a Stopwatch timestamp) to each connection's receipt of the round; null = not received.</summary>
    public double?[] Latencies(int round, long start) =>
        [.. receipts.Select(r => Volatile.Read(ref r[round]) is var t and not 0 ? (double?)Stopwatch.GetElapsedTime(start, t).TotalMilliseconds : null)];

    public static byte[] Get(string host, string path) =>
        Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n");

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }

        try
        {
            await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception)
        {
            // closing sockets ends readers with errors; that is the point
        }

        stop.Dispose();
    }
}
