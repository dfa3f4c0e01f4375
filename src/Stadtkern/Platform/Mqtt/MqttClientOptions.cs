using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Stadtkern.Platform.Mqtt.Protocol;

namespace Stadtkern.Platform.Mqtt;

/// <summary>Everything <see cref="MqttClient"/> needs to reach and talk to one broker.</summary>
internal sealed record MqttClientOptions
{
    public const int DefaultPort = 1883;
    public const int DefaultTlsPort = 8883;

    public required string Host { get; init; }

    public int Port { get; init; } = DefaultPort;

    /// <summary>TLS over TCP (<c>mqtts://</c>); the server certificate must match <see cref="Host"/>.</summary>
    public bool UseTls { get; init; }

    /// <summary>Extra trusted roots for the broker's certificate (a private CA); the system store still applies.</summary>
    public X509Certificate2Collection? TrustedCertificates { get; init; }

    /// <summary>1 to 23 characters are safe with every broker; longer ids are sent as given (mosquitto accepts them).</summary>
    public required string ClientId { get; init; }

    /// <summary>
    /// False (default) asks the broker to keep the session (subscriptions and unacknowledged QoS 1 messages) across
    /// reconnects, which is what makes inbound QoS 1 at-least-once when the connection breaks.
    /// </summary>
    public bool CleanSession { get; init; }

    /// <summary>Ping interval agreed with the broker; the broker drops the client after 1.5 × this of silence. Zero disables.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    public string? Username { get; init; }

    public string? Password { get; init; }

    public MqttWill? Will { get; init; }

    /// <summary>TCP connect + TLS handshake + CONNACK, and the wait for a SUBACK/UNSUBACK.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First reconnect delay; doubles per failed attempt up to <see cref="MaxReconnectDelay"/>, with jitter.</summary>
    public TimeSpan InitialReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Outbound messages waiting to be sent; <c>PublishAsync</c> waits and <c>TryPublish</c> fails when it is full.</summary>
    public int MaxQueuedMessages { get; init; } = 10_000;

    /// <summary>QoS 1 messages sent but not yet acknowledged by the broker.</summary>
    public int MaxInflight { get; init; } = 100;

    /// <summary>
    /// Inbound messages handled at the same time. Handlers of different messages may overlap (order is not kept);
    /// PUBACKs still go out in the order the messages arrived, as §4.6 requires. 1 keeps strict order.
    /// </summary>
    public int MaxConcurrentHandlers { get; init; } = 16;

    /// <summary>Largest inbound packet accepted; a broker sending more is treated as a protocol error.</summary>
    public int MaxPacketSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>How long <c>DisconnectAsync</c> waits for queued and unacknowledged messages before closing.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>mqtt://host:port</c> or <c>mqtts://host:port</c> for the log and the status page (no credentials).</summary>
    public string DisplayUrl => string.Create(CultureInfo.InvariantCulture, $"{(UseTls ? "mqtts" : "mqtt")}://{(Host.Contains(':', StringComparison.Ordinal) ? "[" + Host + "]" : Host)}:{Port}");

    /// <summary>
    /// Parses <c>mqtt://host[:port]</c> (also <c>tcp://</c>) and <c>mqtts://host[:port]</c> (also <c>ssl://</c>, <c>tls://</c>).
    /// User and password in the URL's user-info part are used unless <paramref name="username"/>/<paramref name="password"/> are given;
    /// adjust the rest with <c>with { ... }</c>.
    /// </summary>
    public static MqttClientOptions FromUrl(
        string url,
        string clientId,
        string? username = null,
        string? password = null)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException($"'{url}' is not an MQTT URL such as mqtt://127.0.0.1:1883 or mqtts://broker.example:8883.");
        }

        var tls = uri.Scheme.ToLowerInvariant() switch
        {
            "mqtt" or "tcp" => false,
            "mqtts" or "ssl" or "tls" => true,
            _ => throw new FormatException($"Unknown MQTT URL scheme '{uri.Scheme}' (use mqtt:// or mqtts://)."),
        };

        if (uri.AbsolutePath is not ("" or "/"))
        {
            throw new FormatException($"An MQTT URL has no path ('{uri.AbsolutePath}'); put topic prefixes in Mqtt:TopicPrefix.");
        }

        string? urlUser = null;
        string? urlPassword = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            urlUser = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            urlPassword = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }

        return new MqttClientOptions
        {
            Host = uri.IdnHost,
            Port = uri.IsDefaultPort || uri.Port < 0 ? (tls ? DefaultTlsPort : DefaultPort) : uri.Port,
            UseTls = tls,
            ClientId = clientId,
            Username = string.IsNullOrEmpty(username) ? urlUser : username,
            Password = string.IsNullOrEmpty(password) ? urlPassword : password,
        };
    }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Host);
        ArgumentOutOfRangeException.ThrowIfLessThan(Port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535);
        ArgumentOutOfRangeException.ThrowIfNegative(KeepAlive.Ticks);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(KeepAlive.TotalSeconds, ushort.MaxValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxQueuedMessages, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInflight, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxInflight, 60_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentHandlers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPacketSize, 16);
        if (Password is not null && Username is null)
        {
            throw new ArgumentException("MQTT 3.1.1 sends a password only together with a user name.");
        }

        if (ClientId.Length == 0 && !CleanSession)
        {
            throw new ArgumentException("An empty client id needs CleanSession = true.");
        }
    }
}
