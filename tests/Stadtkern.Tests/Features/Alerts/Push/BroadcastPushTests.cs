using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Alerts.Push;
using Stadtkern.Features.App;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Alerts.Push;

/// <summary>The push sender end to end: subscriptions through the API, messages to a push service on loopback that verifies
/// VAPID and decrypts with the browser's private key.</summary>
public sealed class BroadcastPushTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Remaining = ["altstadt", "ganze-stadt", "nur-meldungen", "paradies"];

    private static readonly string[] Reached = ["altstadt", "ganze-stadt"];

    [Theory, DatabaseData]
    public async Task Every_matching_subscription_gets_the_message_encrypted_for_it_and_gone_ones_are_removed(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await PushSubscriptionApiTests.SaveDistrictsAsync(app, new AppDistrict("Altstadt"), new AppDistrict("Paradies"));
        await using var push = await LocalPushService.StartAsync();
        var client = app.AnonymousClient();
        foreach (var subscription in new[]
        {
            push.Subscribe("ganze-stadt"),
            push.Subscribe("altstadt", districts: ["Altstadt"]),
            push.Subscribe("paradies", districts: ["Paradies"]),
            push.Subscribe("nur-meldungen"),
            push.Subscribe("abgemeldet", answer: 410),
            push.Subscribe("verschwunden", answer: 404),
        })
        {
            (await client.PostAsJsonAsync("/api/push/subscriptions", subscription, Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        // a subscription on another topic (as stored before the unused "reports" topic was removed) gets no alert
        await using (var scope = await app.TenantScopeAsync())
        {
            var stored = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
            var other = await stored.Set<PushSubscription>().SingleAsync(s => s.Endpoint == push.Endpoint("nur-meldungen"), Ct);
            other.Topics = ["reports"];
            await stored.SaveChangesAsync(Ct);
        }

        PushReport report;
        await using (var scope = await app.TenantScopeAsync())
        {
            var payload = Encoding.UTF8.GetBytes("""{"title":"Hochwasser","body":"Pegel steigt","url":"/alerts/1"}""");
            report = await scope.ServiceProvider.GetRequiredService<BroadcastPush>().SendAsync(
                new PushBroadcast(PushTopics.Alerts, districts => districts.Count == 0 || districts.Contains("Altstadt"), payload, 3600, PushUrgency.High, "alert-1"),
                Ct);
        }

        push.Refusals.ShouldBeEmpty();
        report.ShouldBe(new PushReport(Sent: 2, Removed: 2, Failed: 0, Pending: 0));
        report.Detail.ShouldBe("2 gesendet, 2 entfernt");
        push.Messages.Select(m => m.Subscription).Order().ShouldBe(["altstadt", "ganze-stadt"]);
        foreach (var message in push.Messages)
        {
            JsonDocument.Parse(message.Plaintext).RootElement.GetProperty("title").GetString().ShouldBe("Hochwasser");
            message.Ttl.ShouldBe("3600");
            message.Urgency.ShouldBe("high");
            message.Topic.ShouldBe("alert-1");
            message.Audience.ShouldBe(push.Origin);
            message.Subject.ShouldBe("mailto:" + (await DemoContactAsync(app)));
        }

        await using var check = await app.TenantScopeAsync();
        var left = await check.ServiceProvider.GetRequiredService<StadtkernDb>().Set<PushSubscription>().ToListAsync(Ct);
        left.Select(s => s.Endpoint).Order().ShouldBe(Remaining.Select(push.Endpoint).Order());
        left.Where(s => s.LastSentAt is not null).Select(s => s.Endpoint).Order().ShouldBe(Reached.Select(push.Endpoint).Order());
    }

    [Theory, DatabaseData]
    public async Task A_push_service_answering_429_then_503_gets_the_message_on_the_third_attempt_and_one_always_failing_is_counted(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var push = await LocalPushService.StartAsync();
        var client = app.AnonymousClient();
        (await client.PostAsJsonAsync("/api/push/subscriptions", push.Subscribe("spaeter"), Ct)).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/push/subscriptions", push.Subscribe("kaputt", answer: 503), Ct)).EnsureSuccessStatusCode();
        push.AnswerNext("spaeter", 429, 503);

        await using var scope = await app.TenantScopeAsync();
        var report = await scope.ServiceProvider.GetRequiredService<BroadcastPush>().SendAsync(
            new PushBroadcast(PushTopics.Alerts, _ => true, "{}"u8.ToArray(), 60, PushUrgency.Normal), Ct);

        report.ShouldBe(new PushReport(Sent: 1, Removed: 0, Failed: 0, Pending: 1));
        report.Detail.ShouldBe("1 gesendet, 0 entfernt, 1 fehlgeschlagen");
        push.Messages.Single().Subscription.ShouldBe("spaeter");
        (await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<PushSubscription>().CountAsync(Ct)).ShouldBe(2);
    }

    private static async Task<string> DemoContactAsync(StadtkernFactory app)
    {
        await using var scope = await app.TenantScopeAsync();
        var tenant = scope.ServiceProvider.GetRequiredService<Stadtkern.Platform.Tenancy.TenantContext>().Required;
        return tenant.ContactEmail ?? "";
    }
}
