using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Playwright;
using Stadtkern.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stadtkern.BrowserTests;

/// <summary>
/// A stele end to end: staff create it in the administration, the kiosk page registers with the code from the URL fragment, shows
/// the rotation, switches to an alert as soon as one is published, keeps its content when the network is gone (also across a
/// reload, through its service worker) and returns to the rotation after the all-clear.
/// </summary>
public sealed class DisplayPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Sender = "leitstelle@musterstadt.example";

    [Fact]
    public async Task Display_page_shows_content_switches_to_a_published_alert_and_keeps_its_content_offline()
    {
        await using var staffContext = await fixture.NewContextAsync();
        var staff = await staffContext.NewPageAsync();
        await LogInAsync(staff);
        var token = await CreateTokenAsync(staff);

        // staff create the stele: the code and the kiosk address are shown once
        (await staff.GotoAsync("/verwaltung/stelen")).ShouldNotBeNull().Status.ShouldBe(200);
        await Expect(staff.Locator("h1")).ToHaveTextAsync("Stelen");
        await staff.GetByLabel("Name", new() { Exact = true }).FillAsync("Stele Rathaus");
        await staff.GetByLabel("Standort").FillAsync("Rathausplatz");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Stele anlegen" }).ClickAsync();
        var kioskAddress = (await staff.Locator("#kiosk-adresse").TextContentAsync()).ShouldNotBeNull().Trim();
        kioskAddress.ShouldContain("#code=");
        await Axe.ShouldHaveNoSeriousViolationsAsync(staff);

        // the kiosk registers itself with the code and shows its rotation
        await using var kioskContext = await fixture.NewContextAsync();
        var kiosk = await kioskContext.NewPageAsync();
        (await kiosk.GotoAsync(kioskAddress)).ShouldNotBeNull().Status.ShouldBe(200);
        (await kiosk.Locator("html").GetAttributeAsync("lang")).ShouldBe("de");
        await Expect(kiosk.Locator("#kiosk-tile-title")).ToHaveTextAsync("Neues aus der Stadt");
        await Expect(kiosk.Locator("#kiosk-tile-body li").First).ToBeVisibleAsync();
        await Expect(kiosk.Locator("#kiosk-alert")).ToBeHiddenAsync();
        kiosk.Url.ShouldNotContain("code=");
        (await kiosk.EvaluateAsync<bool>("() => Object.keys(localStorage).some(k => k.endsWith('.token'))")).ShouldBeTrue();
        await Screenshots.SaveAsync(kiosk, "rotation");
        await Axe.ShouldHaveNoSeriousViolationsAsync(kiosk);

        // the network goes away: the content stays on screen, with the time the display went offline, also after a reload
        await kioskContext.SetOfflineAsync(true);
        await Expect(kiosk.Locator("#kiosk-offline")).ToContainTextAsync("Offline seit", new() { Timeout = 30_000 });
        await Expect(kiosk.Locator("#kiosk-tile-body li").First).ToBeVisibleAsync();
        await kiosk.ReloadAsync();
        await Expect(kiosk.Locator("#kiosk-tile-body li").First).ToBeVisibleAsync();
        await Expect(kiosk.Locator("#kiosk-offline")).ToContainTextAsync("Offline seit");
        await Screenshots.SaveAsync(kiosk, "offline");
        await kioskContext.SetOfflineAsync(false);
        await Expect(kiosk.Locator("#kiosk-offline")).ToBeHiddenAsync(new() { Timeout = 30_000 });

        // an alert takes the screen at once (within one poll)
        using var api = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var sent = DateTimeOffset.UtcNow.AddSeconds(-2);
        var published = await api.PostAsync(new Uri("api/alerts", UriKind.Relative), Cap("stele-flut-1", sent, "Alert", null), TestContext.Current.CancellationToken);
        published.IsSuccessStatusCode.ShouldBeTrue(await published.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        await Expect(kiosk.Locator("#kiosk-alert")).ToBeVisibleAsync();
        await Expect(kiosk.Locator("#kiosk-alert-headline")).ToHaveTextAsync("Hochwasser an der Wupper");
        await Expect(kiosk.Locator("#kiosk-alert-instruction")).ToHaveTextAsync("Meiden Sie das Ufer. Keller nicht betreten.");
        await Expect(kiosk.Locator("#kiosk-alert-area")).ToHaveTextAsync("Unterburg, Glüder");
        await Screenshots.SaveAsync(kiosk, "warnung");
        await Axe.ShouldHaveNoSeriousViolationsAsync(kiosk);

        // every web page of the city shows the alert banner while the alert is active, accessibly
        await using (var webContext = await fixture.NewContextAsync())
        {
            var web = await webContext.NewPageAsync();
            foreach (var path in new[] { "/", "/daten", "/alerts" })
            {
                await web.GotoAsync(path);
                var banner = web.Locator("[data-alert-banner]");
                await Expect(banner).ToBeVisibleAsync();
                await Expect(banner).ToContainTextAsync("Hochwasser an der Wupper");
            }

            await web.GotoAsync("/");
            await Screenshots.SaveAsync(web, "warnung-banner");
            await Axe.ShouldHaveNoSeriousViolationsAsync(web);
        }

        // offline the alert stays, too
        await kioskContext.SetOfflineAsync(true);
        await kiosk.ReloadAsync();
        await Expect(kiosk.Locator("#kiosk-alert-headline")).ToHaveTextAsync("Hochwasser an der Wupper");
        await Expect(kiosk.Locator("#kiosk-offline")).ToContainTextAsync("Offline seit");
        await kioskContext.SetOfflineAsync(false);

        // the all-clear returns the display to its rotation
        var cancelled = await api.PostAsync(new Uri("api/alerts", UriKind.Relative),
            Cap("stele-flut-1-ende", sent.AddSeconds(1), "Cancel", $"{Sender},stele-flut-1,{Format(sent)}"), TestContext.Current.CancellationToken);
        cancelled.IsSuccessStatusCode.ShouldBeTrue(await cancelled.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        await Expect(kiosk.Locator("#kiosk-alert")).ToBeHiddenAsync(new() { Timeout = 30_000 });
        await Expect(kiosk.Locator("#kiosk-offline")).ToBeHiddenAsync();
        await Expect(kiosk.Locator("#kiosk-tile-title")).ToHaveTextAsync("Neues aus der Stadt");

        // staff see the stele online (it sent its heartbeat)
        await staff.GotoAsync("/verwaltung/stelen");
        await Expect(staff.GetByRole(AriaRole.Row).Filter(new() { HasText = "Stele Rathaus" }).Locator(".status--online")).ToHaveTextAsync("online");
        await Screenshots.SaveAsync(staff, "verwaltung-stelen");
        await Axe.ShouldHaveNoSeriousViolationsAsync(staff);
    }

    private static async Task LogInAsync(IPage page)
    {
        await page.GotoAsync("/anmelden");
        await page.GetByLabel("E-Mail-Adresse").FillAsync(StadtkernProcess.AdminEmail);
        await page.GetByLabel("Passwort").FillAsync(StadtkernProcess.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Abmelden" })).ToBeVisibleAsync();
    }

    /// <summary>An admin API token from the token page (shown once), for publishing alerts over the API.</summary>
    private static async Task<string> CreateTokenAsync(IPage page)
    {
        await page.GotoAsync("/verwaltung/tokens");
        await page.GetByLabel("Wofür?").FillAsync("Browsertest Stelen");
        await page.GetByLabel("Rolle").SelectOptionAsync("admin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Token erzeugen" }).ClickAsync();
        return (await page.Locator("code.secret").TextContentAsync()).ShouldNotBeNull().Trim();
    }

    private static string Format(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    private static StringContent Cap(string identifier, DateTimeOffset sent, string msgType, string? references)
    {
        var xml = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
              <identifier>{identifier}</identifier>
              <sender>{Sender}</sender>
              <sent>{Format(sent)}</sent>
              <status>Actual</status>
              <msgType>{msgType}</msgType>
              <scope>Public</scope>
              {(references is null ? "" : $"<references>{references}</references>")}
              <info>
                <language>de-DE</language>
                <category>Met</category>
                <event>Hochwasser</event>
                <responseType>Avoid</responseType>
                <urgency>Immediate</urgency>
                <severity>Severe</severity>
                <certainty>Observed</certainty>
                <expires>{Format(sent.AddHours(6))}</expires>
                <headline>Hochwasser an der Wupper</headline>
                <description>Der Pegel der Wupper steigt weiter.</description>
                <instruction>Meiden Sie das Ufer. Keller nicht betreten.</instruction>
                <area>
                  <areaDesc>Unterburg, Glüder</areaDesc>
                </area>
              </info>
            </alert>
            """;
        return new StringContent(xml, Encoding.UTF8, "application/cap+xml");
    }
}
