namespace Stadtkern.Features.Reports.Notifications;

/// <summary>Wakes this instance's dispatcher right after a change with a queued mail has been committed (the periodic
/// poll still picks up mails queued by other instances and retries).</summary>
internal sealed class NotificationSignal : IDisposable
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Notify()
    {
        if (signal.CurrentCount == 0)
        {
            try
            {
                signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    public void Dispose() => signal.Dispose();

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => await signal.WaitAsync(timeout, cancellationToken);
}
