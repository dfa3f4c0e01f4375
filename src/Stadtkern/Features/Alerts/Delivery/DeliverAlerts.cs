using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.Options;
using Stadtkern.Features.Alerts.Cap;
using Stadtkern.Features.Alerts.Model;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Alerts.Delivery;

/// <summary>
/// Takes due alert_deliveries rows and hands each to its channel. A round claims rows by moving their next_attempt_at one lease
/// into the future in one statement (on PostgreSQL with FOR UPDATE SKIP LOCKED, so instances never take the same row); success
/// marks a row delivered, a failure schedules the next attempt with exponential backoff until the attempts are used up.
/// </summary>
internal sealed partial class DeliverAlerts(
    IServiceScopeFactory scopes,
    AlertChannelRegistry channels,
    IOptionsMonitor<AlertsOptions> options,
    TimeProvider clock,
    ILogger<DeliverAlerts> logger)
{
    private static readonly DateTimeOffsetToBinaryConverter SqliteTime = new();

    /// <summary>One round: claims up to a batch of due rows and delivers them. Returns how many were attempted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue.Delivery;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        var ids = await ClaimAsync(db, settings, cancellationToken);
        foreach (var id in ids)
        {
            await DeliverOneAsync(db, id, settings, cancellationToken);
        }

        return ids.Count;
    }

    private async Task<List<long>> ClaimAsync(StadtkernDb db, AlertDeliveryOptions settings, CancellationToken cancellationToken)
    {
        // Only rows of channels this instance has: during a rolling update an older instance leaves newer channels' rows alone.
        var keys = channels.Keys.Where(IsPlainKey).ToList();
        if (keys.Count == 0)
        {
            return [];
        }

        var now = clock.GetStoredNow();
        var leaseUntil = now.AddSeconds(settings.LeaseSeconds);
        var channelList = string.Join(", ", keys.Select(k => "'" + k + "'"));
        var isPostgres = db.Database.IsNpgsql();

        // SQLite stores instants as 64-bit integers (see StadtkernDb); PostgreSQL as timestamptz. SQLite has one writer at a
        // time, so there the UPDATE itself is the lock; PostgreSQL skips rows another instance is claiming.
        object nowValue = isPostgres ? now : (long)SqliteTime.ConvertToProvider(now)!;
        object leaseValue = isPostgres ? leaseUntil : (long)SqliteTime.ConvertToProvider(leaseUntil)!;
        var sql = $"""
            UPDATE alert_deliveries SET next_attempt_at = @lease
            WHERE id IN (SELECT id FROM alert_deliveries WHERE state = 'pending' AND next_attempt_at <= @now AND channel IN ({channelList})
                         ORDER BY next_attempt_at LIMIT @batch{(isPostgres ? " FOR UPDATE SKIP LOCKED" : "")})
            RETURNING id AS "Value"
            """;
#pragma warning disable EF1002 // the interpolated part is the channel keys checked by IsPlainKey, values are parameters
        return await db.Database.SqlQueryRaw<long>(sql,
            Parameter(db, "lease", leaseValue), Parameter(db, "now", nowValue), Parameter(db, "batch", settings.BatchSize))
            .ToListAsync(cancellationToken);
#pragma warning restore EF1002
    }

    private static System.Data.Common.DbParameter Parameter(StadtkernDb db, string name, object value) =>
        db.Database.IsNpgsql() ? new Npgsql.NpgsqlParameter(name, value) : new Microsoft.Data.Sqlite.SqliteParameter(name, value);

    private static bool IsPlainKey(string key) => key.Length is > 0 and <= 20 && key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    private async Task DeliverOneAsync(StadtkernDb db, long id, AlertDeliveryOptions settings, CancellationToken cancellationToken)
    {
        var delivery = await db.Set<AlertDelivery>().IgnoreQueryFilters().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (delivery is null || delivery.State != DeliveryStates.Pending)
        {
            return;
        }

        string? detail = null;
        Exception? failure = null;
        try
        {
            var context = await LoadContextAsync(db, delivery, cancellationToken);
            var channel = channels.Find(delivery.Channel)
                ?? throw new InvalidOperationException($"Der Kanal „{delivery.Channel}“ ist in dieser Installation nicht vorhanden.");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(settings.AttemptTimeoutSeconds));
            detail = await channel.DeliverAsync(context, timeout.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            failure = e;
        }

        var now = clock.GetStoredNow();
        delivery.Attempts++;
        if (failure is null)
        {
            delivery.State = DeliveryStates.Delivered;
            delivery.DeliveredAt = now;
            delivery.Detail = Cut(detail, 500);
            delivery.LastError = null;
        }
        else
        {
            LogAttemptFailed(logger, failure, delivery.Channel, delivery.AlertId, delivery.Attempts);
            delivery.LastError = Cut(failure is OperationCanceledException ? "Zeitüberschreitung" : failure.Message, 4000);
            if (delivery.Attempts >= settings.MaxAttempts)
            {
                delivery.State = DeliveryStates.Failed;
            }
            else
            {
                delivery.NextAttemptAt = now + DeliveryBackoff.Delay(delivery.Attempts, settings.RetryBaseSeconds, settings.RetryMaxSeconds);
            }
        }

        // The outcome must be recorded even while the host stops.
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static async Task<AlertDeliveryContext> LoadContextAsync(StadtkernDb db, AlertDelivery delivery, CancellationToken cancellationToken)
    {
        var cap = await db.Set<AlertVersion>().AsNoTracking()
            .Where(v => v.AlertId == delivery.AlertId && v.Version == delivery.Version)
            .Select(v => v.CapXml)
            .FirstAsync(cancellationToken);
        var kind = await db.Set<AlertEvent>().IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.Seq == delivery.EventSeq)
            .Select(e => e.Kind)
            .FirstAsync(cancellationToken);
        var slug = await db.Tenants.IgnoreQueryFilters().AsNoTracking()
            .Where(t => t.Id == delivery.TenantId)
            .Select(t => t.Slug)
            .FirstAsync(cancellationToken);
        var alert = CapXml.Read(cap).Alert ?? throw new InvalidOperationException("Das gespeicherte CAP-Dokument ist nicht lesbar.");
        return new AlertDeliveryContext(delivery.TenantId, slug, delivery.AlertId, delivery.Version, delivery.EventSeq, kind, alert);
    }

    private static string? Cut(string? text, int length) => text is null || text.Length <= length ? text : text[..length];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert delivery on {Channel} for alert {AlertId} failed (attempt {Attempt})")]
    private static partial void LogAttemptFailed(ILogger logger, Exception exception, string channel, Guid alertId, int attempt);
}

/// <summary>Runs <see cref="DeliverAlerts"/> rounds: at once when this instance published, otherwise every poll interval.</summary>
internal sealed partial class AlertDeliveryWorker(
    DeliverAlerts deliver,
    DeliverySignal signal,
    IOptionsMonitor<AlertsOptions> options,
    ILogger<AlertDeliveryWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var settings = options.CurrentValue.Delivery;
            if (settings.Enabled)
            {
                try
                {
                    // A full batch means more may be due: go on without waiting.
                    if (await deliver.RunOnceAsync(stoppingToken) >= settings.BatchSize)
                    {
                        continue;
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    LogRoundFailed(logger, e);
                }
            }

            try
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(settings.PollSeconds), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "An alert delivery round failed")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
