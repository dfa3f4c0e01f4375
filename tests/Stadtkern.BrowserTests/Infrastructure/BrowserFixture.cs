using Microsoft.Playwright;

namespace Stadtkern.BrowserTests.Infrastructure;

/// <summary>
/// One running service and one headless Debian Chromium per test class (a class fixture): each test gets a
/// fresh browser context (own cookies) from <see cref="NewContextAsync"/>.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's package; Playwright never downloads a browser here.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? playwright;
    private IBrowser? browser;
    private StadtkernProcess? app;

    public StadtkernProcess App => app ?? throw new InvalidOperationException("Not initialised.");

    public IBrowser Browser => browser ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>The absolute URL of <paramref name="path"/> on the service.</summary>
    public string Url(string path) => new Uri(App.BaseAddress, path).ToString();

    public async ValueTask InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        // a loaded CI machine can be slow: assertions wait up to 15 s (Playwright's default is 5 s)
        Assertions.SetDefaultExpectTimeout(15_000);

        // service and browser start side by side; whatever did start is stopped again if the other fails
        var appStart = StadtkernProcess.StartAsync();
        try
        {
            playwright = await Playwright.CreateAsync();
            browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ChromiumArgs,
            });
        }
        catch
        {
            try
            {
                app = await appStart; // so that DisposeAsync stops it
            }
            catch (Exception)
            {
                // the browser's failure is the one to report
            }

            await DisposeAsync();
            throw;
        }

        try
        {
            app = await appStart;
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>A fresh context (no cookies) resolving relative URLs against the service.</summary>
    public Task<IBrowserContext> NewContextAsync() => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = App.BaseAddress.ToString(),
        Locale = "de-DE",
        ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
    });

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        browser = null;
        playwright = null;
        app = null;
    }
}
