using System.ComponentModel.DataAnnotations;

namespace Stadtkern.Features.Alerts.Streaming;

/// <summary>The live alert stream (<c>/alerts/stream</c>), bound from the <c>Alerts:Stream</c> section.</summary>
public sealed class AlertStreamOptions
{
    public const string Section = "Alerts:Stream";

    /// <summary>Seconds between keep-alive comments on idle streams. Default 20 (proxies often cut idle connections after 30–60 s).</summary>
    [Range(1, 300)]
    public int HeartbeatSeconds { get; set; } = 20;

    /// <summary>Seconds between reads of new events from the database even without a signal (a lost NOTIFY costs at most this). Default 5.</summary>
    [Range(1, 300)]
    public int CatchUpSeconds { get; set; } = 5;

    /// <summary>Seconds an unfilled gap in the event numbers is waited for (a transaction still open) before it is skipped. Default 30.</summary>
    [Range(1, 3600)]
    public int GapSeconds { get; set; } = 30;

    /// <summary>Reconnect delay suggested to clients (SSE <c>retry:</c>), milliseconds. Default 3000.</summary>
    [Range(100, 600000)]
    public int RetryMilliseconds { get; set; } = 3000;

    /// <summary>Most events replayed to one resuming connection. Default 1000.</summary>
    [Range(1, 100000)]
    public int MaxResumeEvents { get; set; } = 1000;
}
