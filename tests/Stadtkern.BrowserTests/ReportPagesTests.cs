using Microsoft.Playwright;
using Stadtkern.BrowserTests.Infrastructure;
using Stadtkern.Tests.Features.Reports.Media;
using static Microsoft.Playwright.Assertions;

namespace Stadtkern.BrowserTests;

/// <summary>The Mängelmelder in a real browser: the citizen form with a category question (htmx), the device location instead of a
/// map click and a photo; the confirmation, the tracking page and the public list; the staff inbox. axe on every page; script in the
/// report text stays text.</summary>
public sealed class ReportPagesTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Script = "<script>window.__eingeschleust = 1</script><img src=x onerror=\"window.__eingeschleust = 2\">";

    /// <summary>A context whose device location is the Konstanz harbour; map tiles (internet) are not fetched.</summary>
    private async Task<IBrowserContext> CitizenContextAsync()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.App.BaseAddress.ToString(),
            Locale = "de-DE",
            ViewportSize = new ViewportSize { Width = 390, Height = 844 }, // mobile first
            Geolocation = new Geolocation { Latitude = 47.6605f, Longitude = 9.1790f },
            Permissions = ["geolocation"],
        });
        await context.RouteAsync("https://tile.openstreetmap.org/**", route => route.AbortAsync());
        return context;
    }

    private static async Task ShouldNotHaveRunInjectedScriptAsync(IPage page) =>
        (await page.EvaluateAsync<bool>("() => window.__eingeschleust === undefined")).ShouldBeTrue("script in the report text must not run");

    [Fact]
    public async Task A_citizen_reports_with_a_category_question_the_device_location_and_a_photo_then_tracks_it()
    {
        await using var context = await CitizenContextAsync();
        var page = await context.NewPageAsync();
        var description = "Sperrmüll am Ufer " + Guid.NewGuid().ToString("N")[..8] + " " + Script;

        (await page.GotoAsync("/meldungen/neu")).ShouldNotBeNull().Status.ShouldBe(200);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Neue Meldung");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Fragen zur Kategorie anzeigen" })).ToBeHiddenAsync(); // htmx does it
        await Axe.ShouldHaveNoSeriousViolationsAsync(page);

        // the category's questions arrive with htmx when the category changes
        await page.GetByLabel("Kategorie (freiwillig)").SelectOptionAsync(new SelectOptionValue { Label = "Wilder Müll" });
        var questions = page.GetByRole(AriaRole.Group, new() { Name = "Fragen zur Kategorie „Wilder Müll“" });
        await Expect(questions).ToBeVisibleAsync();
        await questions.GetByRole(AriaRole.Checkbox, new() { Name = "Sperrmüll" }).CheckAsync();
        await questions.GetByRole(AriaRole.Checkbox, new() { Name = "Elektrogeräte" }).CheckAsync();
        await questions.GetByLabel("Ungefähre Menge in Kubikmetern").FillAsync("2.5");
        await page.GetByLabel("Beschreibung", new() { Exact = true }).FillAsync(description);

        // the place without touching the map: the device location button (keyboard), plus an address
        var locate = page.GetByRole(AriaRole.Button, new() { Name = "Meinen Standort verwenden" });
        await locate.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#ort-status")).ToHaveTextAsync("Ort gesetzt: 47.660500, 9.179000");
        await page.GetByLabel("Adresse oder Ortsbeschreibung").FillAsync("Seestraße, am Ufer");
        await page.GetByLabel("Fotos (bis zu drei, JPEG, PNG oder WebP)").SetInputFilesAsync(new FilePayload
        {
            Name = "muell.jpg",
            MimeType = "image/jpeg",
            Buffer = TestImages.JpegWithGps(),
        });
        await page.GetByLabel("E-Mail für Rückmeldungen (freiwillig)").FillAsync("buergerin@example.org");
        await Screenshots.SaveAsync(page, "formular");
        await Axe.ShouldHaveNoSeriousViolationsAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Meldung absenden" }).ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Danke für Ihre Meldung");
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Wir benachrichtigen Sie per E-Mail");
        await Screenshots.SaveAsync(page, "bestaetigung");
        await Axe.ShouldHaveNoSeriousViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Meldung verfolgen" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/meldungen/verfolgen/[A-Za-z0-9_-]+$"));
        await Expect(page.Locator("h1")).ToContainTextAsync("Ihre Meldung Nr.");
        await Expect(page.Locator(".report-details")).ToContainTextAsync("Wilder Müll");
        await Expect(page.Locator(".report-details")).ToContainTextAsync(description); // the script shows as text
        await Expect(page.Locator(".report-details")).Not.ToContainTextAsync("buergerin@example.org");
        await Expect(page.Locator(".report-history")).ToContainTextAsync("Meldung eingegangen");
        await ShouldNotHaveRunInjectedScriptAsync(page);
        await Screenshots.SaveAsync(page, "verfolgen");
        await Axe.ShouldHaveNoSeriousViolationsAsync(page);

        (await page.GotoAsync("/meldungen")).ShouldNotBeNull().Status.ShouldBe(200);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Mängelmelder");
        var card = page.Locator(".report-card", new() { HasText = description });
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card).ToContainTextAsync("Eingegangen");
        await Expect(page.Locator("#meldungskarte .leaflet-marker-icon").First).ToBeVisibleAsync(); // the report is on the map
        await Expect(page.Locator("img.report-photo")).ToHaveCountAsync(0); // the photo is not released
        await ShouldNotHaveRunInjectedScriptAsync(page);
        await Screenshots.SaveAsync(page, "liste");
        await Axe.ShouldHaveNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task A_required_question_left_open_is_named_in_the_error_summary_and_the_answers_stay()
    {
        await using var context = await CitizenContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/meldungen/neu");
        await page.GetByLabel("Kategorie (freiwillig)").SelectOptionAsync(new SelectOptionValue { Label = "Schlagloch oder Straßenschaden" });
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Wie groß ist der Schaden? *" })).ToBeVisibleAsync();
        await page.GetByLabel("Adresse oder Ortsbeschreibung").FillAsync("Marktstätte 3");
        // the browser would refuse the empty required radio group itself; the server must refuse it as well
        await page.Locator("form.report-form").EvaluateAsync("form => form.noValidate = true");

        await page.GetByRole(AriaRole.Button, new() { Name = "Meldung absenden" }).ClickAsync();

        var summary = page.GetByRole(AriaRole.Alert);
        await Expect(summary).ToContainTextAsync("Bitte beantworten Sie die Frage „Wie groß ist der Schaden?“.");
        await Expect(page.GetByLabel("Adresse oder Ortsbeschreibung")).ToHaveValueAsync("Marktstätte 3");
        await summary.GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#angabe-groesse$"));
        await Axe.ShouldHaveNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task Staff_see_the_report_with_its_answers_in_the_inbox_and_the_text_stays_text()
    {
        await using (var citizen = await CitizenContextAsync())
        {
            var form = await citizen.NewPageAsync();
            await form.GotoAsync("/meldungen/neu");
            await form.GetByLabel("Kategorie (freiwillig)").SelectOptionAsync(new SelectOptionValue { Label = "Straßenlaterne defekt" });
            await form.GetByLabel("Nummer am Laternenmast (falls lesbar)").FillAsync("L-4711 " + Script);
            await form.GetByLabel("Beschreibung", new() { Exact = true }).FillAsync("Laterne dunkel " + Script);
            await form.GetByLabel("Adresse oder Ortsbeschreibung").FillAsync("Laube 3");
            await form.GetByRole(AriaRole.Button, new() { Name = "Meldung absenden" }).ClickAsync();
            await Expect(form.Locator("h1")).ToHaveTextAsync("Danke für Ihre Meldung");
        }

        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/anmelden");
        await page.GetByLabel("E-Mail-Adresse").FillAsync(StadtkernProcess.AdminEmail);
        await page.GetByLabel("Passwort").FillAsync(StadtkernProcess.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Abmelden" })).ToBeVisibleAsync();

        (await page.GotoAsync("/verwaltung/meldungen")).ShouldNotBeNull().Status.ShouldBe(200);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Meldungen bearbeiten");
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("Laterne dunkel " + Script);
        await ShouldNotHaveRunInjectedScriptAsync(page);
        await Screenshots.SaveAsync(page, "eingang");
        await Axe.ShouldHaveNoSeriousViolationsAsync(page);

        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Laterne dunkel" }).GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("Straßenlaterne defekt");
        await Expect(page.Locator("dt", new() { HasText = "Nummer am Laternenmast (falls lesbar)" })).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("L-4711 " + Script);
        await ShouldNotHaveRunInjectedScriptAsync(page);
        await Screenshots.SaveAsync(page, "meldung");
        await Axe.ShouldHaveNoSeriousViolationsAsync(page);
    }
}
