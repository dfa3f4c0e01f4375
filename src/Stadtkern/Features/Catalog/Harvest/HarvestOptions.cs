namespace Stadtkern.Features.Catalog.Harvest;

/// <summary>Harvesting settings (section <c>Catalog:Harvest</c>).</summary>
internal sealed class HarvestOptions
{
    public const string Section = "Catalog:Harvest";

    /// <summary>Host names, IP addresses or CIDR ranges (<c>10.1.0.0/16</c>) that sources may reach although they are
    /// private or loopback addresses. Empty by default: only public addresses are harvested.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Seconds the scheduler waits between rounds (queue due runs, take over stale ones, work). Default 15.</summary>
    public int PollSeconds { get; set; } = 15;

    /// <summary>False stops this instance from running harvests in the background (the CLI still works). Default true.</summary>
    public bool SchedulerEnabled { get; set; } = true;

    /// <summary>Limit for one HTTP request, headers and body together, in seconds. Default 60.</summary>
    public int RequestTimeoutSeconds { get; set; } = 60;

    /// <summary>Limit for a whole run (all pages), in minutes. Default 120.</summary>
    public int RunTimeoutMinutes { get; set; } = 120;

    /// <summary>Largest accepted response body in bytes (after decompression). Default 50 MiB.</summary>
    public long MaxResponseBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>A running run without heartbeat for this many minutes belongs to a dead instance. Default 5.</summary>
    public int StaleAfterMinutes { get; set; } = 5;

    /// <summary>How often a run interrupted by a dead instance is continued automatically before it is left failed. Default 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>CKAN page size (<c>rows</c>). Default 100.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Most redirects followed per request (each target is checked again). Default 5.</summary>
    public int MaxRedirects { get; set; } = 5;
}
