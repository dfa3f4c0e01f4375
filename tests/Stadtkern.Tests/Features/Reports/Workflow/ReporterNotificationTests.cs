using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Reports;
using Stadtkern.Features.Reports.Notifications;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;
using Stadtkern.Tests.Infrastructure;
using static Stadtkern.Tests.Features.Reports.Workflow.ReportKit;

namespace Stadtkern.Tests.Features.Reports.Workflow;

public sealed class ReporterNotificationTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Theory, DatabaseData]
    public async Task The_reporter_gets_a_German_mail_with_the_tracking_link_after_a_status_change_and_a_public_note(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var sink = SmtpSink.Start();
        await using var mailing = WithSmtp(app, sink.Port);
        var staff = await StaffAsync(app, mailing);
        var id = await CreateAsync(app, department: "tiefbau", email: "erika@example.org");
        var token = (await ReportAsync(app, id)).Token;

        (await PostAsync(staff, $"/api/reports/{id}/status", new { status = "in_progress", note = "Die Kolonne ist <unterwegs>." })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var status = await sink.WaitForAsync(m => m.Subject.Contains("Status", StringComparison.Ordinal));
        status.Recipients.ShouldBe(["erika@example.org"]);
        status.Subject.ShouldBe(string.Create(CultureInfo.InvariantCulture, $"Musterstadt: Ihre Meldung Nr. {id} – Status „in Bearbeitung“"));
        status.Body.ShouldContain("Neuer Status: in Bearbeitung.");
        status.Body.ShouldContain("Die Kolonne ist <unterwegs>.");
        status.Body.ShouldContain("http://localhost/meldungen/verfolgen/" + token);

        (await PostAsync(staff, $"/api/reports/{id}/comments", new { text = "intern: nicht mailen" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await PostAsync(staff, $"/api/reports/{id}/notes", new { text = "Reparatur am Montag." })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var note = await sink.WaitForAsync(m => m.Subject.EndsWith("neue Nachricht", StringComparison.Ordinal));
        note.Body.ShouldContain("Reparatur am Montag.");
        sink.Messages.ShouldAllBe(m => !m.Body.Contains("intern", StringComparison.Ordinal));

        var notified = await WaitForEventsAsync(app, id, "notified", 2);
        notified.ShouldAllBe(e => e.ToValue == "sent" && !e.IsPublic && e.Actor == "system");
    }

    [Theory, DatabaseData]
    public async Task A_refused_mail_keeps_the_change_is_recorded_and_is_retried(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var sink = SmtpSink.Start();
        sink.RefuseNext(1);
        await using var mailing = WithSmtp(app, sink.Port);
        var staff = await StaffAsync(app, mailing);
        var id = await CreateAsync(app, department: "tiefbau", email: "erika@example.org");

        (await PostAsync(staff, $"/api/reports/{id}/status", new { status = "closed" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await ReportAsync(app, id)).Status.ShouldBe("closed");

        var mail = await sink.WaitForAsync(m => m.Recipients.Contains("erika@example.org"));
        mail.Body.ShouldContain("Neuer Status: erledigt.");
        var events = await WaitForEventsAsync(app, id, "notified", 2);
        events.Select(e => e.ToValue).ShouldBe(["retry", "sent"]);
        events[0].Text!.ShouldContain("fehlgeschlagen");
        (await ReportAsync(app, id)).Status.ShouldBe("closed");
    }

    [Theory, DatabaseData]
    public async Task Nothing_is_queued_without_an_address_when_the_tenant_does_not_notify_or_without_SMTP(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var sink = SmtpSink.Start();
        await using var mailing = WithSmtp(app, sink.Port);
        var staff = await StaffAsync(app, mailing);
        var withoutAddress = await CreateAsync(app, department: "tiefbau");
        (await PostAsync(staff, $"/api/reports/{withoutAddress}/status", new { status = "closed" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        // The default test host has no SMTP server configured.
        var plain = await app.ClientAsync("demo", "staff");
        var noSmtp = await CreateAsync(app, department: "tiefbau", email: "a@example.org");
        (await PostAsync(plain, $"/api/reports/{noSmtp}/status", new { status = "closed" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await using (var scope = await app.TenantScopeAsync())
        {
            await scope.ServiceProvider.GetRequiredService<TenantSettingsStore>().SaveAsync(ReportSettings.Section, new ReportSettings { NotifyReporters = false }, Ct);
        }

        var optedOut = await CreateAsync(app, department: "tiefbau", email: "b@example.org");
        (await PostAsync(staff, $"/api/reports/{optedOut}/notes", new { text = "Hallo" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await using var check = await app.TenantScopeAsync();
        (await check.ServiceProvider.GetRequiredService<StadtkernDb>().Set<ReportNotification>().CountAsync(Ct)).ShouldBe(0);
        sink.Messages.ShouldBeEmpty();
    }

    /// <summary>The same service and database, with the SMTP sink as mail server and quick retries.</summary>
    private static WebApplicationFactory<Program> WithSmtp(StadtkernFactory app, int port) => app.WithWebHostBuilder(b =>
    {
        b.UseSetting("Smtp:Host", "127.0.0.1");
        b.UseSetting("Smtp:Port", port.ToString(CultureInfo.InvariantCulture));
        b.UseSetting("Smtp:From", "maengelmelder@musterstadt.example");
        b.UseSetting("Smtp:TimeoutSeconds", "10");
        b.UseSetting("Reports:Notifications:RetrySeconds", "1");
        b.UseSetting("Reports:Notifications:PollSeconds", "1");
    });

    private static async Task<HttpClient> StaffAsync(StadtkernFactory app, WebApplicationFactory<Program> mailing)
    {
        var token = await app.CreateTokenAsync("demo", "staff");
        var client = mailing.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<List<Stadtkern.Features.Reports.Model.ReportEvent>> WaitForEventsAsync(StadtkernFactory app, long id, string kind, int count)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var events = (await EventsAsync(app, id)).Where(e => e.Kind == kind).ToList();
            if (events.Count >= count || DateTime.UtcNow > until)
            {
                events.Count.ShouldBe(count);
                return events;
            }

            await Task.Delay(100, Ct);
        }
    }
}
