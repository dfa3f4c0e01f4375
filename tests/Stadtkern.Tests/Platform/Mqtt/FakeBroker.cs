using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Stadtkern.Platform.Mqtt.Protocol;

namespace Stadtkern.Tests.Platform.Mqtt;

/// <summary>
/// A scripted MQTT "broker" on 127.0.0.1 for what a real one never does: answer with malformed packets, swallow a
/// PUBACK, vanish mid-flight. Each accepted connection gets its CONNACK, then runs the script with its index (0, 1, ...).
/// </summary>
internal sealed class FakeBroker : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Func<int, FakeSession, Task> script;
    private readonly List<Task> sessions = [];
    private readonly Task accepting;
    private int connections;

    public FakeBroker(Func<int, FakeSession, Task> script)
    {
        this.script = script;
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public string Url => $"mqtt://127.0.0.1:{Port}";

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref connections);

    /// <summary>The standard answers of a broker that has nothing more to say: PINGRESP, SUBACK granting, UNSUBACK, PUBACK.</summary>
    public static async Task BehaveAsync(FakeSession session)
    {
        while (await session.ReadAsync() is { } packet)
        {
            switch (packet)
            {
                case PingReqPacket:
                    await session.SendAsync(PingRespPacket.Instance);
                    break;
                case SubscribePacket s:
                    await session.SendAsync(new SubAckPacket(s.PacketId, [.. s.Topics.Select(t => (byte)t.Qos)]));
                    break;
                case UnsubscribePacket u:
                    await session.SendAsync(new UnsubAckPacket(u.PacketId));
                    break;
                case PublishPacket { Qos: MqttQos.AtLeastOnce } p:
                    await session.SendAsync(new PubAckPacket(p.PacketId));
                    break;
                default:
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Task[] running;
        lock (sessions)
        {
            running = [.. sessions];
        }

        await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var tcp = await listener.AcceptTcpClientAsync(stop.Token);
            var index = Interlocked.Increment(ref connections) - 1;
            lock (sessions)
            {
                sessions.Add(Task.Run(() => ServeAsync(index, tcp)));
            }
        }
    }

    private async Task ServeAsync(int index, TcpClient tcp)
    {
        using (tcp)
        {
            var session = new FakeSession(tcp.GetStream(), stop.Token);
            try
            {
                if (await session.ReadAsync() is not ConnectPacket)
                {
                    return;
                }

                await session.SendAsync(new ConnAckPacket(false, MqttConnectReturnCode.Accepted));
                await script(index, session);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client went away or the test ended.
            }
        }
    }
}

internal sealed class FakeSession(NetworkStream stream, CancellationToken stop)
{
    private byte[] buffer = new byte[64 * 1024];
    private int filled;

    /// <summary>The next packet from the client, or null when it closed the connection.</summary>
    public async Task<MqttPacket?> ReadAsync()
    {
        while (true)
        {
            var data = new ReadOnlySequence<byte>(buffer, 0, filled);
            if (MqttCodec.TryReadFrame(data, buffer.Length, out var first, out var body, out var end) == MqttCodec.FrameStatus.Complete)
            {
                var packet = MqttCodec.Decode(first, body.ToArray());
                var used = (int)data.Slice(0, end).Length;
                Buffer.BlockCopy(buffer, used, buffer, 0, filled - used);
                filled -= used;
                return packet;
            }

            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await stream.ReadAsync(buffer.AsMemory(filled), stop);
            if (read == 0)
            {
                return null;
            }

            filled += read;
        }
    }

    public Task SendAsync(MqttPacket packet) => SendRawAsync(MqttCodec.Encode(packet));

    public async Task SendRawAsync(byte[] bytes)
    {
        await stream.WriteAsync(bytes, stop);
        await stream.FlushAsync(stop);
    }

    /// <summary>Reads until the client closes the connection (or the test ends).</summary>
    public async Task DrainAsync()
    {
        while (await ReadAsync() is not null)
        {
        }
    }
}
