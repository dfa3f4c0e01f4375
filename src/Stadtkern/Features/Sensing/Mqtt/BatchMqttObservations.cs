using System.Threading.Channels;
using Stadtkern.Features.Sensing.Ingest;

namespace Stadtkern.Features.Sensing.Mqtt;

/// <summary>
/// Collects the observations of concurrently handled MQTT messages and hands them to the <see cref="IObservationWriter"/> in
/// bulk, one write per tenant with everything that is waiting (at most <see cref="MaxPerWrite"/>), instead of one write per
/// message (singleton). Each message's task completes with its own outcome after the writer committed its batch, so the
/// PUBACK still follows the commit. A failed write (queue full, database down) fails the tasks of all its messages.
/// </summary>
internal sealed class BatchMqttObservations(IObservationWriter writer) : IAsyncDisposable
{
    public const int MaxPerWrite = 2_000;

    private readonly Channel<Waiting> queue = Channel.CreateUnbounded<Waiting>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock startLock = new();
    private Task? loop;

    public Task<(IngestOutcome Outcome, long? Id)> WriteAsync(Guid tenantId, IncomingObservation observation, CancellationToken ct)
    {
        EnsureStarted();
        var waiting = new Waiting(tenantId, observation);
        ObjectDisposedException.ThrowIf(!queue.Writer.TryWrite(waiting), this);

        return ct.CanBeCanceled ? waiting.Completion.Task.WaitAsync(ct) : waiting.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        if (loop is not null)
        {
            await loop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private void EnsureStarted()
    {
        if (loop is not null)
        {
            return;
        }

        lock (startLock)
        {
            loop ??= Task.Run(LoopAsync);
        }
    }

    private async Task LoopAsync()
    {
        var taken = new List<Waiting>();
        while (await queue.Reader.WaitToReadAsync())
        {
            taken.Clear();
            while (taken.Count < MaxPerWrite && queue.Reader.TryRead(out var next))
            {
                taken.Add(next);
            }

            foreach (var group in taken.GroupBy(w => w.TenantId))
            {
                // Not awaited: the next messages are collected while this write waits for its batch's commit.
                _ = WriteGroupAsync(group.Key, [.. group]);
            }
        }
    }

    private async Task WriteGroupAsync(Guid tenantId, Waiting[] group)
    {
        try
        {
            var result = await writer.WriteAsync([.. group.Select(w => w.Observation)], null, tenantId, CancellationToken.None);
            for (var i = 0; i < group.Length; i++)
            {
                group[i].Completion.TrySetResult((result.Outcomes[i], result.ObservationIds[i]));
            }
        }
        catch (Exception e)
        {
            foreach (var waiting in group)
            {
                waiting.Completion.TrySetException(e);
            }
        }
    }

    private sealed record Waiting(Guid TenantId, IncomingObservation Observation)
    {
        // Continuations run inline when the write completes: they only count the outcome and let the PUBACK go, and running
        // them here, one after the other, saves a thread-pool hop per message.
        public TaskCompletionSource<(IngestOutcome, long?)> Completion { get; } = new();
    }
}
