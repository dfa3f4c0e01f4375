namespace Stadtkern.Features.Sensing.Views;

/// <summary>Limits of the people-facing sensor views (series and CSV export), bound from <c>Sensing:Views</c>.</summary>
internal sealed class SensingViewsOptions
{
    public const string Section = "Sensing:Views";

    /// <summary>Buckets of a series when the request names none. Default 500.</summary>
    public int DefaultPoints { get; set; } = 500;

    /// <summary>Most buckets a series request may ask for. Default 5000.</summary>
    public int MaxPoints { get; set; } = 5000;

    /// <summary>Longest time range (days) of one CSV export. Default 366.</summary>
    public int ExportMaxDays { get; set; } = 366;

    /// <summary>Longest time range (days) of one series request (aggregates keep even long ones cheap). Default 36600 (100 years).</summary>
    public int SeriesMaxDays { get; set; } = 36600;
}
