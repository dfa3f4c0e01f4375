using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Sensing.Model;
using Stadtkern.Features.Sensing.Views.Demo;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Features.Catalog;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Sensing.Views;

/// <summary>The sensor pages over HTTP: what each caller sees on the map and list, the datastream page and its fallbacks.</summary>
public sealed class SensorPagesTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(HttpStatusCode Status, IDocument Page)> GetAsync(HttpClient client, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await client.SendAsync(request, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        var page = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html), Ct);
        return (response.StatusCode, page);
    }

    [Theory, DatabaseData]
    public async Task The_map_lists_visible_things_with_latest_values_and_filters_by_observed_property(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var (weather, temperature) = await SensingArrange.DatastreamAsync(app, thingName: "Wetterstation Hafen", at: (9.17, 47.66));
        var (_, humidity) = await SensingArrange.DatastreamAsync(app, thingId: weather, stream: "Luftfeuchte", property: "Relative Luftfeuchte", unit: """{"name":"Prozent","symbol":"%"}""");
        await SensingArrange.DatastreamAsync(app, thingName: "Interner Zähler", thingLevel: SensingAccessLevels.Internal, at: (9.18, 47.67));
        var t = new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);
        await SensingArrange.ObservationsAsync(app, [SensingArrange.Number(temperature, t, 21.25), SensingArrange.Number(humidity, t, 64)]);

        var (status, page) = await GetAsync(app.AnonymousClient(), "/sensoren");

        status.ShouldBe(HttpStatusCode.OK);
        var things = page.QuerySelectorAll(".sensor-thing__title").Select(e => e.TextContent.Trim()).ToList();
        things.ShouldBe(["Wetterstation Hafen"]);
        var rows = page.QuerySelectorAll(".sensor-thing tbody tr").Select(r => r.TextContent).ToList();
        rows.ShouldContain(r => r.Contains("Lufttemperatur") && r.Contains("21,25 °C") && r.Contains("01.06.2026, 12:00 Uhr"));
        rows.ShouldContain(r => r.Contains("Luftfeuchte") && r.Contains("64 %"));
        page.QuerySelector("#sensorkarte").ShouldNotBeNull();
        using (var map = System.Text.Json.JsonDocument.Parse(page.QuerySelector("#sensor-daten")!.TextContent))
        {
            map.RootElement.EnumerateArray().Single().GetProperty("datastreams").EnumerateArray()
                .Select(d => d.GetProperty("value").GetString()).ShouldBe(["64 %", "21,25 °C"]);
        }

        page.QuerySelectorAll("#merkmal option").Select(o => o.TextContent).ShouldBe(["Alle Messgrößen", "Lufttemperatur", "Relative Luftfeuchte"]);

        var propertyId = page.QuerySelectorAll("#merkmal option").Single(o => o.TextContent == "Relative Luftfeuchte").GetAttribute("value");
        var (_, filtered) = await GetAsync(app.AnonymousClient(), "/sensoren?merkmal=" + propertyId);
        filtered.QuerySelectorAll(".sensor-thing tbody tr").Select(r => r.QuerySelector("a")!.TextContent).ShouldBe(["Luftfeuchte"]);

        var (_, staffPage) = await GetAsync(await app.ClientAsync("demo", "staff"), "/sensoren");
        staffPage.QuerySelectorAll(".sensor-thing__title").Select(e => e.TextContent.Trim()).ShouldBe(["Interner Zähler", "Wetterstation Hafen"]);
    }

    [Theory, DatabaseData]
    public async Task The_datastream_page_shows_latest_value_summary_csv_link_and_latest_20_values(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var (_, id) = await SensingArrange.DatastreamAsync(app);
        var (_, hidden) = await SensingArrange.DatastreamAsync(app, thingName: "Versteckt", thingLevel: SensingAccessLevels.Restricted);
        var start = DateTimeOffset.UtcNow.AddHours(-10);
        start = new DateTimeOffset(start.Ticks - (start.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        await SensingArrange.ObservationsAsync(app, Enumerable.Range(0, 30).Select(i => SensingArrange.Number(id, start.AddMinutes(i * 10), i + 0.5)));

        var (status, page) = await GetAsync(app.AnonymousClient(), $"/sensoren/datenstrom/{id}");

        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("h1")!.TextContent.ShouldBe("Lufttemperatur");
        page.QuerySelector("#aktueller-wert")!.TextContent.ShouldBe("29,5 °C");
        var cells = page.QuerySelectorAll("#letzte-werte tbody tr td.sensor-value").Select(c => c.TextContent).ToList();
        cells.Count.ShouldBe(20);
        cells[0].ShouldBe("29,5 °C");
        cells[19].ShouldBe("10,5 °C");
        page.QuerySelector("#zusammenfassung")!.TextContent.ShouldContain("30 Messwerte");
        page.QuerySelector("#zusammenfassung")!.TextContent.ShouldContain("Mittelwert 15 °C");
        var csv = page.QuerySelectorAll("a").Single(a => a.TextContent.Contains("CSV", StringComparison.Ordinal)).GetAttribute("href")!;
        csv.ShouldStartWith($"/api/sensing/datastreams/{id}/export.csv?from=");
        var series = page.QuerySelector("[data-series-url]")!.GetAttribute("data-series-url")!;
        using (var response = await app.AnonymousClient().GetAsync(series, Ct))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using (var response = await app.AnonymousClient().GetAsync(csv, Ct))
        {
            (await response.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(31);
        }

        page.QuerySelector("#katalog-titel").ShouldBeNull();
        (await GetAsync(app.AnonymousClient(), $"/sensoren/datenstrom/{hidden}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await GetAsync(app.AnonymousClient(), "/sensoren/datenstrom/999999")).Status.ShouldBe(HttpStatusCode.NotFound);
        var (_, week) = await GetAsync(app.AnonymousClient(), $"/sensoren/datenstrom/{id}?zeitraum=7d");
        week.QuerySelector("a[aria-current=page]")!.TextContent.ShouldBe("7 Tage");
        var (_, wrong) = await GetAsync(app.AnonymousClient(), $"/sensoren/datenstrom/{id}?zeitraum=frei&von=2026-05-01&bis=2026-04-01");
        wrong.QuerySelector("[role=alert]")!.TextContent.ShouldContain("Anfangsdatum");
    }

    [Theory, DatabaseData]
    public async Task The_demo_sensors_fill_the_pages_and_seeding_again_adds_nothing(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using (var scope = await app.TenantScopeAsync())
        {
            var seed = scope.ServiceProvider.GetRequiredService<SeedDemoSensors>();
            (await seed.SeedAsync(Ct)).ShouldBe(12 * SeedDemoSensors.Days * 96);
            (await seed.SeedAsync(Ct)).ShouldBe(0);
        }

        var (_, page) = await GetAsync(app.AnonymousClient(), "/sensoren");
        page.QuerySelectorAll(".sensor-thing").Length.ShouldBe(5);
        page.QuerySelectorAll(".sensor-thing tbody tr").Length.ShouldBe(12);
        page.QuerySelectorAll(".sensor-thing p").ShouldAllBe(p => p.TextContent.Contains("Demodaten"));
        var first = page.QuerySelector(".sensor-thing tbody tr a")!.GetAttribute("href")!;
        var (status, stream) = await GetAsync(app.AnonymousClient(), first + "?zeitraum=7d");
        status.ShouldBe(HttpStatusCode.OK);
        stream.QuerySelector("#zusammenfassung")!.TextContent.ShouldContain("Messwerte");
        stream.QuerySelectorAll("#letzte-werte tbody tr").Length.ShouldBe(20);
    }

    [Theory, DatabaseData]
    public async Task Stewards_publish_a_things_public_datastreams_to_the_catalog_from_the_datastream_page(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using (var scope = await app.TenantScopeAsync())
        {
            await DatasetStoreTests.OrganizationAsync(scope.ServiceProvider, "gruen");
        }

        var (thing, id) = await SensingArrange.DatastreamAsync(app);
        await SensingArrange.DatastreamAsync(app, thingId: thing, stream: "Interne Batteriespannung", streamLevel: SensingAccessLevels.Internal);
        var steward = await app.ClientAsync("demo", "data-steward");
        var (_, page) = await GetAsync(steward, $"/sensoren/datenstrom/{id}");
        var form = page.QuerySelector("#katalog-titel")!.ParentElement!.QuerySelector("form")!;
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var post = await steward.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["KatalogTitel"] = "Wetter am Hafen",
            ["KatalogOrganisation"] = "gruen",
        }), Ct);

        post.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        post.Headers.Location!.ToString().ShouldBe("/daten/wetter-am-hafen");
        await using var check = await app.TenantScopeAsync();
        var dataset = await check.ServiceProvider.GetRequiredService<Stadtkern.Features.Catalog.Store.DatasetStore>().FindAsync("wetter-am-hafen", Ct);
        dataset!.Resources.Select(r => r.Url).ShouldBe([$"http://localhost/v1.1/Datastreams({id})", $"http://localhost/api/sensing/datastreams/{id}/export.csv"]);
    }
}
