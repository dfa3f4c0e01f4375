namespace Stadtkern.Features.Catalog.Access;

/// <summary>Calendar days as people in German administrations mean them (Europe/Berlin), turned into UTC instants.</summary>
internal static class GermanDay
{
    private static readonly TimeZoneInfo Zone = FindZone();

    /// <summary>Midnight at the start of <paramref name="day"/>, German time.</summary>
    public static DateTimeOffset Start(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>"Valid through <paramref name="day"/>": the start of the next day.</summary>
    public static DateTimeOffset EndOf(DateOnly day) => Start(day.AddDays(1));

    /// <summary>The German calendar day of an instant.</summary>
    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
