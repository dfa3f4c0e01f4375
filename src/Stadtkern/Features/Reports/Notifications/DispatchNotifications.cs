using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Reports.Notifications;

/// <summary>Notification delivery, bound from <c>Reports:Notifications</c>.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Reports:Notifications";

    /// <summary>Seconds between looks for due mails (retries, mails queued by other instances). Default 30.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 3600)]
    public int PollSeconds { get; set; } = 30;

    /// <summary>Attempts before a mail is given up. Default 8 (the last about a day after the first).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 50)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Seconds before the first retry; each further retry waits four times as long (capped at six hours). Default 60.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 86400)]
    public int RetrySeconds { get; set; } = 60;
}

/// <summary>
/// Sends due outbox mails of every tenant. A row is leased (its next attempt pushed into the future with a conditional update)
/// before sending, so two instances never send the same mail; a failed send is logged, recorded on the report's history and
/// retried later; a change is never undone because its mail failed.
/// </summary>
internal sealed partial class DispatchNotifications(
    IServiceScopeFactory scopes,
    IMailSender sender,
    NotificationSignal signal,
    IOptionsMonitor<NotificationOptions> options,
    TimeProvider clock,
    ILogger<DispatchNotifications> logger) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (sender.IsConfigured)
                {
                    await DispatchDueAsync(stoppingToken);
                }

                await signal.WaitAsync(TimeSpan.FromSeconds(options.CurrentValue.PollSeconds), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogLoopFailed(logger, exception);
                await Task.Delay(TimeSpan.FromSeconds(5), clock, stoppingToken);
            }
        }
    }

    /// <summary>Sends every mail due now; returns how many were sent.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
            var now = clock.GetStoredNow();
            var due = await db.Set<ReportNotification>().IgnoreQueryFilters().AsNoTracking()
                .Where(n => n.SentAt == null && n.GaveUpAt == null && n.NextAttemptAt <= now)
                .OrderBy(n => n.NextAttemptAt)
                .Take(20)
                .ToListAsync(cancellationToken);
            if (due.Count == 0)
            {
                return sent;
            }

            foreach (var mail in due)
            {
                var leasedUntil = now + Lease;
                var claimed = await db.Set<ReportNotification>().IgnoreQueryFilters()
                    .Where(n => n.Id == mail.Id && n.SentAt == null && n.NextAttemptAt == mail.NextAttemptAt)
                    .ExecuteUpdateAsync(s => s.SetProperty(n => n.NextAttemptAt, leasedUntil), cancellationToken);
                if (claimed == 0)
                {
                    continue; // another instance has it
                }

                if (await SendOneAsync(db, mail, cancellationToken))
                {
                    sent++;
                }
            }
        }
    }

    private async Task<bool> SendOneAsync(StadtkernDb db, ReportNotification mail, CancellationToken cancellationToken)
    {
        string? error = null;
        try
        {
            await sender.SendAsync(new OutgoingMail(mail.Recipient, mail.Subject, mail.Body), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            error = exception.Message;
            LogSendFailed(logger, exception, mail.ReportId, mail.Attempts + 1);
        }

        var now = clock.GetStoredNow();
        var attempts = mail.Attempts + 1;
        var settings = options.CurrentValue;
        var givingUp = error is not null && attempts >= settings.MaxAttempts;
        var retryAt = now + Backoff(attempts, settings.RetrySeconds);
        await db.Set<ReportNotification>().IgnoreQueryFilters()
            .Where(n => n.Id == mail.Id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(n => n.Attempts, attempts)
                .SetProperty(n => n.SentAt, error is null ? now : null)
                .SetProperty(n => n.GaveUpAt, givingUp ? now : null)
                .SetProperty(n => n.NextAttemptAt, error is null || givingUp ? now : retryAt)
                .SetProperty(n => n.LastError, error == null ? null : error.Length > 1000 ? error.Substring(0, 1000) : error), cancellationToken);

        // The history shows every delivery and every failure; the address itself stays in the report's contact fields.
        db.Add(new ReportEvent
        {
            TenantId = mail.TenantId,
            ReportId = mail.ReportId,
            At = now,
            Actor = "system",
            Kind = ReportEventKinds.Notified,
            ToValue = error is null ? "sent" : givingUp ? "failed" : "retry",
            Text = error is null
                ? "E-Mail an die meldende Person versandt: " + Shorten(mail.Subject)
                : givingUp
                    ? string.Create(CultureInfo.InvariantCulture, $"E-Mail konnte nach {attempts} Versuchen nicht zugestellt werden: {Shorten(error)}")
                    : string.Create(CultureInfo.InvariantCulture, $"E-Mail-Versand fehlgeschlagen (Versuch {attempts}), neuer Versuch ab {retryAt:yyyy-MM-dd HH:mm} UTC: {Shorten(error)}"),
            IsPublic = false,
        });
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return error is null;
    }

    internal static TimeSpan Backoff(int attempts, int retrySeconds) =>
        TimeSpan.FromSeconds(Math.Min(6 * 3600, retrySeconds * Math.Pow(4, Math.Max(0, attempts - 1))));

    private static string Shorten(string text) => text.Length > 500 ? text[..500] + " …" : text;

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail for report {ReportId} failed (attempt {Attempt})")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, long reportId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "The notification dispatcher failed; it starts again in a few seconds")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);
}
