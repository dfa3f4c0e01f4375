using Stadtkern.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Stadtkern.BrowserTests;

/// <summary>The sensor pages with the demo sensors the service seeds on first start: map, chart and accessibility.</summary>
public sealed class SensorPagesTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Sensor_map_and_datastream_page_draw_and_have_no_serious_accessibility_violations()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync("/sensoren");

        response.ShouldNotBeNull().Status.ShouldBe(200);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sensoren");
        await Expect(page.Locator(".leaflet-marker-icon")).ToHaveCountAsync(5);
        await Expect(page.Locator(".sensor-thing")).ToHaveCountAsync(5);
        await Screenshots.SaveAsync(page, "sensoren");
        await Axe.ShouldHaveNoSeriousViolationsAsync(page);

        await page.Locator(".sensor-thing tbody a").First.ClickAsync();
        await Expect(page.Locator(".sensor-chart canvas")).ToHaveCountAsync(1);
        await Expect(page.Locator("#letzte-werte tbody tr")).ToHaveCountAsync(20);
        await Screenshots.SaveAsync(page, "datenstrom");
        await Axe.ShouldHaveNoSeriousViolationsAsync(page);
    }
}
