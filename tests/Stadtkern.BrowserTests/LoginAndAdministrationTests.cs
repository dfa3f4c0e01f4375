using Microsoft.Playwright;
using Stadtkern.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stadtkern.BrowserTests;

/// <summary>Logging in as the demo admin and the administration pages behind it.</summary>
public sealed class LoginAndAdministrationTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Login_page_is_German_and_has_no_serious_accessibility_violations()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync("/anmelden");

        response.ShouldNotBeNull().Status.ShouldBe(200);
        (await page.Locator("html").GetAttributeAsync("lang")).ShouldBe("de");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Anmelden");
        await Expect(page.GetByLabel("E-Mail-Adresse")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Passwort")).ToBeVisibleAsync();

        await Screenshots.SaveAsync(page);
        await Axe.ShouldHaveNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task Wrong_password_shows_a_German_error_and_keeps_the_email()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/anmelden");

        await page.GetByLabel("E-Mail-Adresse").FillAsync(StadtkernProcess.AdminEmail);
        await page.GetByLabel("Passwort").FillAsync("das-ist-nicht-das-passwort");
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("E-Mail-Adresse oder Passwort ist falsch.");
        await Expect(page.GetByLabel("E-Mail-Adresse")).ToHaveValueAsync(StadtkernProcess.AdminEmail);
        await Expect(page.GetByLabel("Passwort")).ToHaveValueAsync("");
        await Expect(page).ToHaveURLAsync(fixture.Url("/anmelden"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Abmelden" })).ToHaveCountAsync(0);

        await Screenshots.SaveAsync(page);
        await Axe.ShouldHaveNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task Admin_logs_in_lands_on_the_start_page_and_sees_the_accessible_administration()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/anmelden");

        await page.GetByLabel("E-Mail-Adresse").FillAsync(StadtkernProcess.AdminEmail);
        await page.GetByLabel("Passwort").FillAsync(StadtkernProcess.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(fixture.Url("/"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Abmelden" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Hauptnavigation" }).GetByRole(AriaRole.Link, new() { Name = "Verwaltung", Exact = true }))
            .ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Hauptnavigation" }).GetByRole(AriaRole.Link, new() { Name = "Katalogverwaltung", Exact = true }))
            .ToBeVisibleAsync();

        var admin = await page.GotoAsync("/verwaltung");
        admin.ShouldNotBeNull().Status.ShouldBe(200);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Verwaltung");
        await Expect(page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Cell, new() { Name = "Musterstadt", Exact = true })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "verwaltung");
        await Axe.ShouldHaveNoSeriousViolationsAsync(page);

        (await page.GotoAsync("/verwaltung/katalog/einstellungen")).ShouldNotBeNull().Status.ShouldBe(200);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Katalogeinstellungen");
        await Axe.ShouldHaveNoSeriousViolationsAsync(page);

        var tokens = await page.GotoAsync("/verwaltung/tokens");
        tokens.ShouldNotBeNull().Status.ShouldBe(200);
        await Expect(page.Locator("h1")).ToHaveTextAsync("API-Tokens");
        await Screenshots.SaveAsync(page, "tokens");
        await Axe.ShouldHaveNoSeriousViolationsAsync(page);
    }
}
