using System.Collections.Concurrent;

namespace Stadtkern.Features.Sensing.Query;

/// <summary>
/// Where the newest page of a Datastream's Observations started last time (singleton): for
/// <c>Datastreams(n)/Observations?$orderby=phenomenonTime desc&amp;$top=k</c> (the latest value is <c>$top=1</c>) the phenomenon
/// time of the last row read, the (k+1)-th. The next such request adds <c>phenomenon_time_start &gt;= hint</c>: PostgreSQL then
/// skips every monthly partition before it at executor start (a prepared plan over all partitions otherwise opens an index scan
/// in each, and the locks of seven or more partitions plus the visibility check no longer fit its fast path), so the latest value
/// costs the same however many months are stored.
/// </summary>
/// <remarks>
/// A hint can never change an answer, only its cost: rows from the hint on are the newest ones, so if that range holds all
/// k+1 rows asked for, they are the first k+1 of the whole order; if it holds fewer (Observations deleted since, or another
/// instance's hint), the reader asks again without it. Newer Observations only make the range longer. A hint is a value per
/// instance, never shared; visibility is checked by the statement every time, as without it.
/// </remarks>
internal sealed class NewestPageHints
{
    /// <summary>At most this many Datastream/page-size pairs are remembered; past it, all are forgotten at once.</summary>
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<(long Datastream, int Rows), long> ticks = new();

    /// <summary>The hint for the first <paramref name="rows"/> rows of Datastream <paramref name="datastream"/>, if there is one.</summary>
    public DateTimeOffset? For(long datastream, int rows) =>
        ticks.TryGetValue((datastream, rows), out var value) ? new DateTimeOffset(value, TimeSpan.Zero) : null;

    /// <summary>Remembers where the first <paramref name="rows"/> rows ended: the phenomenon time (UTC ticks) of the last of them.</summary>
    public void Remember(long datastream, int rows, long lastTicks)
    {
        // Count takes every lock of the dictionary: it is asked only for a pair not yet remembered, not on every request.
        var key = (datastream, rows);
        if (!ticks.ContainsKey(key) && ticks.Count >= Capacity)
        {
            ticks.Clear();
        }

        ticks[key] = lastTicks;
    }
}
