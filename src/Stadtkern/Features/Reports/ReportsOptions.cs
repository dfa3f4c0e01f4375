namespace Stadtkern.Features.Reports;

/// <summary>Instance-wide limits of the reports feature, bound from the <c>Reports</c> configuration section.</summary>
internal sealed class ReportsOptions
{
    public const string Section = "Reports";

    /// <summary>Largest accepted photo in bytes. Default 10 MB.</summary>
    public int MaxPhotoBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Photos per report. Default 3.</summary>
    public int MaxPhotos { get; set; } = 3;

    /// <summary>New reports (web form and Open311 POST) one client IP may send per window. Default 10.</summary>
    public int SubmitPermitLimit { get; set; } = 10;

    /// <summary>Length of the rate-limit window in seconds. Default 60.</summary>
    public int SubmitWindowSeconds { get; set; } = 60;
}
