using Stadtkern.Features.Alerts.Cap;

namespace Stadtkern.Features.Alerts.Delivery;

/// <summary>One event of one alert to deliver on one channel. <see cref="Kind"/> is an <see cref="AlertEventKinds"/> value.</summary>
internal sealed record AlertDeliveryContext(Guid TenantId, string TenantSlug, Guid AlertId, int Version, long EventSeq, string Kind, CapAlert Alert);

/// <summary>A delivery channel (singleton; register with <c>services.AddSingleton&lt;IAlertChannel, X&gt;()</c>).</summary>
internal interface IAlertChannel
{
    /// <summary>One of <see cref="AlertChannels"/>: "web" | "sse" | "mqtt" | "push" | "displays" | "feeds".</summary>
    string Key { get; }

    /// <returns>A short detail for staff ("1.234 Push-Nachrichten"); throw to have the worker retry with backoff.</returns>
    Task<string?> DeliverAsync(AlertDeliveryContext context, CancellationToken cancellationToken);
}

/// <summary>Channel keys and their German names.</summary>
internal static class AlertChannels
{
    public const string Web = "web";
    public const string Sse = "sse";
    public const string Mqtt = "mqtt";
    public const string Push = "push";
    public const string Displays = "displays";
    public const string Feeds = "feeds";

    public static readonly IReadOnlyList<string> All = [Web, Sse, Mqtt, Push, Displays, Feeds];

    public static string Name(string key) => key switch
    {
        Web => "Webseite und Banner",
        Sse => "Live-Stream (SSE)",
        Mqtt => "MQTT",
        Push => "Push-Nachrichten (App)",
        Displays => "Infostelen",
        Feeds => "Feeds (Atom, CAP, JSON)",
        _ => key,
    };

    public static bool IsKnown(string key) => All.Contains(key, StringComparer.Ordinal);
}

/// <summary>Values of alert_events.kind.</summary>
internal static class AlertEventKinds
{
    public const string Published = "published";
    public const string Updated = "updated";
    public const string Cancelled = "cancelled";
}

/// <summary>Values of alert_deliveries.state.</summary>
internal static class DeliveryStates
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}
