using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Stadtkern.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stadtkern.BrowserTests;

/// <summary>The catalog portal with the demo catalog the service seeds on first start: accessibility and live search.</summary>
public sealed class CatalogPortalTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData("/daten", "Daten", "daten")]
    [InlineData("/daten/radzaehlstellen", "Radzählstellen – Zählwerte", "datensatz")]
    [InlineData("/daten/kanalkataster-zustandsbewertung", "Kanalkataster – Zustandsbewertung", "datensatz-auf-antrag")]
    [InlineData("/organisationen", "Organisationen", "organisationen")]
    [InlineData("/organisationen/tiefbauamt", "Tiefbauamt", "organisation")]
    public async Task Catalog_pages_have_no_serious_accessibility_violations(string path, string heading, string screenshot)
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync(path);

        response.ShouldNotBeNull().Status.ShouldBe(200);
        await Expect(page.Locator("h1")).ToHaveTextAsync(heading);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Screenshots.SaveAsync(page, screenshot);
        await Axe.ShouldHaveNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task Typing_a_search_and_clicking_a_facet_update_the_results_without_a_full_reload()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/daten");
        var documentLoads = 0;
        page.Load += (_, _) => documentLoads++;
        var total = await page.Locator("#trefferzahl").TextContentAsync();

        await page.GetByLabel("Suchbegriff").FillAsync("Parken");

        await Expect(page.Locator("#trefferzahl")).Not.ToHaveTextAsync(total!);
        await Expect(page).ToHaveURLAsync(new Regex(@"/daten\?q=Parken"));
        var results = page.Locator(".result__title a");
        await Expect(results).Not.ToHaveCountAsync(0);
        var before = await results.CountAsync();

        var facet = page.Locator("#treffer .facet").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Organisation" }) }).Locator("a").First;
        var facetText = await facet.TextContentAsync();
        var expected = int.Parse(Regex.Match(facetText!, @"\((\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await facet.ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"q=Parken&f=organization%3A"));
        await Expect(results).ToHaveCountAsync(expected);
        await Expect(page.Locator(".facet__link--active")).ToHaveCountAsync(1);
        await Expect(page.GetByLabel("Suchbegriff")).ToHaveValueAsync("Parken");
        documentLoads.ShouldBe(0, "htmx swapped the results instead of loading a new page");
        expected.ShouldBeLessThanOrEqualTo(before);
        await Screenshots.SaveAsync(page, "daten-gefiltert");
        await Axe.ShouldHaveNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task Search_works_without_JavaScript()
    {
        await using var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.Url("/"), JavaScriptEnabled = false, Locale = "de-DE" });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/daten");

        await page.GetByLabel("Suchbegriff").FillAsync("Baumkataster");
        await page.GetByRole(AriaRole.Button, new() { Name = "Suchen" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/daten\?q=Baumkataster"));
        await Expect(page.Locator(".result__title a").First).ToHaveTextAsync("Baumkataster");
    }

    [Fact]
    public async Task Steward_editor_with_field_errors_has_no_serious_accessibility_violations()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/daten/neu");
        await page.GetByLabel("E-Mail-Adresse").FillAsync(StadtkernProcess.AdminEmail);
        await page.GetByLabel("Passwort").FillAsync(StadtkernProcess.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden", Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Neuer Datensatz");
        await Axe.ShouldHaveNoSeriousViolationsAsync(page);

        await page.GetByLabel("Titel").FillAsync("Sitzbänke");
        await page.GetByLabel("Name in der Adresse").FillAsync("Ungültig!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Speichern", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Der Name muss");
        await Expect(page.GetByLabel("Name in der Adresse")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#fehler-owner_org")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "editor-fehler");
        await Axe.ShouldHaveNoSeriousViolationsAsync(page);
    }
}
