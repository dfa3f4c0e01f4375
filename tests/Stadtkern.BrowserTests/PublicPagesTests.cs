using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Stadtkern.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stadtkern.BrowserTests;

/// <summary>What everyone sees without logging in: the start page (also under <c>/t/demo/</c>) and the 404 page.</summary>
public sealed class PublicPagesTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData("/", "start")]
    [InlineData("/t/demo/", "t-demo")]
    public async Task Start_page_is_German_names_the_city_has_landmarks_and_no_serious_accessibility_violations(string path, string variant)
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var failed = RecordFailedRequests(page);

        var response = await page.GotoAsync(path);

        response.ShouldNotBeNull().Status.ShouldBe(200);
        (await page.Locator("html").GetAttributeAsync("lang")).ShouldBe("de");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Musterstadt");
        await Expect(page).ToHaveTitleAsync("Start – Musterstadt");
        await Expect(page.GetByRole(AriaRole.Banner)).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Hauptnavigation" })).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Main)).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Contentinfo)).ToHaveCountAsync(1);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        failed.ShouldBeEmpty("stylesheet, scripts and other resources of the page all load");

        await Screenshots.SaveAsync(page, variant);
        await Axe.ShouldHaveNoSeriousViolationsAsync(page);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/t/demo/")]
    public async Task Skip_link_is_the_first_tab_stop_and_Enter_moves_focus_to_the_main_content(string path)
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);

        await page.Keyboard.PressAsync("Tab");

        var focused = page.Locator(":focus");
        await Expect(focused).ToHaveTextAsync("Zum Inhalt springen");
        await Expect(focused).ToBeInViewportAsync(); // hidden off-screen until focused

        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#inhalt")).ToBeFocusedAsync();
        page.Url.ShouldBe(fixture.Url(path + "#inhalt"));
    }

    [Fact]
    public async Task Links_on_the_demo_city_page_under_t_demo_stay_under_t_demo()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/t/demo/");

        var links = await page.Locator("a[href]").EvaluateAllAsync<string[]>("links => links.map(a => a.href)");
        var ownLinks = links.Where(l => l.StartsWith(fixture.Url("/"), StringComparison.Ordinal)).ToList();

        ownLinks.ShouldNotBeEmpty();
        ownLinks.ShouldAllBe(l => l.StartsWith(fixture.Url("/t/demo/"), StringComparison.Ordinal));
        (await page.Locator("link[rel=stylesheet]").GetAttributeAsync("href")).ShouldNotBeNull().ShouldStartWith("/t/demo/");

        // following them keeps the city: the catalog, a module page and the login page
        var navigation = page.GetByRole(AriaRole.Navigation, new() { Name = "Hauptnavigation" });
        (await navigation.GetByRole(AriaRole.Link, new() { Name = "Offene Daten" }).GetAttributeAsync("href")).ShouldBe("/t/demo/daten");
        var module = navigation.Locator("a[href*='/angebote/']").First;
        var moduleName = (await module.TextContentAsync())?.Trim();
        await module.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(fixture.Url("/t/demo/angebote/"))));
        await Expect(page.Locator("h1")).ToHaveTextAsync(moduleName.ShouldNotBeNull());
        await Expect(page.Locator(".site-brand")).ToHaveTextAsync("Musterstadt");

        await page.GetByRole(AriaRole.Link, new() { Name = "Anmelden", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(fixture.Url("/t/demo/anmelden"));
    }

    [Fact]
    public async Task Unknown_page_shows_German_not_found_page_without_serious_accessibility_violations()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync("/gibt-es-nicht");

        response.ShouldNotBeNull().Status.ShouldBe(404);
        (await response.HeaderValueAsync("content-type")).ShouldNotBeNull().ShouldStartWith("text/html");
        (await page.Locator("html").GetAttributeAsync("lang")).ShouldBe("de");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Seite nicht gefunden");
        await Expect(page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Zur Startseite" })).ToBeVisibleAsync();

        await Screenshots.SaveAsync(page);
        await Axe.ShouldHaveNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task Accessibility_check_catches_serious_violations_so_a_clean_result_means_something()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync("""
            <!DOCTYPE html><html lang="de"><head><title>Kaputt</title></head>
            <body><main><h1>Kaputt</h1><img src="bild.png"><p style="color:#bbb;background:#fff">Kaum lesbar</p></main></body></html>
            """);

        var failure = await Should.ThrowAsync<Exception>(() => Axe.ShouldHaveNoSeriousViolationsAsync(page));

        TestContext.Current.TestOutputHelper?.WriteLine(failure.Message);
        failure.Message.ShouldContain("image-alt (critical)");
        failure.Message.ShouldContain("color-contrast (serious)");
    }

    /// <summary>Requests of the page that failed or answered with an error status.</summary>
    private static ConcurrentQueue<string> RecordFailedRequests(IPage page)
    {
        var failed = new ConcurrentQueue<string>(); // filled by Playwright's event thread
        page.RequestFailed += (_, request) => failed.Enqueue($"{request.Url}: {request.Failure}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failed.Enqueue($"{response.Url}: {response.Status}");
            }
        };
        return failed;
    }
}
