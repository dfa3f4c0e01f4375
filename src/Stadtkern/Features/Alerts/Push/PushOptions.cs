using System.ComponentModel.DataAnnotations;

namespace Stadtkern.Features.Alerts.Push;

/// <summary>Web Push settings, bound from the <c>Push</c> section.</summary>
public sealed class PushOptions
{
    public const string Section = "Push";

    /// <summary>
    /// Hosts a subscription endpoint may point at. The server POSTs to every stored endpoint, so it only accepts the browsers'
    /// push services (not arbitrary, possibly internal, addresses). A leading <c>*.</c> matches any subdomain.
    /// Default: Google/Chromium, Mozilla, Microsoft and Apple push services.
    /// </summary>
    public List<string> AllowedHosts { get; set; } =
    [
        "fcm.googleapis.com",
        "*.push.services.mozilla.com",
        "updates.push.services.mozilla.com",
        "*.notify.windows.com",
        "web.push.apple.com",
        "*.push.apple.com",
    ];

    /// <summary>Accept <c>http://127.0.0.1:…</c> endpoints on any port (tests and local development only). Default false.</summary>
    public bool AllowLoopbackEndpoints { get; set; }

    /// <summary>VAPID contact (<c>mailto:</c> or <c>https:</c>) when the tenant has no contact e-mail or website.</summary>
    public string FallbackSubject { get; set; } = "mailto:webpush@stadtkern.invalid";

    /// <summary>Push requests in flight at once per delivery. Default 32.</summary>
    [Range(1, 1024)]
    public int Parallelism { get; set; } = 32;

    /// <summary>How long a push service keeps an undelivered alert when it has no expiry, in seconds. Default 6 hours.</summary>
    [Range(0, 2419200)]
    public int DefaultTtlSeconds { get; set; } = 6 * 3600;

    /// <summary>Timeout of one push request, in seconds. Default 10.</summary>
    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Extra attempts for a message the push service answered with 429 or 5xx, within one delivery. Default 2.</summary>
    [Range(0, 10)]
    public int Retries { get; set; } = 2;
}
