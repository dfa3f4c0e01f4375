using Stadtkern.Features.Reports.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Reports.Notifications;

/// <summary>
/// Adds a mail to the outbox, in the caller's unit of work, when the reporter left an e-mail address, the tenant notifies
/// reporters (<see cref="ReportSettings.NotifyReporters"/>) and an SMTP server is configured. The caller commits, then
/// calls <see cref="WakeDispatcher"/>.
/// </summary>
internal sealed class QueueReporterMail(StadtkernDb db, TenantSettingsStore settings, TenantContext tenant, IMailSender sender, NotificationSignal signal, TimeProvider clock)
{
    /// <param name="report">The report whose reporter is told.</param>
    /// <param name="compose">Builds the mail from the city name and the absolute tracking link.</param>
    /// <param name="baseUrl">The tenant's public base address (scheme, host and path base), e.g. <c>https://stadt.example/t/konstanz</c>.</param>
    /// <param name="cancellationToken">Cancels reading the settings.</param>
    public async Task<bool> QueueAsync(Report report, Func<string, string, OutgoingMail> compose, string baseUrl, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(report.Email) || !sender.IsConfigured)
        {
            return false;
        }

        var reports = await settings.GetAsync<ReportSettings>(ReportSettings.Section, cancellationToken);
        if (!reports.NotifyReporters)
        {
            return false;
        }

        var mail = compose(tenant.Required.Name, baseUrl.TrimEnd('/') + ReporterMails.TrackingPath(report.Token));
        var now = clock.GetStoredNow();
        db.Add(new ReportNotification
        {
            Id = Guid.CreateVersion7(),
            ReportId = report.Id,
            Recipient = mail.To,
            Subject = mail.Subject.Length > 300 ? mail.Subject[..300] : mail.Subject,
            Body = mail.Body,
            NextAttemptAt = now,
            CreatedAt = now,
        });
        return true;
    }

    public void WakeDispatcher() => signal.Notify();
}
