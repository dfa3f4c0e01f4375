using Stadtkern.Features.Alerts.Model;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Alerts.Delivery;

/// <summary>
/// Writes an alert's event and its delivery rows (inside the caller's transaction), and wakes this instance's delivery worker
/// after the commit. Rows are created only for channels that are switched on for the tenant and exist in this build.
/// </summary>
internal sealed class AlertOutbox(StadtkernDb db, AlertChannelRegistry channels, DeliverySignal signal)
{
    public async Task<AlertEvent> AddEventAsync(Alert alert, string kind, AlertSettings settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var entry = new AlertEvent { TenantId = alert.TenantId, AlertId = alert.Id, Version = alert.Version, Kind = kind, CreatedAt = now };
        db.Add(entry);
        await db.SaveChangesAsync(cancellationToken);

        foreach (var channel in channels.Keys.Where(settings.HasChannel))
        {
            db.Add(new AlertDelivery
            {
                TenantId = alert.TenantId,
                AlertId = alert.Id,
                Version = alert.Version,
                EventSeq = entry.Seq,
                Channel = channel,
                State = DeliveryStates.Pending,
                NextAttemptAt = now,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        return entry;
    }

    public void Wake() => signal.Wake();
}

/// <summary>The channels registered in this build, by key.</summary>
internal sealed class AlertChannelRegistry(IEnumerable<IAlertChannel> channels)
{
    private readonly Dictionary<string, IAlertChannel> byKey = channels
        .GroupBy(c => c.Key, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    /// <summary>Registered keys in the order of <see cref="AlertChannels.All"/>, then any others.</summary>
    public IReadOnlyList<string> Keys => [.. byKey.Keys.OrderBy(k => AlertChannels.All.ToList().IndexOf(k) is var i && i < 0 ? int.MaxValue : i)];

    public IAlertChannel? Find(string key) => byKey.GetValueOrDefault(key);
}

/// <summary>Wakes the delivery worker of this instance (other instances find the rows on their next poll).</summary>
internal sealed class DeliverySignal : IDisposable
{
    private readonly SemaphoreSlim semaphore = new(0, 1);

    public void Wake()
    {
        try
        {
            if (semaphore.CurrentCount == 0)
            {
                semaphore.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // already signalled
        }
    }

    public void Dispose() => semaphore.Dispose();

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await semaphore.WaitAsync(timeout, cancellationToken);
}
