using System.ComponentModel.DataAnnotations;

namespace Stadtkern.Features.Alerts.Nina;

/// <summary>The importer of official warnings (NINA, warnung.bund.de api31 format), bound from the <c>Nina</c> section.</summary>
public sealed class NinaOptions
{
    public const string Section = "Nina";

    /// <summary>Base URL of the warning API. Default <c>https://warnung.bund.de/api31</c> (env <c>Nina__BaseUrl</c>).</summary>
    [Required]
    public string BaseUrl { get; set; } = "https://warnung.bund.de/api31";

    /// <summary>Background import on this instance. Default true; tenants without the alerts module are never polled.</summary>
    public bool PollerEnabled { get; set; } = true;

    /// <summary>Seconds between two import rounds (all tenants). Default 120.</summary>
    [Range(10, 86400)]
    public int PollSeconds { get; set; } = 120;

    /// <summary>Seconds one HTTP request may take, body included. Default 10.</summary>
    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Further attempts after a failed request (timeout, network error, 5xx), with 0.5 s, 1 s, … pause. Default 2.</summary>
    [Range(0, 5)]
    public int Retries { get; set; } = 2;

    /// <summary>Largest accepted response (bytes). Default 32 MiB (the DWD map data is the largest list).</summary>
    [Range(1024, int.MaxValue)]
    public int MaxResponseBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Sources whose <c>/{provider}/mapData.json</c> is read besides the region's dashboard. Default all six;
    /// an empty list imports the dashboard only.</summary>
    public List<string> Providers { get; set; } = [.. NinaProviders.All];

    /// <summary>Warning details fetched at the same time. Default 4.</summary>
    [Range(1, 32)]
    public int Parallelism { get; set; } = 4;
}
