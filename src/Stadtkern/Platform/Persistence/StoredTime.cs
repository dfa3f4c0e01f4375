namespace Stadtkern.Platform.Persistence;

/// <summary>
/// Both databases keep less than .NET's 100 ns: PostgreSQL microseconds, the SQLite encoding
/// less. Timestamps are cut to whole milliseconds before they are stored, so what a write returns
/// is exactly what a later read shows.
/// </summary>
internal static class StoredTime
{
    public static DateTimeOffset GetStoredNow(this TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }
}
