using Microsoft.Extensions.Options;
using Stadtkern.Features.Reports.Notifications;

namespace Stadtkern.Tests.Features.Reports.Workflow;

public sealed class SmtpMailSenderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_mail_reaches_the_sink_with_recipient_subject_and_German_text()
    {
        await using var sink = SmtpSink.Start();
        var sender = Sender(new SmtpOptions { Host = "127.0.0.1", Port = sink.Port, From = "maengelmelder@stadt.example" });

        await sender.SendAsync(new OutgoingMail("buerger@example.org", "Ihre Meldung Nr. 12: in Bearbeitung", "Grüße aus dem Rathaus.\nStraßenbeleuchtung über Größe ÄÖÜ.\n.Punkt am Zeilenanfang"), Ct);

        var mail = await sink.WaitForAsync(_ => true);
        mail.From.ShouldBe("maengelmelder@stadt.example");
        mail.Recipients.ShouldBe(["buerger@example.org"]);
        mail.Subject.ShouldBe("Ihre Meldung Nr. 12: in Bearbeitung");
        mail.Body.ReplaceLineEndings("\n").ShouldBe("Grüße aus dem Rathaus.\nStraßenbeleuchtung über Größe ÄÖÜ.\n.Punkt am Zeilenanfang");
    }

    [Fact]
    public async Task A_refusing_server_makes_the_send_fail()
    {
        await using var sink = SmtpSink.Start();
        sink.RefuseNext(1);
        var sender = Sender(new SmtpOptions { Host = "127.0.0.1", Port = sink.Port, From = "maengelmelder@stadt.example" });

        await Should.ThrowAsync<System.Net.Mail.SmtpException>(() => sender.SendAsync(new OutgoingMail("a@example.org", "x", "y"), Ct));
        sink.Messages.ShouldBeEmpty();
    }

    [Fact]
    public void Without_host_and_sender_SMTP_is_not_configured()
    {
        Sender(new SmtpOptions()).IsConfigured.ShouldBeFalse();
        Sender(new SmtpOptions { Host = "mail.example" }).IsConfigured.ShouldBeFalse();
        Sender(new SmtpOptions { Host = "mail.example", From = "a@example.org" }).IsConfigured.ShouldBeTrue();
    }

    private static SmtpMailSender Sender(SmtpOptions options) => new(new FixedOptions(options));

    private sealed class FixedOptions(SmtpOptions value) : IOptionsMonitor<SmtpOptions>
    {
        public SmtpOptions CurrentValue => value;

        public SmtpOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<SmtpOptions, string?> listener) => null;
    }
}
