using Microsoft.Playwright;
using Stadtkern.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stadtkern.BrowserTests;

/// <summary>The city app in Chromium: manifest link, service worker registration with the tenant's scope, accessibility of /app.</summary>
public sealed class CityAppTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_app_page_links_the_manifest_registers_the_service_worker_and_has_no_serious_accessibility_violations()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync("/app");

        response.ShouldNotBeNull().Status.ShouldBe(200);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Musterstadt");
        var manifestHref = await page.Locator("link[rel=manifest]").GetAttributeAsync("href");
        manifestHref.ShouldBe("/manifest.webmanifest");
        var manifest = await page.EvaluateAsync<string>("async () => (await (await fetch('/manifest.webmanifest')).json()).start_url");
        manifest.ShouldBe("/app");

        // navigator.serviceWorker.ready resolves once the worker (sw.js, scope "/") is active.
        var scope = await page.EvaluateAsync<string>("async () => (await navigator.serviceWorker.ready).scope");
        scope.ShouldBe(fixture.Url("/"));
        var script = await page.EvaluateAsync<string>("async () => (await navigator.serviceWorker.getRegistration()).active.scriptURL");
        script.ShouldBe(fixture.Url("/sw.js"));

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Benachrichtigungen aktivieren" })).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Screenshots.SaveAsync(page, "app");
        await Axe.ShouldHaveNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task The_service_worker_serves_the_offline_page_when_the_network_is_gone()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/app");
        await page.EvaluateAsync("async () => { await navigator.serviceWorker.ready; }");
        await page.ReloadAsync(); // now controlled by the worker

        await context.SetOfflineAsync(true);
        await page.GotoAsync("/eine-seite-die-nie-geladen-wurde");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Keine Verbindung");
        await context.SetOfflineAsync(false);
    }
}
