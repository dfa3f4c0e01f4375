using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Alerts.Cap;
using Stadtkern.Features.Alerts.Delivery;
using Stadtkern.Features.Alerts.Model;
using Stadtkern.Features.Alerts.Publishing;
using Stadtkern.Features.Alerts.Push;
using Stadtkern.Features.App;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Alerts.Push;

public sealed class PushChannelTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static CapAlert Alert(string identifier, string severity, string areaDesc, DateTimeOffset sent, params CapValue[] geocodes) => new(
        identifier, "leitstelle@musterstadt.example", sent, "Actual", "Alert", "Public", null, null, null, [], null, [], null,
        [new CapInfo("de-DE", ["Met"], "Hochwasser", ["Prepare"], "Immediate", severity, "Observed", null, [], null, null, sent.AddHours(6),
            "Stadt Musterstadt", "Hochwasser am Rhein", "Der Pegel steigt auf 8 Meter.", "Keller räumen.", null, null, [], [],
            [new CapArea(areaDesc, [], [], geocodes)])]);

    [Theory, DatabaseData]
    public async Task A_published_alert_reaches_the_subscribers_of_its_district_through_the_push_channel_and_staff_see_the_count(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await PushSubscriptionApiTests.SaveDistrictsAsync(app, new AppDistrict("Altstadt", "083350043001"), new AppDistrict("Paradies"));
        await using var push = await LocalPushService.StartAsync();
        var client = app.AnonymousClient();
        (await client.PostAsJsonAsync("/api/push/subscriptions", push.Subscribe("stadt"), Ct)).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/push/subscriptions", push.Subscribe("altstadt", districts: ["Altstadt"]), Ct)).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/push/subscriptions", push.Subscribe("paradies", districts: ["Paradies"]), Ct)).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/push/subscriptions", push.Subscribe("weg", answer: 410), Ct)).EnsureSuccessStatusCode();

        Guid alertId;
        await using (var scope = await app.TenantScopeAsync())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<IAlertPublisher>().PublishAsync(
                Alert("hw-1", "Severe", "Altstadt am Rheinufer", DateTimeOffset.UtcNow, new CapValue("ARS", "083350043001")),
                new AlertOrigin(AlertSource.Staff, "test"), Ct);
            alertId = outcome.AlertId;
        }

        var delivery = await WaitForPushDeliveryAsync(app, alertId);

        push.Refusals.ShouldBeEmpty();
        delivery.State.ShouldBe(DeliveryStates.Delivered);
        delivery.Detail.ShouldBe("2 gesendet, 1 entfernt");
        push.Messages.Select(m => m.Subscription).Order().ShouldBe(["altstadt", "stadt"]);
        var message = push.Messages.First();
        using var json = JsonDocument.Parse(message.Plaintext);
        json.RootElement.GetProperty("title").GetString().ShouldBe("Hochwasser am Rhein");
        json.RootElement.GetProperty("url").GetString().ShouldBe("/alerts/" + alertId.ToString("D"));
        message.Urgency.ShouldBe("high");
        message.Topic.ShouldBe(alertId.ToString("N"));
        int.Parse(message.Ttl, System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(5 * 3600, 6 * 3600);

        await using var check = await app.TenantScopeAsync();
        (await check.ServiceProvider.GetRequiredService<StadtkernDb>().Set<PushSubscription>().CountAsync(Ct)).ShouldBe(3);
    }

    private static async Task<AlertDelivery> WaitForPushDeliveryAsync(StadtkernFactory app, Guid alertId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await app.Services.GetRequiredService<DeliverAlerts>().RunOnceAsync(Ct);
            await using var scope = await app.TenantScopeAsync();
            var delivery = await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<AlertDelivery>().AsNoTracking()
                .SingleAsync(d => d.AlertId == alertId && d.Channel == AlertChannels.Push, Ct);
            if (delivery.State != DeliveryStates.Pending || DateTime.UtcNow > deadline)
            {
                return delivery;
            }

            await Task.Delay(100, Ct);
        }
    }
}
