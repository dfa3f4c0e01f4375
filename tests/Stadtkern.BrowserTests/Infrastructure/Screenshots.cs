using Microsoft.Playwright;

namespace Stadtkern.BrowserTests.Infrastructure;

/// <summary>Full-page screenshots as test artefacts: <c>artifacts/browser/&lt;test&gt;[-&lt;what&gt;].png</c>.</summary>
internal static class Screenshots
{
    public static async Task SaveAsync(IPage page, string? what = null)
    {
        var name = TestContext.Current.TestMethod?.MethodName ?? "page";
        if (what is not null)
        {
            name += "-" + what;
        }

        var path = Path.Combine(Paths.BrowserArtifacts, name + ".png");
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.Current.AddAttachment(name + ".png", png, "image/png");
    }
}
