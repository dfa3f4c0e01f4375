using System.Globalization;

namespace Stadtkern.Features.Sensing.Views;

/// <summary>Parses the <c>from</c>/<c>to</c> query parameters (ISO 8601; without an offset they are UTC) into a checked range.</summary>
internal static class TimeRange
{
    public static (DateTimeOffset From, DateTimeOffset To) Parse(
        string? from, string? to, DateTimeOffset now, TimeSpan defaultSpan, int maxDays, Dictionary<string, string[]> errors)
    {
        var end = now;
        if (!string.IsNullOrWhiteSpace(to))
        {
            if (TryParse(to, out var parsed))
            {
                end = parsed;
            }
            else
            {
                errors["to"] = ["to must be an ISO 8601 date or date-time, e.g. 2026-05-01T00:00:00Z."];
            }
        }

        var start = end - defaultSpan;
        if (!string.IsNullOrWhiteSpace(from))
        {
            if (TryParse(from, out var parsed))
            {
                start = parsed;
            }
            else
            {
                errors["from"] = ["from must be an ISO 8601 date or date-time, e.g. 2026-04-30T00:00:00Z."];
            }
        }

        if (errors.Count == 0)
        {
            if (start >= end)
            {
                errors["from"] = ["from must be before to."];
            }
            else if ((end - start).TotalDays > maxDays)
            {
                errors["to"] = [string.Create(CultureInfo.InvariantCulture, $"The range may span at most {maxDays} days.")];
            }
        }

        return (start, end);
    }

    public static bool TryParse(string text, out DateTimeOffset value)
    {
        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value)
            && value.Year is >= 1000 and <= 9998)
        {
            value = value.ToUniversalTime();
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>ISO 8601 in UTC with milliseconds, as the CSV and the pages write instants.</summary>
    public static string Iso(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
