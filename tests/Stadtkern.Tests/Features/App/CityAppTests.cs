using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.App;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;
using Stadtkern.Tests.Features.Alerts.Push;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.App;

public sealed class CityAppTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task Each_tenant_has_its_own_manifest_scoped_to_its_path_in_its_colour(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await PushSubscriptionApiTests.CreateTenantAsync(app, "konstanz");
        var client = app.AnonymousClient();

        var root = await client.GetAsync("/manifest.webmanifest", Ct);
        root.Content.Headers.ContentType!.MediaType.ShouldBe("application/manifest+json");
        var demo = await root.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var konstanz = await client.GetFromJsonAsync<JsonElement>("/t/konstanz/manifest.webmanifest", Ct);

        demo.GetProperty("name").GetString().ShouldBe("Musterstadt");
        demo.GetProperty("start_url").GetString().ShouldBe("/app");
        demo.GetProperty("scope").GetString().ShouldBe("/");
        demo.GetProperty("display").GetString().ShouldBe("standalone");
        konstanz.GetProperty("name").GetString().ShouldBe("Konstanz");
        konstanz.GetProperty("short_name").GetString().ShouldBe("Konstanz");
        konstanz.GetProperty("start_url").GetString().ShouldBe("/t/konstanz/app");
        konstanz.GetProperty("scope").GetString().ShouldBe("/t/konstanz/");
        konstanz.GetProperty("theme_color").GetString().ShouldBe("#1a4b7c");
        var icons = konstanz.GetProperty("icons").EnumerateArray().ToList();
        icons.Select(i => i.GetProperty("sizes").GetString()).ShouldContain("192x192");
        icons.Select(i => i.GetProperty("sizes").GetString()).ShouldContain("512x512");

        foreach (var icon in icons.Where(i => i.GetProperty("type").GetString() == "image/png"))
        {
            var png = await client.GetByteArrayAsync(icon.GetProperty("src").GetString(), Ct);
            png.AsSpan(0, 8).ToArray().ShouldBe(new byte[] { 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a });
            var size = int.Parse(icon.GetProperty("sizes").GetString()!.Split('x')[0], System.Globalization.CultureInfo.InvariantCulture);
            System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)).ShouldBe(size);
        }

        var svg = await client.GetStringAsync("/t/konstanz/app/icon.svg", Ct);
        svg.ShouldContain("fill=\"#1a4b7c\"");
        svg.ShouldContain(">K</text>");
    }

    [Theory, DatabaseData]
    public async Task The_manifest_and_the_app_page_follow_the_app_settings(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using (var scope = await app.TenantScopeAsync())
        {
            await scope.ServiceProvider.GetRequiredService<AppProfiles>().SaveAsync(new AppSettings
            {
                Name = "Muster-App",
                ShortName = "Muster",
                WelcomeText = "Hallo Musterstadt!",
                AccentColor = "#8a1538",
                Tiles = ["alerts", "catalog"],
                Districts = [new AppDistrict("Nordstadt")],
            }, Ct);
        }

        var client = app.AnonymousClient();
        var manifest = await client.GetFromJsonAsync<JsonElement>("/manifest.webmanifest", Ct);
        manifest.GetProperty("name").GetString().ShouldBe("Muster-App");
        manifest.GetProperty("short_name").GetString().ShouldBe("Muster");
        manifest.GetProperty("theme_color").GetString().ShouldBe("#8a1538");
        manifest.GetProperty("description").GetString().ShouldBe("Hallo Musterstadt!");

        var page = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync("/app", Ct));
        page.QuerySelector("h1")!.TextContent.ShouldBe("Muster-App");
        page.QuerySelector("link[rel=manifest]")!.GetAttribute("href").ShouldBe("/manifest.webmanifest");
        page.QuerySelector("meta[name=theme-color]")!.GetAttribute("content").ShouldBe("#8a1538");
        page.QuerySelector("script[src^='/js/app.js']").ShouldNotBeNull();
        var tiles = page.QuerySelectorAll(".app-tile__title").Select(t => t.TextContent).ToList();
        var demo = await DemoModulesAsync(app);
        tiles.ShouldBe(new[] { (Module.Alerts, "Warnungen"), (Module.Catalog, "Offene Daten") }.Where(t => demo.Contains(t.Item1)).Select(t => t.Item2).ToList());
        if (demo.Contains(Module.Alerts))
        {
            page.QuerySelector("#push-form input[name=districts][value=Nordstadt]").ShouldNotBeNull();
        }

        // Switched off: no manifest, no app page, no service worker registration in the layout.
        await using (var scope = await app.TenantScopeAsync())
        {
            await scope.ServiceProvider.GetRequiredService<AppProfiles>().SaveAsync(new AppSettings { Enabled = false }, Ct);
        }

        (await client.GetAsync("/manifest.webmanifest", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/app", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var home = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync("/", Ct));
        home.QuerySelector("link[rel=manifest]").ShouldBeNull();
    }

    [Theory, DatabaseData]
    public async Task The_service_worker_and_the_offline_page_are_served_under_each_tenants_path(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await PushSubscriptionApiTests.CreateTenantAsync(app, "konstanz");
        var client = app.AnonymousClient();

        var sw = await client.GetAsync("/t/konstanz/sw.js", Ct);
        sw.StatusCode.ShouldBe(HttpStatusCode.OK);
        sw.Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
        (await sw.Content.ReadAsStringAsync(Ct)).ShouldContain("addEventListener('push'");

        var offline = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync("/t/konstanz/offline", Ct));
        offline.QuerySelector("h1")!.TextContent.ShouldBe("Keine Verbindung");
        offline.QuerySelector("link[rel=manifest]")!.GetAttribute("href").ShouldBe("/t/konstanz/manifest.webmanifest");
        offline.QuerySelector("script[data-root]")!.GetAttribute("data-root").ShouldBe("/t/konstanz/");
    }

    [Theory, DatabaseData]
    public async Task The_admin_page_saves_the_settings_and_refuses_an_accent_colour_white_text_cannot_be_read_on(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var admin = await app.ClientAsync("demo", "admin");
        var form = await new HtmlParser().ParseDocumentAsync(await admin.GetStringAsync("/verwaltung/app", Ct));
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var refused = await admin.PostAsync("/verwaltung/app", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Form.Enabled"] = "true",
            ["Form.AllTiles"] = "true",
            ["Form.AccentColor"] = "#ffd700",
        }), Ct);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync(Ct)).ShouldContain("4,5:1");

        var saved = await admin.PostAsync("/verwaltung/app", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Form.Enabled"] = "true",
            ["Form.Name"] = "Musterstadt mobil",
            ["Form.AccentColor"] = "#2e5e1e",
            ["Form.Tiles"] = "alerts",
            ["Form.Districts"] = "Altstadt; 083350043001\nHafen",
        }), Ct);
        saved.StatusCode.ShouldBe(HttpStatusCode.OK);

        await using var scope = await app.TenantScopeAsync();
        var settings = await scope.ServiceProvider.GetRequiredService<AppProfiles>().ReadSettingsAsync(Ct);
        settings.Name.ShouldBe("Musterstadt mobil");
        settings.AccentColor.ShouldBe("#2e5e1e");
        settings.Tiles.ShouldBe(["alerts"]);
        settings.Districts.ShouldBe([new AppDistrict("Altstadt", "083350043001"), new AppDistrict("Hafen")]);
        (await app.AnonymousClient().GetFromJsonAsync<JsonElement>("/manifest.webmanifest", Ct)).GetProperty("name").GetString().ShouldBe("Musterstadt mobil");
    }

    [Fact]
    public void Short_names_and_initials_come_from_the_city_name()
    {
        AppProfile.ShortenName("Konstanz").ShouldBe("Konstanz");
        AppProfile.ShortenName("Freiburg im Breisgau").ShouldBe("Freiburg");
        AppProfile.Initials("Musterstadt").ShouldBe("M");
        AppProfile.Initials("Bad Tölz").ShouldBe("BT");
        AppProfile.Initials("Villingen-Schwenningen").ShouldBe("VS");
    }

    private static async Task<IReadOnlyList<Module>> DemoModulesAsync(StadtkernFactory app)
    {
        await using var scope = await app.TenantScopeAsync();
        return scope.ServiceProvider.GetRequiredService<TenantContext>().Required.Modules;
    }
}
