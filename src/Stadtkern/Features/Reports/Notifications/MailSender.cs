using System.Net;
using System.Net.Mail;
using System.Text;
using Microsoft.Extensions.Options;

namespace Stadtkern.Features.Reports.Notifications;

/// <summary>One plain-text e-mail.</summary>
internal sealed record OutgoingMail(string To, string Subject, string Body);

/// <summary>Sends e-mail; throws when the server refuses or cannot be reached (the caller records and retries).</summary>
internal interface IMailSender
{
    bool IsConfigured { get; }

    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken);
}

/// <summary>Sends through the configured SMTP server with the BCL's <see cref="SmtpClient"/> (one connection per mail:
/// notifications are few, and a fresh client never carries a broken connection over).</summary>
internal sealed class SmtpMailSender(IOptionsMonitor<SmtpOptions> options) : IMailSender
{
    public bool IsConfigured => options.CurrentValue.IsConfigured;

    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        var smtp = options.CurrentValue;
        if (!smtp.IsConfigured)
        {
            throw new InvalidOperationException("No SMTP server is configured (Smtp:Host, Smtp:From).");
        }

        using var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            EnableSsl = smtp.EnableSsl,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = smtp.TimeoutSeconds * 1000,
        };
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);
        }

        using var message = new MailMessage(new MailAddress(smtp.From!), new MailAddress(mail.To))
        {
            Subject = mail.Subject,
            Body = mail.Body,
            IsBodyHtml = false,
            BodyEncoding = Encoding.UTF8,
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(smtp.TimeoutSeconds));
        await client.SendMailAsync(message, timeout.Token);
    }
}
