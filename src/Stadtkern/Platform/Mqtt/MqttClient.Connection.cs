using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Stadtkern.Platform.Mqtt.Protocol;

namespace Stadtkern.Platform.Mqtt;

internal sealed partial class MqttClient
{
    /// <summary>One network connection: the socket, a pipe reader over it, and one writer at a time.</summary>
    private sealed class Connection : IAsyncDisposable
    {
        private readonly TcpClient tcp;
        private readonly Stream stream;
        private readonly PipeReader reader;
        private readonly TimeProvider time;
        private readonly SemaphoreSlim writeLock = new(1, 1);
        private readonly CancellationTokenSource cancellation;
        private ArrayBufferWriter<byte> buffer = new(4096);
        private long lastSent;
        private long pingSentAt;
        private int disposed;

        public Connection(TcpClient tcp, Stream stream, TimeProvider time, CancellationToken lifetime)
        {
            this.tcp = tcp;
            this.stream = stream;
            this.time = time;
            reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
            cancellation = CancellationTokenSource.CreateLinkedTokenSource(lifetime);
            lastSent = time.GetTimestamp();
        }

        public CancellationToken Token => cancellation.Token;

        public bool SessionPresent { get; set; }

        /// <summary>Inbound QoS 1 messages in arrival order with their handling task; the ack loop answers them in this order.</summary>
        public Channel<PendingAck> Acks { get; } = Channel.CreateUnbounded<PendingAck>(new UnboundedChannelOptions { SingleReader = true });

        public long LastSent => Volatile.Read(ref lastSent);

        /// <summary>Timestamp of an unanswered PINGREQ; cleared by any packet from the broker.</summary>
        public long? PingSentAt
        {
            get => Volatile.Read(ref pingSentAt) is var at && at != 0 ? at : null;
            set => Volatile.Write(ref pingSentAt, value ?? 0);
        }

        public void MarkReceived() => PingSentAt = null;

        public async Task SendAsync(IReadOnlyList<MqttPacket> packets, CancellationToken cancellationToken)
        {
            await writeLock.WaitAsync(cancellationToken);
            try
            {
                ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
                buffer.ResetWrittenCount();
                foreach (var packet in packets)
                {
                    MqttCodec.Encode(packet, buffer);
                }

                await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                Volatile.Write(ref lastSent, time.GetTimestamp());

                // One large message must not pin its buffer for the life of the connection.
                if (buffer.Capacity > 1024 * 1024)
                {
                    buffer = new ArrayBufferWriter<byte>(4096);
                }
            }
            finally
            {
                writeLock.Release();
            }
        }

        /// <summary>The next packet, or null when the broker closed the connection cleanly between packets.</summary>
        public async Task<MqttPacket?> ReadPacketAsync(int maxPacketSize, CancellationToken cancellationToken)
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var data = result.Buffer;
                MqttCodec.FrameStatus status;
                byte first;
                ReadOnlySequence<byte> body;
                SequencePosition end;
                try
                {
                    status = MqttCodec.TryReadFrame(data, maxPacketSize, out first, out body, out end);
                }
                catch
                {
                    reader.AdvanceTo(data.Start);
                    throw;
                }

                if (status == MqttCodec.FrameStatus.Complete)
                {
                    try
                    {
                        return body.IsSingleSegment ? MqttCodec.Decode(first, body.FirstSpan) : MqttCodec.Decode(first, body.ToArray());
                    }
                    finally
                    {
                        reader.AdvanceTo(end);
                    }
                }

                if (result.IsCompleted)
                {
                    reader.AdvanceTo(data.End);
                    return data.IsEmpty ? null : throw new MqttProtocolException("The connection closed in the middle of a packet.");
                }

                reader.AdvanceTo(data.Start, data.End);
            }
        }

        public Task CancelAsync() => cancellation.CancelAsync();

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref disposed, 1) != 0)
            {
                return;
            }

            await cancellation.CancelAsync();
            await reader.CompleteAsync();
            try
            {
                await stream.DisposeAsync();
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                // The socket is gone already.
            }

            tcp.Dispose();
        }

        /// <summary>Frees the cancellation source once no loop uses the token any more.</summary>
        public void Release() => cancellation.Dispose();
    }
}
