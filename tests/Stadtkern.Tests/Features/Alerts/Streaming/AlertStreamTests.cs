using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Alerts.Streaming;

/// <summary>GET /alerts/stream: live delivery, Last-Event-ID resume, several instances on one database, restart.</summary>
public sealed class AlertStreamTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Theory, DatabaseData]
    public async Task A_live_subscriber_receives_a_published_alert_with_its_summary(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var sse = await SseClient.ConnectAsync(app.AnonymousClient(), "/alerts/stream");

        var outcome = await TestAlerts.PublishAsync(app, TestAlerts.Cap("Hochwasser an der Ach"));

        var e = await sse.NextAsync();
        e.Event.ShouldBe("alert");
        long.Parse(e.Id!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        var json = e.Json;
        json["id"]!.GetValue<Guid>().ShouldBe(outcome.AlertId);
        json["headline"]!.GetValue<string>().ShouldBe("Hochwasser an der Ach");
        json["msgType"]!.GetValue<string>().ShouldBe("Alert");
        json["severity"]!.GetValue<string>().ShouldBe("Severe");
        json["area"]!.GetValue<string>().ShouldBe("Innenstadt");
        json["kind"]!.GetValue<string>().ShouldBe("published");
        json["url"]!.GetValue<string>().ShouldBe($"/alerts/{outcome.AlertId}");
        json["capUrl"]!.GetValue<string>().ShouldBe($"/alerts/{outcome.AlertId}.cap.xml");
        json["expires"]!.GetValue<string>().ShouldEndWith("Z");
    }

    [Theory, DatabaseData]
    public async Task Resuming_with_Last_Event_ID_delivers_every_missed_alert_in_order(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var http = app.AnonymousClient();
        string firstId;
        await using (var sse = await SseClient.ConnectAsync(http, "/alerts/stream"))
        {
            await TestAlerts.PublishAsync(app, TestAlerts.Cap("Erste"));
            firstId = (await sse.NextAsync()).Id!;
        }

        // Disconnected: two more alerts, one of them cancelled again.
        await TestAlerts.PublishAsync(app, TestAlerts.Cap("Zweite"));
        var third = TestAlerts.Cap("Dritte");
        await TestAlerts.PublishAsync(app, third);
        await TestAlerts.PublishAsync(app, TestAlerts.Cap("Entwarnung", msgType: "Cancel", references: [$"{third.Sender},{third.Identifier},{third.Sent:yyyy-MM-dd'T'HH:mm:sszzz}"]));

        await using var resumed = await SseClient.ConnectAsync(http, "/alerts/stream", lastEventId: firstId);
        var missed = new[] { await resumed.NextAsync(), await resumed.NextAsync(), await resumed.NextAsync() };
        missed.Select(e => e.Json["kind"]!.GetValue<string>()).ShouldBe(["published", "published", "cancelled"]);
        missed.Select(e => long.Parse(e.Id!, System.Globalization.CultureInfo.InvariantCulture)).ShouldBeInOrder();
        missed[0].Json["headline"]!.GetValue<string>().ShouldBe("Zweite");
        missed[2].Json["msgType"]!.GetValue<string>().ShouldBe("Cancel");
        (await resumed.QuietAsync(TimeSpan.FromMilliseconds(500))).ShouldBeTrue();

        // The same through the query parameter, for clients that cannot set headers (EventSource polyfills, displays).
        await using var byQuery = await SseClient.ConnectAsync(http, $"/alerts/stream?lastEventId={missed[1].Id}");
        (await byQuery.NextAsync()).Id.ShouldBe(missed[2].Id);
    }

    [Theory, DatabaseData]
    public async Task Streams_are_per_tenant_and_bad_resume_ids_are_400(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var http = app.AnonymousClient();
        using var bad = new HttpRequestMessage(HttpMethod.Get, "/alerts/stream");
        bad.Headers.Add("Last-Event-ID", "gestern");
        using var response = await http.SendAsync(bad, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        (await http.GetAsync("/t/gibtsnicht/alerts/stream", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        await using var demo = await SseClient.ConnectAsync(http, "/t/demo/alerts/stream", lastEventId: "0");
        var outcome = await TestAlerts.PublishAsync(app, TestAlerts.Cap("Nur Musterstadt"));
        var e = await demo.NextAsync();
        e.Json["id"]!.GetValue<Guid>().ShouldBe(outcome.AlertId);
        e.Json["url"]!.GetValue<string>().ShouldBe($"/alerts/{outcome.AlertId}"); // demo is the default tenant: served at the root
    }

    [Theory, DatabaseData]
    public async Task An_alert_published_on_one_instance_reaches_subscribers_of_another_and_survives_a_restart(DatabaseProvider db)
    {
        var a = await fixture.StartAsync(db);
        string lastId;
        await using (var b = a.WithWebHostBuilder(_ => { }))
        {
            await using var onB = await SseClient.ConnectAsync(b.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }), "/alerts/stream");
            var outcome = await TestAlerts.PublishAsync(a, TestAlerts.Cap("Von Instanz A"));
            var e = await onB.NextAsync(TimeSpan.FromSeconds(30));
            e.Json["id"]!.GetValue<Guid>().ShouldBe(outcome.AlertId);
            lastId = e.Id!;
        }

        // Instance B is gone; A publishes meanwhile (stored before any delivery); a new B gives the reconnecting client what it missed.
        var missed = await TestAlerts.PublishAsync(a, TestAlerts.Cap("Während des Neustarts"));
        await using var restarted = a.WithWebHostBuilder(_ => { });
        await using var again = await SseClient.ConnectAsync(restarted.CreateClient(), "/alerts/stream", lastEventId: lastId);
        (await again.NextAsync()).Json["id"]!.GetValue<Guid>().ShouldBe(missed.AlertId);
    }
}
