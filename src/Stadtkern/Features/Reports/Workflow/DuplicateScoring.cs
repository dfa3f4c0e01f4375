namespace Stadtkern.Features.Reports.Workflow;

/// <summary>A report as the duplicate search sees it.</summary>
internal sealed record DuplicateProbe(long Id, Guid? ServiceId, string Status, double? Lat, double? Lon, DateTimeOffset RequestedAt, long? DuplicateOf);

/// <summary>A suggested duplicate: how far away and how far apart in time.</summary>
internal sealed record DuplicateSuggestion(long Id, double DistanceMeters, double HoursApart);

/// <summary>Where and when two reports must be to count as the same problem.</summary>
internal sealed record DuplicateWindow(double RadiusMeters = 75, int Days = 30)
{
    public static readonly DuplicateWindow Default = new();
}

/// <summary>
/// Nearby reports of the same service that are still open around the same time are likely the same pothole or
/// the same lamp. Pure: candidates in, ranked suggestions out (nearest first, then closest in time).
/// </summary>
internal static class DuplicateScoring
{
    private const double EarthRadiusMeters = 6_371_008.8;

    public static IReadOnlyList<DuplicateSuggestion> Rank(DuplicateProbe subject, IEnumerable<DuplicateProbe> candidates, DuplicateWindow window, int limit = 5)
    {
        if (subject.ServiceId is null || subject.Lat is not { } lat || subject.Lon is not { } lon)
        {
            return [];
        }

        return [.. candidates
            .Where(c => c.Id != subject.Id
                && c.ServiceId == subject.ServiceId
                && c.DuplicateOf is null
                && !string.Equals(c.Status, ReportStatuses.Closed, StringComparison.Ordinal)
                && c.Lat is not null && c.Lon is not null)
            .Select(c => new DuplicateSuggestion(c.Id, Distance(lat, lon, c.Lat!.Value, c.Lon!.Value), Math.Abs((c.RequestedAt - subject.RequestedAt).TotalHours)))
            .Where(s => s.DistanceMeters <= window.RadiusMeters && s.HoursApart <= window.Days * 24.0)
            .OrderBy(s => s.DistanceMeters)
            .ThenBy(s => s.HoursApart)
            .ThenBy(s => s.Id)
            .Take(limit)];
    }

    /// <summary>Great-circle distance in metres (haversine; plenty for a hundred metres).</summary>
    public static double Distance(double lat1, double lon1, double lat2, double lon2)
    {
        var dLat = Radians(lat2 - lat1);
        var dLon = Radians(lon2 - lon1);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2))
            + (Math.Cos(Radians(lat1)) * Math.Cos(Radians(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusMeters * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>Half-widths in degrees of a box around <paramref name="lat"/> that contains the radius (database prefilter).</summary>
    public static (double DLat, double DLon) Box(double lat, double radiusMeters)
    {
        var dLat = radiusMeters / 111_000.0 * 1.1;
        var dLon = dLat / Math.Max(0.01, Math.Cos(Radians(lat)));
        return (dLat, dLon);
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180.0;
}
