using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Stadtkern.Platform.Mqtt.Protocol;

namespace Stadtkern.Platform.Mqtt;

/// <summary>
/// An MQTT 3.1.1 client for one broker: QoS 0 and 1 in both directions, keep-alive, reconnect with exponential
/// backoff and jitter, re-subscribe and retransmission of unacknowledged QoS 1 messages (with DUP) after a reconnect,
/// a bounded outbound queue, and PUBACKs for inbound QoS 1 messages only after their handler succeeded.
/// </summary>
/// <remarks>
/// <see cref="ConnectAsync"/> makes the first connection and throws if it fails; from then on the client keeps itself
/// connected until <see cref="DisconnectAsync"/>. Publishing and subscribing also work while disconnected: messages
/// wait in the queue, subscriptions are sent on the next connect.
/// </remarks>
internal sealed partial class MqttClient : IAsyncDisposable
{
    private const int BatchBytes = 64 * 1024;
    private const int BatchCount = 512;

    private readonly MqttClientOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly MqttMetrics? metrics;
    private readonly Channel<Outgoing> queue;
    private readonly SemaphoreSlim inflightSlots;
    private readonly SemaphoreSlim handlerSlots;
    private readonly Lock gate = new();
    private readonly Dictionary<string, Subscription> subscriptions = new(StringComparer.Ordinal);
    private readonly Dictionary<ushort, Outgoing> inflight = [];
    private readonly Dictionary<ushort, TaskCompletionSource<MqttPacket>> pendingAcks = [];
    private readonly CancellationTokenSource lifetime = new();
    private ushort lastPacketId;
    private long sequence;
    private Connection? current;
    private Task? supervisor;
    private int closing;
    private int disposed;
    private Task? closeTask;
    private MqttClientState state;
    private string? lastError;
    private DateTimeOffset stateSince;
    private long reconnects;

    public MqttClient(MqttClientOptions options, ILogger? logger = null, TimeProvider? time = null, MqttMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        this.logger = logger ?? NullLogger.Instance;
        this.time = time ?? TimeProvider.System;
        this.metrics = metrics;
        queue = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(options.MaxQueuedMessages)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        inflightSlots = new SemaphoreSlim(options.MaxInflight, options.MaxInflight);
        handlerSlots = new SemaphoreSlim(options.MaxConcurrentHandlers, options.MaxConcurrentHandlers);
        stateSince = this.time.GetUtcNow();
    }

    public MqttClientOptions Options => options;

    public MqttClientState State
    {
        get
        {
            lock (gate)
            {
                return state;
            }
        }
    }

    /// <summary>Why the last connection attempt failed or the last connection ended; kept after a successful reconnect.</summary>
    public string? LastError
    {
        get
        {
            lock (gate)
            {
                return lastError;
            }
        }
    }

    /// <summary>When <see cref="State"/> last changed.</summary>
    public DateTimeOffset StateSince
    {
        get
        {
            lock (gate)
            {
                return stateSince;
            }
        }
    }

    /// <summary>Successful reconnects since the first connection.</summary>
    public long Reconnects => Interlocked.Read(ref reconnects);

    /// <summary>Messages waiting in the outbound queue (not yet written to the socket).</summary>
    public int QueuedCount => queue.Reader.Count;

    /// <summary>QoS 1 messages written but not yet acknowledged by the broker.</summary>
    public int InflightCount
    {
        get
        {
            lock (gate)
            {
                return inflight.Count;
            }
        }
    }

    /// <summary>
    /// Connects (TCP or TLS, CONNECT, CONNACK), sends the registered subscriptions and returns; afterwards the client
    /// reconnects by itself. Throws <see cref="MqttConnectException"/> when the broker refuses (bad credentials, ...),
    /// <see cref="TimeoutException"/>, <see cref="SocketException"/>, <see cref="IOException"/> or
    /// <see cref="AuthenticationException"/> otherwise; the client can then be asked to connect again.
    /// </summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(closing != 0, this);
            if (supervisor is not null)
            {
                throw new InvalidOperationException("The client is already connected or reconnecting.");
            }

            SetStateLocked(MqttClientState.Connecting, null);
        }

        Connection connection;
        try
        {
            connection = await OpenAsync(cancellationToken);
        }
        catch (Exception e)
        {
            lock (gate)
            {
                SetStateLocked(closing != 0 ? MqttClientState.Closed : MqttClientState.Disconnected, Describe(e));
            }

            throw;
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            supervisor = Task.Run(() => SuperviseAsync(connection, ready), CancellationToken.None);
        }

        await ready.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Queues a message and completes when it was written (QoS 0) or acknowledged by the broker (QoS 1). Waits while the
    /// queue is full (backpressure). A QoS 1 message survives reconnects: it is sent again, with DUP, until acknowledged.
    /// The payload must not be changed afterwards. Cancelling stops the wait, not the delivery of a queued message.
    /// </summary>
    public async Task PublishAsync(
        string topic,
        ReadOnlyMemory<byte> payload,
        MqttQos qos = MqttQos.AtMostOnce,
        bool retain = false,
        CancellationToken cancellationToken = default)
    {
        var item = CreateOutgoing(topic, payload, qos, retain, withCompletion: true);
        try
        {
            await queue.Writer.WriteAsync(item, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(MqttClient), "The MQTT client is shutting down.");
        }

        await item.Completion!.Task.WaitAsync(cancellationToken);
    }

    public Task PublishAsync(string topic, string payload, MqttQos qos = MqttQos.AtMostOnce, bool retain = false, CancellationToken cancellationToken = default) =>
        PublishAsync(topic, Encoding.UTF8.GetBytes(payload), qos, retain, cancellationToken);

    /// <summary>Queues a message without waiting; false (and counted as dropped) when the queue is full or the client closed.</summary>
    public bool TryPublish(string topic, ReadOnlyMemory<byte> payload, MqttQos qos = MqttQos.AtMostOnce, bool retain = false)
    {
        var item = CreateOutgoing(topic, payload, qos, retain, withCompletion: false);
        if (queue.Writer.TryWrite(item))
        {
            return true;
        }

        metrics?.Dropped();
        return false;
    }

    /// <summary>
    /// Registers <paramref name="handler"/> for <paramref name="pattern"/> (replacing an earlier one for the same pattern)
    /// and, when connected, subscribes and returns the QoS the broker granted. The pattern is an MQTT topic filter that may
    /// also hold one '+' inside a level (<c>v1.1/Datastreams(+)/Observations</c>, see <see cref="MqttTopicPattern"/>).
    /// Returns null while disconnected: the subscription is sent on the next connect. Throws
    /// <see cref="MqttSubscribeException"/> when the broker refuses it.
    /// </summary>
    public async Task<MqttQos?> SubscribeAsync(string pattern, MqttQos qos, MqttMessageHandler handler, CancellationToken cancellationToken = default)
    {
        var parsed = MqttTopicPattern.Parse(pattern);
        RequireSupportedQos(qos);
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(parsed, qos, handler);
        Connection? connection;
        MqttQos brokerQos;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(closing != 0, this);
            subscriptions[pattern] = subscription;
            connection = current;
            brokerQos = BrokerQosLocked(parsed.BrokerFilter);
        }

        if (connection is null)
        {
            return null;
        }

        byte code;
        try
        {
            var ack = (SubAckPacket)await RequestAsync(
                connection, id => new SubscribePacket(id, [new MqttTopicRequest(parsed.BrokerFilter, brokerQos)]), cancellationToken);
            code = ack.ReturnCodes[0];
        }
        catch (MqttNotConnectedException)
        {
            return null;
        }

        if (code == SubAckPacket.Failure)
        {
            lock (gate)
            {
                if (subscriptions.TryGetValue(pattern, out var registered) && registered == subscription)
                {
                    subscriptions.Remove(pattern);
                }
            }

            throw new MqttSubscribeException(pattern);
        }

        return (MqttQos)code;
    }

    /// <summary>Forgets the subscription and, when connected and no other pattern needs the same broker filter, unsubscribes.</summary>
    public async Task UnsubscribeAsync(string pattern, CancellationToken cancellationToken = default)
    {
        var parsed = MqttTopicPattern.Parse(pattern);
        Connection? connection;
        bool stillNeeded;
        lock (gate)
        {
            subscriptions.Remove(pattern);
            connection = current;
            stillNeeded = subscriptions.Values.Any(s => s.Pattern.BrokerFilter == parsed.BrokerFilter);
        }

        if (connection is not null && !stillNeeded)
        {
            try
            {
                await RequestAsync(connection, id => new UnsubscribePacket(id, [parsed.BrokerFilter]), cancellationToken);
            }
            catch (MqttNotConnectedException)
            {
                // The next connect only subscribes what is registered, so the broker forgets it then.
            }
        }
    }

    private MqttQos BrokerQosLocked(string brokerFilter) =>
        subscriptions.Values.Where(s => s.Pattern.BrokerFilter == brokerFilter).Max(s => s.Qos);

    /// <summary>
    /// Stops accepting messages, waits up to <see cref="MqttClientOptions.ShutdownTimeout"/> for queued and unacknowledged
    /// ones, sends DISCONNECT and closes. Messages still pending then fail with <see cref="ObjectDisposedException"/>.
    /// </summary>
    public Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            // Every caller (the host's stop, its dispose, a test) waits for the same one shutdown.
            closeTask ??= CloseAsync(cancellationToken);
            return closeTask;
        }
    }

    private async Task CloseAsync(CancellationToken cancellationToken)
    {
        Task? running;
        lock (gate)
        {
            if (closing != 0)
            {
                running = supervisor;
            }
            else
            {
                closing = 1;
                running = supervisor;
                queue.Writer.TryComplete();
            }
        }

        if (running is not null)
        {
            var started = time.GetTimestamp();
            try
            {
                while (State == MqttClientState.Connected && (queue.Reader.Count > 0 || InflightCount > 0)
                    && time.GetElapsedTime(started) < options.ShutdownTimeout)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken);
                }

                Connection? connection;
                lock (gate)
                {
                    connection = current;
                }

                if (connection is not null)
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(TimeSpan.FromSeconds(2));
                    await connection.SendAsync([DisconnectPacket.Instance], timeout.Token);
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
            {
                // Closing anyway.
            }
        }

        await lifetime.CancelAsync();
        if (running is not null)
        {
            await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        FailPending(new ObjectDisposedException(nameof(MqttClient), "The MQTT client was closed before the message was delivered."));
        lock (gate)
        {
            SetStateLocked(MqttClientState.Closed, null);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DisconnectAsync(CancellationToken.None);
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            lifetime.Dispose();
        }
    }

    /// <summary>Backoff before reconnect attempt <paramref name="attempt"/> (0-based): doubling, capped, times a jitter in [0.5, 1).</summary>
    internal static TimeSpan ReconnectDelay(int attempt, TimeSpan initial, TimeSpan max, double random)
    {
        var factor = Math.Pow(2, Math.Min(attempt, 30));
        var ceiling = Math.Min(initial.TotalMilliseconds * factor, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (0.5 * Math.Clamp(random, 0, 1))));
    }

    // ---- connection lifecycle --------------------------------------------------------------------------------

    private async Task<Connection> OpenAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.Token);
        timeout.CancelAfter(options.ConnectTimeout);
        var tcp = new TcpClient { NoDelay = true };
        Connection? connection = null;
        try
        {
            await tcp.ConnectAsync(options.Host, options.Port, timeout.Token);
            Stream stream = tcp.GetStream();
            if (options.UseTls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = options.Host,
                        RemoteCertificateValidationCallback = options.TrustedCertificates is { Count: > 0 } ? ValidateWithTrustedCertificates : null,
                    },
                    timeout.Token);
            }

            connection = new Connection(tcp, stream, time, lifetime.Token);
            // Not a conditional expression: its null would become an empty, non-null ReadOnlyMemory through the array conversion.
            ReadOnlyMemory<byte>? password = null;
            if (options.Password is not null)
            {
                password = Encoding.UTF8.GetBytes(options.Password);
            }

            var connect = new ConnectPacket(
                options.ClientId,
                options.CleanSession,
                (ushort)options.KeepAlive.TotalSeconds,
                options.Username,
                password,
                options.Will);
            await connection.SendAsync([connect], timeout.Token);
            var answer = await connection.ReadPacketAsync(options.MaxPacketSize, timeout.Token)
                ?? throw new IOException("The broker closed the connection before its CONNACK.");
            if (answer is not ConnAckPacket ack)
            {
                throw new MqttProtocolException($"The broker answered CONNECT with {answer.Type} instead of CONNACK.");
            }

            if (ack.ReturnCode != MqttConnectReturnCode.Accepted)
            {
                throw new MqttConnectException(ack.ReturnCode);
            }

            connection.SessionPresent = ack.SessionPresent;
            return connection;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested && !lifetime.IsCancellationRequested)
        {
            await DisposeQuietlyAsync(connection, tcp);
            throw new TimeoutException($"No MQTT connection to {options.DisplayUrl} within {options.ConnectTimeout.TotalSeconds:0.#} s.");
        }
        catch
        {
            await DisposeQuietlyAsync(connection, tcp);
            throw;
        }
    }

    private static async Task DisposeQuietlyAsync(Connection? connection, TcpClient tcp)
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }

        tcp.Dispose();
    }

    private bool ValidateWithTrustedCertificates(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // A name mismatch or a missing certificate is never excused; only the chain is re-checked against the extra roots.
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(options.TrustedCertificates!);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }

    private async Task SuperviseAsync(Connection first, TaskCompletionSource ready)
    {
        Connection? connection = first;
        var failures = 0;
        while (true)
        {
            if (connection is null)
            {
                if (closing != 0 || lifetime.IsCancellationRequested)
                {
                    break;
                }

                lock (gate)
                {
                    SetStateLocked(MqttClientState.Reconnecting, null);
                }

                var delay = ReconnectDelay(failures++, options.InitialReconnectDelay, options.MaxReconnectDelay, Random.Shared.NextDouble());
                try
                {
                    await Task.Delay(delay, time, lifetime.Token);
                    connection = await OpenAsync(lifetime.Token);
                    Interlocked.Increment(ref reconnects);
                    metrics?.Reconnected();
                    logger.MqttReconnected(options.DisplayUrl, connection.SessionPresent);
                }
                catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    var reason = Describe(e);
                    lock (gate)
                    {
                        lastError = reason;
                    }

                    logger.MqttReconnectFailed(options.DisplayUrl, reason, delay.TotalSeconds);
                    continue;
                }
            }

            var started = time.GetTimestamp();
            await RunConnectionAsync(connection, ready);
            connection = null;

            // A connection that broke right away (a handler failing on a redelivered message, a broker kicking us)
            // keeps the backoff growing instead of reconnecting every second.
            if (time.GetElapsedTime(started) > options.MaxReconnectDelay)
            {
                failures = 0;
            }
        }

        ready.TrySetResult();
    }

    private async Task RunConnectionAsync(Connection connection, TaskCompletionSource ready)
    {
        var token = connection.Token;
        var reading = ReadLoopAsync(connection, token);
        var acking = AckLoopAsync(connection, token);
        var pinging = PingLoopAsync(connection, token);
        var writing = Task.CompletedTask;
        List<Subscription> resubscribe;
        lock (gate)
        {
            current = connection;
            resubscribe = [.. subscriptions.Values];
            SetStateLocked(MqttClientState.Connected, null);
        }

        logger.MqttConnected(options.DisplayUrl, options.ClientId, connection.SessionPresent);
        Exception? failure = null;
        try
        {
            // Re-subscribing waits for SUBACKs, so it runs beside the reader: a connection that dies meanwhile ends it too.
            writing = SubscribeAndWriteAsync(connection, resubscribe, ready, token);
            var ended = await Task.WhenAny(reading, acking, pinging, writing);
            failure = ended.Exception?.GetBaseException() ?? new IOException("The connection ended.");
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            await connection.CancelAsync();
            List<TaskCompletionSource<MqttPacket>> waiting;
            lock (gate)
            {
                current = null;
                waiting = [.. pendingAcks.Values];
                pendingAcks.Clear();
            }

            foreach (var waiter in waiting)
            {
                waiter.TrySetException(new MqttNotConnectedException("The MQTT connection was lost."));
            }

            await connection.DisposeAsync();
            foreach (var task in new[] { reading, acking, pinging, writing })
            {
                await task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            connection.Release();

            // A first connection that died before it was ready still lets ConnectAsync return; reconnecting takes over.
            ready.TrySetResult();
        }

        if (closing != 0 || lifetime.IsCancellationRequested)
        {
            return;
        }

        var reason = Describe(failure);
        if (failure is MqttProtocolException)
        {
            metrics?.ProtocolError();
            logger.MqttProtocolError(options.DisplayUrl, reason);
        }
        else
        {
            logger.MqttConnectionLost(options.DisplayUrl, reason);
        }

        lock (gate)
        {
            SetStateLocked(MqttClientState.Reconnecting, reason);
        }
    }

    private async Task SubscribeAndWriteAsync(Connection connection, List<Subscription> resubscribe, TaskCompletionSource ready, CancellationToken cancellationToken)
    {
        await ResubscribeAsync(connection, resubscribe, cancellationToken);
        await RetransmitAsync(connection, cancellationToken);
        ready.TrySetResult();
        await WriteLoopAsync(connection, cancellationToken);
    }

    private async Task ResubscribeAsync(Connection connection, List<Subscription> all, CancellationToken cancellationToken)
    {
        // Patterns sharing a broker filter are one subscription at the broker, with the highest QoS any of them asked for.
        foreach (var group in all.GroupBy(s => s.Pattern.BrokerFilter, StringComparer.Ordinal))
        {
            var qos = group.Max(s => s.Qos);
            var ack = (SubAckPacket)await RequestAsync(
                connection, id => new SubscribePacket(id, [new MqttTopicRequest(group.Key, qos)]), cancellationToken);
            if (ack.ReturnCodes[0] == SubAckPacket.Failure)
            {
                lock (gate)
                {
                    lastError = $"The broker refused the subscription to '{group.Key}'.";
                }

                logger.MqttSubscriptionRefused(group.Key);
            }
        }
    }

    private async Task RetransmitAsync(Connection connection, CancellationToken cancellationToken)
    {
        Outgoing[] pending;
        lock (gate)
        {
            pending = [.. inflight.Values.OrderBy(o => o.Sequence)];
        }

        foreach (var chunk in pending.Chunk(BatchCount))
        {
            await connection.SendAsync([.. chunk.Select(o => o.ToPacket(dup: true))], cancellationToken);
            metrics?.Sent(MqttQos.AtLeastOnce, chunk.Length, retransmitted: true);
        }
    }

    // ---- loops ---------------------------------------------------------------------------------------------

    private async Task ReadLoopAsync(Connection connection, CancellationToken cancellationToken)
    {
        while (true)
        {
            var packet = await connection.ReadPacketAsync(options.MaxPacketSize, cancellationToken)
                ?? throw new IOException("The broker closed the connection.");
            connection.MarkReceived();
            switch (packet)
            {
                case PublishPacket publish:
                    await OnPublishAsync(connection, publish, cancellationToken);
                    break;
                case PubAckPacket ack:
                    OnPubAck(ack.PacketId);
                    break;
                case SubAckPacket or UnsubAckPacket:
                    var id = packet is SubAckPacket s ? s.PacketId : ((UnsubAckPacket)packet).PacketId;
                    TaskCompletionSource<MqttPacket>? waiter;
                    lock (gate)
                    {
                        pendingAcks.Remove(id, out waiter);
                    }

                    waiter?.TrySetResult(packet);
                    break;
                case PingRespPacket:
                    break;
                default:
                    throw new MqttProtocolException($"A broker does not send {packet.Type} to a client.");
            }
        }
    }

    private async Task OnPublishAsync(Connection connection, PublishPacket publish, CancellationToken cancellationToken)
    {
        if (publish.Qos == MqttQos.ExactlyOnce)
        {
            throw new MqttProtocolException("The broker sent a QoS 2 message, but this client never subscribes with QoS 2.");
        }

        metrics?.Received(publish.Qos);
        var message = new MqttMessage(publish.Topic, publish.Payload, publish.Qos, publish.Retain, publish.Dup);
        Subscription[] targets;
        lock (gate)
        {
            targets = [.. subscriptions.Values.Where(s => s.Pattern.IsMatch(publish.Topic))];
        }

        // Waiting here stops reading, which pushes back on the broker through TCP when handlers are slow.
        await handlerSlots.WaitAsync(cancellationToken);
        // Started here, not through Task.Run: a handler runs on this thread until its first await (handlers are asynchronous;
        // the SensorThings ingest, for one, only reads the payload before it waits for the commit), which saves a thread-pool
        // hop per message. A handler with long synchronous work delays reading, which is the backpressure wanted anyway.
        var handling = HandleAsync(message, targets);
        if (publish.Qos == MqttQos.AtLeastOnce)
        {
            connection.Acks.Writer.TryWrite(new PendingAck(publish.PacketId, handling));
        }
    }

    private async Task HandleAsync(MqttMessage message, Subscription[] targets)
    {
        try
        {
            foreach (var target in targets)
            {
                await target.Handler(message, lifetime.Token);
            }
        }
        catch (Exception e)
        {
            metrics?.HandlerFailed();
            logger.MqttHandlerFailed(e, message.Topic, (int)message.Qos);
            throw;
        }
        finally
        {
            handlerSlots.Release();
        }
    }

    private static async Task AckLoopAsync(Connection connection, CancellationToken cancellationToken)
    {
        var reader = connection.Acks.Reader;
        var batch = new List<MqttPacket>();
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            while (batch.Count < BatchCount && reader.TryPeek(out var next))
            {
                if (!next.Handling.IsCompleted)
                {
                    if (batch.Count > 0)
                    {
                        break;
                    }

                    await next.Handling.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    cancellationToken.ThrowIfCancellationRequested();
                    continue;
                }

                reader.TryRead(out _);
                if (!next.Handling.IsCompletedSuccessfully)
                {
                    // PUBACKs go out in arrival order (§4.6), so nothing after the failed message is acknowledged
                    // either; dropping the connection makes the broker redeliver them all to the persistent session.
                    if (batch.Count > 0)
                    {
                        await connection.SendAsync(batch, cancellationToken);
                    }

                    throw new IOException("A message handler failed; its message stays unacknowledged and the connection is dropped so that the broker redelivers it.");
                }

                batch.Add(new PubAckPacket(next.PacketId));
            }

            if (batch.Count > 0)
            {
                await connection.SendAsync(batch, cancellationToken);
                batch.Clear();
            }
        }
    }

    private async Task PingLoopAsync(Connection connection, CancellationToken cancellationToken)
    {
        var keepAlive = options.KeepAlive;
        if (keepAlive <= TimeSpan.Zero)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken);
            return;
        }

        var tick = TimeSpan.FromTicks(Math.Clamp(keepAlive.Ticks / 4, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(5).Ticks));
        while (true)
        {
            await Task.Delay(tick, time, cancellationToken);
            if (connection.PingSentAt is long sent)
            {
                if (time.GetElapsedTime(sent) > keepAlive)
                {
                    throw new TimeoutException($"No PINGRESP from the broker within the keep-alive of {keepAlive.TotalSeconds:0.#} s.");
                }
            }
            else if (time.GetElapsedTime(connection.LastSent) >= keepAlive / 2)
            {
                connection.PingSentAt = time.GetTimestamp();
                await connection.SendAsync([PingReqPacket.Instance], cancellationToken);
            }
        }
    }

    private async Task WriteLoopAsync(Connection connection, CancellationToken cancellationToken)
    {
        var reader = queue.Reader;
        var batch = new List<Outgoing>();
        var packets = new List<MqttPacket>();
        while (true)
        {
            // A slot first, then the message: a message is never taken from the queue without a slot to send it in.
            await inflightSlots.WaitAsync(cancellationToken);
            Outgoing? first;
            try
            {
                if (!await reader.WaitToReadAsync(cancellationToken))
                {
                    // Shutting down with an empty queue: stay connected until the unacknowledged messages are through.
                    inflightSlots.Release();
                    await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken);
                    return;
                }

                if (!reader.TryRead(out first))
                {
                    inflightSlots.Release();
                    continue;
                }
            }
            catch
            {
                inflightSlots.Release();
                throw;
            }

            var bytes = Take(first, batch, packets);
            while (bytes < BatchBytes && batch.Count < BatchCount && inflightSlots.Wait(0, cancellationToken))
            {
                if (!reader.TryRead(out var more))
                {
                    inflightSlots.Release();
                    break;
                }

                bytes += Take(more, batch, packets);
            }

            try
            {
                await connection.SendAsync(packets, cancellationToken);
            }
            catch (Exception e)
            {
                // QoS 1 messages are in the inflight table and go out again after the reconnect; QoS 0 ones are lost.
                foreach (var item in batch.Where(i => i.Qos == MqttQos.AtMostOnce))
                {
                    item.Completion?.TrySetException(new MqttNotConnectedException("The MQTT connection was lost while sending.", e));
                }

                throw;
            }

            var atMostOnce = 0;
            foreach (var item in batch.Where(i => i.Qos == MqttQos.AtMostOnce))
            {
                item.Completion?.TrySetResult();
                atMostOnce++;
            }

            if (atMostOnce > 0)
            {
                metrics?.Sent(MqttQos.AtMostOnce, atMostOnce, retransmitted: false);
            }

            if (batch.Count > atMostOnce)
            {
                metrics?.Sent(MqttQos.AtLeastOnce, batch.Count - atMostOnce, retransmitted: false);
            }

            batch.Clear();
            packets.Clear();
        }
    }

    private int Take(Outgoing item, List<Outgoing> batch, List<MqttPacket> packets)
    {
        if (item.Qos == MqttQos.AtLeastOnce)
        {
            lock (gate)
            {
                item.PacketId = NextPacketIdLocked();
                inflight[item.PacketId] = item;
            }
        }
        else
        {
            inflightSlots.Release();
        }

        batch.Add(item);
        packets.Add(item.ToPacket(dup: false));
        return item.Topic.Length + item.Payload.Length + 8;
    }

    private void OnPubAck(ushort packetId)
    {
        Outgoing? item;
        lock (gate)
        {
            if (!inflight.Remove(packetId, out item))
            {
                // A late PUBACK for a message acknowledged before a reconnect: nothing to do.
                return;
            }
        }

        inflightSlots.Release();
        item.Completion?.TrySetResult();
    }

    private async Task<MqttPacket> RequestAsync(Connection connection, Func<ushort, MqttPacket> create, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<MqttPacket>(TaskCreationOptions.RunContinuationsAsynchronously);
        ushort id;
        lock (gate)
        {
            if (current != connection)
            {
                throw new MqttNotConnectedException("The MQTT connection was lost.");
            }

            id = NextPacketIdLocked();
            pendingAcks[id] = waiter;
        }

        try
        {
            await connection.SendAsync([create(id)], cancellationToken);
            return await waiter.Task.WaitAsync(options.ConnectTimeout, cancellationToken);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new MqttNotConnectedException("The MQTT connection was lost.", e);
        }
        finally
        {
            lock (gate)
            {
                pendingAcks.Remove(id);
            }
        }
    }

    private ushort NextPacketIdLocked()
    {
        for (var i = 0; i < ushort.MaxValue; i++)
        {
            lastPacketId = lastPacketId == ushort.MaxValue ? (ushort)1 : (ushort)(lastPacketId + 1);
            if (!inflight.ContainsKey(lastPacketId) && !pendingAcks.ContainsKey(lastPacketId))
            {
                return lastPacketId;
            }
        }

        throw new InvalidOperationException("All 65535 MQTT packet ids are in use.");
    }

    private Outgoing CreateOutgoing(string topic, ReadOnlyMemory<byte> payload, MqttQos qos, bool retain, bool withCompletion)
    {
        MqttTopics.ValidateTopicName(topic);
        RequireSupportedQos(qos);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref closing) != 0, this);
        return new Outgoing(topic, payload, qos, retain, Interlocked.Increment(ref sequence))
        {
            Completion = withCompletion ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null,
        };
    }

    private void FailPending(Exception error)
    {
        while (queue.Reader.TryRead(out var queued))
        {
            queued.Completion?.TrySetException(error);
        }

        List<Outgoing> unacknowledged;
        lock (gate)
        {
            unacknowledged = [.. inflight.Values];
            inflight.Clear();
        }

        foreach (var item in unacknowledged)
        {
            item.Completion?.TrySetException(error);
        }
    }

    private static void RequireSupportedQos(MqttQos qos)
    {
        if (qos is not (MqttQos.AtMostOnce or MqttQos.AtLeastOnce))
        {
            throw new ArgumentOutOfRangeException(nameof(qos), qos, "This client supports QoS 0 and 1.");
        }
    }

    private void SetStateLocked(MqttClientState next, string? error)
    {
        if (error is not null)
        {
            lastError = error;
        }

        if (state != next)
        {
            state = next;
            stateSince = time.GetUtcNow();
        }
    }

    private static string Describe(Exception? e) => e switch
    {
        null => "unknown",
        SocketException s => $"{s.SocketErrorCode}: {s.Message}",
        AggregateException a => Describe(a.GetBaseException()),
        _ => e.Message,
    };

    // ---- types -------------------------------------------------------------------------------------------------

    private sealed record Subscription(MqttTopicPattern Pattern, MqttQos Qos, MqttMessageHandler Handler);

    private sealed record PendingAck(ushort PacketId, Task Handling);

    private sealed class Outgoing(string topic, ReadOnlyMemory<byte> payload, MqttQos qos, bool retain, long sequence)
    {
        public string Topic { get; } = topic;

        public ReadOnlyMemory<byte> Payload { get; } = payload;

        public MqttQos Qos { get; } = qos;

        public bool Retain { get; } = retain;

        /// <summary>Order of publication, so that retransmissions keep it.</summary>
        public long Sequence { get; } = sequence;

        /// <summary>Assigned when first sent, kept across retransmissions (§4.4).</summary>
        public ushort PacketId { get; set; }

        /// <summary>Null for fire-and-forget messages (<c>TryPublish</c>).</summary>
        public TaskCompletionSource? Completion { get; init; }

        public PublishPacket ToPacket(bool dup) =>
            new(Topic, Payload, Qos, Retain, dup && Qos != MqttQos.AtMostOnce, Qos == MqttQos.AtMostOnce ? (ushort)0 : PacketId);
    }
}
