using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Alerts;
using Stadtkern.Features.Alerts.Cap;
using Stadtkern.Features.Alerts.Delivery;
using Stadtkern.Features.Alerts.Publishing;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Alerts.Displays;

/// <summary>Alerts come first in a display's content, with what people must do, and leave it when cancelled.</summary>
public sealed class DisplayAlertTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static CapAlert Flood(string identifier, string severity, string headline, DateTimeOffset sent, string msgType = "Alert", IReadOnlyList<string>? references = null) => new(
        identifier, "leitstelle@musterstadt.example", sent, "Actual", msgType, "Public", null, null, null, [], null, references ?? [], null,
        [
            new CapInfo("de-DE", ["Met"], "Hochwasser", ["Avoid"], "Immediate", severity, "Observed", null, [],
                null, null, sent.AddHours(6), "Stadt Musterstadt", headline,
                "Der Pegel der Wupper steigt weiter.", "Meiden Sie das Ufer. Keller nicht betreten.", "https://musterstadt.example/hochwasser", null, [], [],
                [new CapArea("Unterburg, Glüder", [], [], [])]),
        ]);

    private static async Task<PublishOutcome> PublishAsync(StadtkernFactory app, CapAlert alert)
    {
        await using var scope = await app.TenantScopeAsync();
        return await scope.ServiceProvider.GetRequiredService<IAlertPublisher>().PublishAsync(alert, new AlertOrigin(AlertSource.Staff, "test"), Ct);
    }

    [Theory, DatabaseData]
    public async Task Active_alerts_come_first_most_severe_first_with_instruction_and_area_and_leave_when_cancelled(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var admin = await app.ClientAsync("demo", "admin");
        var (_, code) = await DisplayApiTests.CreateDisplayAsync(admin);
        var display = app.AnonymousClient();
        display.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await DisplayApiTests.RegisterAsync(app.AnonymousClient(), code));

        var quiet = await display.GetAsync("/api/displays/me/content", Ct);
        var quietContent = await quiet.Content.ReadFromJsonAsync<JsonElement>(Ct);
        quietContent.GetProperty("alertActive").GetBoolean().ShouldBeFalse();
        quietContent.GetProperty("alerts").GetArrayLength().ShouldBe(0);

        var now = DateTimeOffset.UtcNow;
        var sent = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero);
        await PublishAsync(app, Flood("flut-1", "Moderate", "Hochwasser-Vorwarnung", sent.AddMinutes(-5)));
        var severe = Flood("flut-2", "Severe", "Hochwasser an der Wupper", sent);
        await PublishAsync(app, severe);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/displays/me/content");
        conditional.Headers.IfNoneMatch.Add(quiet.Headers.ETag!);
        var response = await display.SendAsync(conditional, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK); // the alert changed the content, so the old ETag does not match

        var json = await response.Content.ReadAsStringAsync(Ct);
        var content = JsonDocument.Parse(json).RootElement;
        content.GetProperty("alertActive").GetBoolean().ShouldBeTrue();
        json.IndexOf("\"alerts\"", StringComparison.Ordinal).ShouldBeLessThan(json.IndexOf("\"tiles\"", StringComparison.Ordinal));
        var alerts = content.GetProperty("alerts");
        alerts.GetArrayLength().ShouldBe(2);
        alerts[0].GetProperty("severity").GetString().ShouldBe("Severe");
        alerts[0].GetProperty("headline").GetString().ShouldBe("Hochwasser an der Wupper");
        alerts[0].GetProperty("instruction").GetString().ShouldBe("Meiden Sie das Ufer. Keller nicht betreten.");
        alerts[0].GetProperty("description").GetString().ShouldBe("Der Pegel der Wupper steigt weiter.");
        alerts[0].GetProperty("areaDesc").GetString().ShouldBe("Unterburg, Glüder");
        alerts[1].GetProperty("severity").GetString().ShouldBe("Moderate");

        await PublishAsync(app, Flood("flut-2-ende", "Severe", "Entwarnung", sent.AddMinutes(1), "Cancel", [severe.AsReference()]));
        var after = await display.GetFromJsonAsync<JsonElement>("/api/displays/me/content", Ct);
        after.GetProperty("alerts").GetArrayLength().ShouldBe(1);
        after.GetProperty("alerts")[0].GetProperty("headline").GetString().ShouldBe("Hochwasser-Vorwarnung");
    }

    [Theory, DatabaseData]
    public async Task A_tenant_that_switched_the_displays_channel_off_gets_no_alerts_on_its_displays(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var admin = await app.ClientAsync("demo", "admin");
        var (_, code) = await DisplayApiTests.CreateDisplayAsync(admin);
        var display = app.AnonymousClient();
        display.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await DisplayApiTests.RegisterAsync(app.AnonymousClient(), code));
        await using (var scope = await app.TenantScopeAsync())
        {
            await scope.ServiceProvider.GetRequiredService<TenantSettingsStore>().SaveAsync(AlertSettings.Section,
                new AlertSettings { Channels = [.. AlertChannels.All.Where(c => c != AlertChannels.Displays)] }, Ct);
        }

        await PublishAsync(app, Flood("flut-3", "Severe", "Hochwasser", DateTimeOffset.UtcNow.AddSeconds(-1)));

        var content = await display.GetFromJsonAsync<JsonElement>("/api/displays/me/content", Ct);
        content.GetProperty("alertActive").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public void The_German_info_block_gives_the_texts_and_an_unreadable_document_none()
    {
        var xml = CapXml.Write(Flood("x", "Severe", "Hochwasser", new DateTimeOffset(2026, 11, 22, 5, 0, 0, TimeSpan.Zero)));

        var texts = Stadtkern.Features.Alerts.Displays.ActiveAlertsForDisplays.Texts(xml);

        texts.Instruction.ShouldBe("Meiden Sie das Ufer. Keller nicht betreten.");
        texts.Web.ShouldBe("https://musterstadt.example/hochwasser");
        Stadtkern.Features.Alerts.Displays.ActiveAlertsForDisplays.Texts("<kaputt").Instruction.ShouldBeNull();
    }
}
