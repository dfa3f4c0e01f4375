using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Stadtkern.Platform.Mqtt.Protocol;

namespace Stadtkern.Platform.Mqtt;

internal enum MqttConnectionState
{
    /// <summary>No <c>Mqtt:Url</c> configured.</summary>
    Off,

    /// <summary>Not connected yet since the start (the broker may be down: see the last error).</summary>
    Connecting,
    Connected,

    /// <summary>Was connected; the connection broke and is being re-established.</summary>
    Reconnecting,
}

/// <param name="State">Off, connecting, connected or reconnecting.</param>
/// <param name="Broker">The broker URL without credentials; null when off.</param>
/// <param name="LastError">Why the last attempt failed or the last connection ended, if any.</param>
/// <param name="Since">When the state last changed.</param>
internal sealed record MqttConnectionStatus(MqttConnectionState State, string? Broker, string? LastError, DateTimeOffset? Since);

/// <summary>
/// This instance's connection to the configured MQTT broker (singleton, started with the host). Features publish and
/// subscribe through it with topics relative to <c>Mqtt:TopicPrefix</c>; it connects in the background, retries with
/// backoff while the broker is down, and never stops the service from starting. Without <c>Mqtt:Url</c> it is off:
/// publishing does nothing, subscriptions are never called, and everything else works.
/// </summary>
internal sealed class MqttConnection : IHostedService, IAsyncDisposable
{
    private readonly MqttClient? client;
    private readonly ILogger<MqttConnection> logger;
    private readonly TimeProvider time;
    private readonly MqttOptions settings;
    private readonly CancellationTokenSource stopping = new();
    private Task? connecting;
    private int disposed;

    public MqttConnection(IOptions<MqttOptions> options, MqttMetrics metrics, TimeProvider time, ILogger<MqttConnection> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        settings = options.Value;
        this.logger = logger;
        this.time = time;
        TopicPrefix = settings.TopicPrefix ?? "";
        if (TopicPrefix.AsSpan().IndexOfAny('+', '#') >= 0 || TopicPrefix.Contains('\0', StringComparison.Ordinal))
        {
            throw new OptionsValidationException(MqttOptions.Section, typeof(MqttOptions), [$"Mqtt:TopicPrefix '{TopicPrefix}' must not contain '+', '#' or U+0000."]);
        }

        if (!settings.Enabled)
        {
            return;
        }

        MqttClientOptions clientOptions;
        try
        {
            clientOptions = MqttClientOptions.FromUrl(
                settings.Url!,
                string.IsNullOrWhiteSpace(settings.ClientId) ? DefaultClientId() : settings.ClientId,
                settings.Username,
                settings.Password) with
            {
                KeepAlive = TimeSpan.FromSeconds(settings.KeepAliveSeconds),
                CleanSession = !settings.PersistentSession,
                TrustedCertificates = LoadCertificates(settings.CaCertificatePath),
                MaxQueuedMessages = settings.MaxQueuedMessages,
                MaxConcurrentHandlers = settings.MaxConcurrentHandlers,
                MaxReconnectDelay = TimeSpan.FromSeconds(Math.Max(1, settings.MaxReconnectDelaySeconds)),
            };
            clientOptions.Validate();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IOException or System.Security.Cryptography.CryptographicException)
        {
            throw new OptionsValidationException(MqttOptions.Section, typeof(MqttOptions), [$"Invalid MQTT configuration: {e.Message}"]);
        }

        client = new MqttClient(clientOptions, logger, time, metrics);
        metrics.Meter.CreateObservableGauge(
            "stadtkern.mqtt.connected",
            () => client.State == MqttClientState.Connected ? 1 : 0,
            description: "1 while connected to the MQTT broker, 0 otherwise.");
        metrics.Meter.CreateObservableGauge(
            "stadtkern.mqtt.queue.length",
            () => client.QueuedCount,
            unit: "{message}",
            description: "Outbound MQTT messages waiting to be sent.");
    }

    public bool IsEnabled => client is not null;

    /// <summary>Put before every topic; topics given to this class and received from it are relative to it.</summary>
    public string TopicPrefix { get; }

    /// <summary>The underlying client (null when off), for tests and diagnostics.</summary>
    internal MqttClient? Client => client;

    public MqttConnectionStatus Status
    {
        get
        {
            if (client is null)
            {
                return new MqttConnectionStatus(MqttConnectionState.Off, null, null, null);
            }

            var state = client.State switch
            {
                MqttClientState.Connected => MqttConnectionState.Connected,
                MqttClientState.Reconnecting => MqttConnectionState.Reconnecting,
                MqttClientState.Disconnected or MqttClientState.Connecting or MqttClientState.Closed => MqttConnectionState.Connecting,
            };
            return new MqttConnectionStatus(state, client.Options.DisplayUrl, client.LastError, client.StateSince);
        }
    }

    /// <summary>
    /// Publishes to <c>TopicPrefix + topic</c> and completes when written (QoS 0) or acknowledged (QoS 1); waits while the
    /// outbound queue is full. Does nothing when MQTT is off.
    /// </summary>
    public Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQos qos = MqttQos.AtMostOnce, bool retain = false, CancellationToken cancellationToken = default) =>
        client is null ? Task.CompletedTask : client.PublishAsync(TopicPrefix + topic, payload, qos, retain, cancellationToken);

    /// <summary>Queues without waiting (for publishers that must never block, like notifications after ingest); false when off or full.</summary>
    public bool TryPublish(string topic, ReadOnlyMemory<byte> payload, MqttQos qos = MqttQos.AtMostOnce, bool retain = false) =>
        client is not null && client.TryPublish(TopicPrefix + topic, payload, qos, retain);

    /// <summary>
    /// Subscribes to <c>TopicPrefix + pattern</c> (now if connected, otherwise on connect, and again after every reconnect).
    /// The pattern is a topic filter that may hold one '+' inside a level, e.g. <c>v1.1/Datastreams(+)/Observations</c>
    /// (<see cref="MqttTopicPattern"/>). The handler sees topics without the prefix. Returns the granted QoS, or null
    /// while not connected or when off.
    /// </summary>
    public Task<MqttQos?> SubscribeAsync(string pattern, MqttQos qos, MqttMessageHandler handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (client is null)
        {
            return Task.FromResult<MqttQos?>(null);
        }

        var prefix = TopicPrefix;
        MqttMessageHandler relative = prefix.Length == 0
            ? handler
            : (message, ct) => handler(message with { Topic = message.Topic.StartsWith(prefix, StringComparison.Ordinal) ? message.Topic[prefix.Length..] : message.Topic }, ct);
        return client.SubscribeAsync(prefix + pattern, qos, relative, cancellationToken);
    }

    public Task UnsubscribeAsync(string pattern, CancellationToken cancellationToken = default) =>
        client is null ? Task.CompletedTask : client.UnsubscribeAsync(TopicPrefix + pattern, cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (client is null)
        {
            logger.MqttOff();
            return Task.CompletedTask;
        }

        connecting = Task.Run(() => ConnectAsync(stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (client is null)
        {
            return;
        }

        if (Volatile.Read(ref disposed) != 0)
        {
            return;
        }

        await stopping.CancelAsync();
        if (connecting is not null)
        {
            await connecting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await client.DisconnectAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await stopping.CancelAsync();
        if (client is not null)
        {
            await client.DisposeAsync();
        }

        stopping.Dispose();
    }

    /// <summary>The first connection; after it the client reconnects by itself.</summary>
    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await client!.ConnectAsync(cancellationToken);
                return;
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception e)
            {
                var delay = MqttClient.ReconnectDelay(attempt, client!.Options.InitialReconnectDelay, client.Options.MaxReconnectDelay, Random.Shared.NextDouble());
                logger.MqttInitialConnectFailed(client.Options.DisplayUrl, e.Message, delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static string DefaultClientId()
    {
        var machine = new string([.. Environment.MachineName.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').Take(32)]);
        return $"stadtkern-{(machine.Length == 0 ? "host" : machine)}-{Guid.NewGuid().ToString("N")[..8]}";
    }

    private static X509Certificate2Collection? LoadCertificates(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(path);
        return certificates.Count > 0 ? certificates : throw new IOException($"No certificate in {path}.");
    }
}
