using Microsoft.Extensions.Options;

namespace Stadtkern.Features.Alerts.Streaming;

/// <summary>
/// The one reader per instance that feeds <see cref="AlertStreamHub"/>: it reads alert_events after its watermark (all
/// tenants in one query) when signalled (a NOTIFY from any instance, or the local SSE channel) and every
/// <see cref="AlertStreamOptions.CatchUpSeconds"/> anyway, so a lost NOTIFY delays an event by seconds but never loses it.
/// Sequence numbers can commit out of order on PostgreSQL, so the watermark only passes a gap once it is filled or older
/// than <see cref="AlertStreamOptions.GapSeconds"/> (a rolled-back transaction leaves a gap for good). It also beats the
/// heartbeat of every stream.
/// </summary>
internal sealed partial class AlertStreamPump(
    AlertStreamHub hub,
    AlertEventReader reader,
    TimeProvider time,
    IOptions<AlertStreamOptions> options,
    ILogger<AlertStreamPump> logger) : BackgroundService
{
    private const int BatchSize = 1000;
    private readonly SemaphoreSlim signal = new(0, 1);
    private readonly SortedDictionary<long, Guid> ahead = [];
    private Guid? watermarkAlert;
    private long watermark = -1;
    private DateTimeOffset? gapSince;

    /// <summary>New events may be there: read now (coalesces: many signals while reading cause one more read).</summary>
    public void Signal()
    {
        try
        {
            if (signal.CurrentCount == 0)
            {
                signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // already signalled
        }
    }

    /// <summary>Takes the watermark before the host serves, so no event published after the start is missed by live streams.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            watermark = await reader.MaxSeqAsync(cancellationToken);
            watermarkAlert = await reader.AlertOfAsync(watermark, cancellationToken);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            LogReadFailed(logger, e.Message); // retried by the loop
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var heartbeat = new Timer(_ => hub.Heartbeat(), null, TimeSpan.FromSeconds(settings.HeartbeatSeconds), TimeSpan.FromSeconds(settings.HeartbeatSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (watermark < 0)
                {
                    // Live subscribers get what is published from now on; older events are for resuming clients (from the database).
                    watermark = await reader.MaxSeqAsync(stoppingToken);
                    watermarkAlert = await reader.AlertOfAsync(watermark, stoppingToken);
                }

                await ReadNewAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogReadFailed(logger, e.Message);
            }

            try
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(settings.CatchUpSeconds), stoppingToken); // false: the periodic catch-up
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ReadNewAsync(CancellationToken ct)
    {
        while (true)
        {
            var events = await reader.ReadAllAsync(watermark, BatchSize, ct);
            var fresh = events.Where(e => ahead.TryAdd(e.Seq, e.AlertId)).Select(e => e.Event).OfType<AlertStreamEvent>().ToList();
            if (fresh.Count > 0)
            {
                hub.Publish(fresh);
            }

            Advance();
            if (events.Count == 0 && watermark > 0 && await NumberingRestartedAsync(ct))
            {
                // The numbering started again (the table was emptied or restored): follow it from the start.
                LogNumberingReset(logger, watermark);
                watermark = 0;
                watermarkAlert = null;
                ahead.Clear();
                gapSince = null;
                hub.Reset();
                continue;
            }

            if (events.Count < BatchSize)
            {
                return;
            }
        }
    }

    /// <summary>The event at the watermark is gone or belongs to another alert: the table was emptied or restored.</summary>
    private async Task<bool> NumberingRestartedAsync(CancellationToken ct)
    {
        if (watermarkAlert is { } expected)
        {
            return await reader.AlertOfAsync(watermark, ct) != expected;
        }

        return await reader.MaxSeqAsync(ct) < watermark;
    }

    private void Advance()
    {
        while (ahead.Count > 0 && ahead.First().Key == watermark + 1)
        {
            watermarkAlert = ahead.First().Value;
            ahead.Remove(watermark + 1);
            watermark++;
        }

        if (ahead.Count == 0)
        {
            gapSince = null;
            return;
        }

        var now = time.GetUtcNow();
        gapSince ??= now;
        if (now - gapSince.Value >= TimeSpan.FromSeconds(options.Value.GapSeconds))
        {
            // Nobody filled the gap in time: a rolled-back transaction. Move on.
            watermark = ahead.First().Key - 1;
            watermarkAlert = null;
            gapSince = null;
            Advance();
        }
    }

    public override void Dispose()
    {
        signal.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert stream: the alert event numbers start again below {Watermark}; following from the start")]
    private static partial void LogNumberingReset(ILogger logger, long watermark);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert stream: reading new alert events failed: {Reason}")]
    private static partial void LogReadFailed(ILogger logger, string reason);
}
