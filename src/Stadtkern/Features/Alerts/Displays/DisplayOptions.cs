namespace Stadtkern.Features.Alerts.Displays;

/// <summary>Display (stele) settings, bound from <c>Alerts:Displays</c>.</summary>
public sealed class DisplayOptions
{
    public const string Section = "Alerts:Displays";

    /// <summary>Seconds between content polls that the content tells displays to use. Default 10.</summary>
    public int PollSeconds { get; set; } = 10;

    /// <summary>A display whose last heartbeat is older than this many seconds counts as offline. Default 180.</summary>
    public int OfflineAfterSeconds { get; set; } = 180;

    /// <summary>Days a registration code stays valid. Default 7.</summary>
    public int RegistrationCodeDays { get; set; } = 7;

    /// <summary>Seconds the server waits for a departures URL before the tile is marked unavailable. Default 3.</summary>
    public double DeparturesTimeoutSeconds { get; set; } = 3;

    /// <summary>Seconds a fetched departure board (or its failure) is reused for all displays. Default 30.</summary>
    public int DeparturesCacheSeconds { get; set; } = 30;

    /// <summary>Largest departure board read, in bytes. Default 512 KiB.</summary>
    public int DeparturesMaxBytes { get; set; } = 512 * 1024;

    /// <summary>Largest accepted screenshot, in bytes. Default 2 MiB.</summary>
    public int ScreenshotMaxBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Screenshots kept per display (older ones are deleted). Default 3.</summary>
    public int ScreenshotsKept { get; set; } = 3;
}
