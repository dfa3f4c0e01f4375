using System.ComponentModel.DataAnnotations;

namespace Stadtkern.Features.Alerts;

/// <summary>Instance settings of the alerts feature, bound from the <c>Alerts</c> section.</summary>
public sealed class AlertsOptions
{
    public const string Section = "Alerts";

    /// <summary>The OASIS CAP 1.2 schema (CAP-v1.2.xsd) to validate incoming and outgoing CAP against. Default: none set, then
    /// <c>shared/standards/cap-1.2/CAP-v1.2.xsd</c> next to the repository or its parents is used when present; without a schema
    /// the strict built-in reader (order, multiplicity, value lists, time format) and the CAP rules still apply.</summary>
    public string? CapSchemaPath { get; set; }

    /// <summary>Delivery worker settings.</summary>
    public AlertDeliveryOptions Delivery { get; set; } = new();

    /// <summary>Seconds the active-alert banner query is cached per tenant and instance. Default 5.</summary>
    [Range(0, 300)]
    public int BannerCacheSeconds { get; set; } = 5;

    /// <summary>Largest accepted CAP body of <c>POST /api/alerts</c> in bytes. Default 1 MiB.</summary>
    [Range(1024, 50 * 1024 * 1024)]
    public int MaxCapBytes { get; set; } = 1024 * 1024;
}

/// <summary>The delivery worker (outbox of alert_deliveries).</summary>
public sealed class AlertDeliveryOptions
{
    /// <summary>Run the worker on this instance. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Seconds between looks for due deliveries when nothing wakes the worker. Default 2.</summary>
    [Range(0.05, 3600)]
    public double PollSeconds { get; set; } = 2;

    /// <summary>Attempts per delivery before it is marked failed. Default 8.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait after the first failure; doubles with each further failure. Default 5 s.</summary>
    [Range(0, 3600)]
    public double RetryBaseSeconds { get; set; } = 5;

    /// <summary>Longest wait between attempts. Default 600 s.</summary>
    [Range(0, 86400)]
    public double RetryMaxSeconds { get; set; } = 600;

    /// <summary>Limit for one channel call. Default 60 s.</summary>
    [Range(1, 3600)]
    public double AttemptTimeoutSeconds { get; set; } = 60;

    /// <summary>How long a claimed delivery is reserved for the instance working on it; after a crash another takes it then. Default 300 s.</summary>
    [Range(1, 86400)]
    public double LeaseSeconds { get; set; } = 300;

    /// <summary>Deliveries claimed per round. Default 20.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 20;
}
