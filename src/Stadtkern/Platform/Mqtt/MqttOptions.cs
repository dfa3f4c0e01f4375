namespace Stadtkern.Platform.Mqtt;

/// <summary>The <c>Mqtt</c> configuration section. Without <see cref="Url"/> MQTT is off and nothing connects.</summary>
internal sealed class MqttOptions
{
    public const string Section = "Mqtt";

    /// <summary>Broker address: <c>mqtt://host[:port]</c> (default port 1883) or <c>mqtts://host[:port]</c> (TLS, default 8883).</summary>
    public string? Url { get; set; }

    /// <summary>User name for the broker; overrides one given in the URL.</summary>
    public string? Username { get; set; }

    /// <summary>Password for the broker (needs <see cref="Username"/>); overrides one given in the URL.</summary>
    public string? Password { get; set; }

    /// <summary>Client identifier; default <c>stadtkern-&lt;machine&gt;-&lt;random&gt;</c>, new on every start.</summary>
    public string? ClientId { get; set; }

    /// <summary>Put before every topic this instance publishes or subscribes to (e.g. <c>stadt/</c>); default empty.</summary>
    public string TopicPrefix { get; set; } = "";

    /// <summary>Keep-alive interval in seconds (0 = off); the broker drops the connection after 1.5 × this of silence. Default 30.</summary>
    public int KeepAliveSeconds { get; set; } = 30;

    /// <summary>
    /// Keep the broker-side session (subscriptions, unacknowledged QoS 1 messages) across reconnects. Default true: this
    /// is what makes inbound QoS 1 at-least-once when the connection breaks.
    /// </summary>
    public bool PersistentSession { get; set; } = true;

    /// <summary>PEM file with extra CA certificates that may sign the broker's TLS certificate (a private CA).</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>Outbound messages that may wait for the broker; beyond that publishers wait or messages are dropped. Default 10000.</summary>
    public int MaxQueuedMessages { get; set; } = 10_000;

    /// <summary>
    /// Inbound messages handled at the same time (their PUBACKs wait for the handlers). For fast QoS 1 ingest this must be at
    /// least the broker's in-flight window for this client (mosquitto: <c>max_inflight_messages</c>, default 20), since every
    /// handler waits for a database commit: the ingest rate is at most this many ÷ the time from receipt to commit. Default
    /// 4000 (1000 capped MQTT ingest at about 14,000 observations/s on 2 cores, 4000 reached 20,000; docs/sensing/ingest.md).
    /// </summary>
    public int MaxConcurrentHandlers { get; set; } = 4000;

    /// <summary>Longest wait between reconnect attempts, in seconds (exponential backoff from 1 s with jitter). Default 60.</summary>
    public int MaxReconnectDelaySeconds { get; set; } = 60;

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);
}
