using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Catalog.Demo;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Catalog.Portal;

/// <summary>The portal pages over HTTP with the demo catalog: what each caller sees, search, facets and the editor.</summary>
public sealed class PortalPagesTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<StadtkernFactory> StartWithDemoAsync(AppFixture fixture, DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var scope = await app.TenantScopeAsync();
        await scope.ServiceProvider.GetRequiredService<SeedDemoCatalog>().SeedAsync(Ct);
        return app;
    }

    private static async Task<(HttpStatusCode Status, IDocument Page)> GetAsync(HttpClient client, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await client.SendAsync(request, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        var page = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html), Ct);
        return (response.StatusCode, page);
    }

    private static List<string> ResultLinks(IDocument page) =>
        [.. page.QuerySelectorAll(".result__title a").Select(a => a.GetAttribute("href")!)];

    private static int Count(IDocument page) =>
        int.Parse(new string([.. page.QuerySelector("#trefferzahl")!.TextContent.Trim().TakeWhile(char.IsDigit)]), System.Globalization.CultureInfo.InvariantCulture);

    [Theory, DatabaseData]
    public async Task Demo_catalog_has_30_or_more_datasets_exactly_one_restricted_and_seeding_again_adds_nothing(DatabaseProvider db)
    {
        var app = await StartWithDemoAsync(fixture, db);
        await using var scope = await app.TenantScopeAsync();

        var again = await scope.ServiceProvider.GetRequiredService<SeedDemoCatalog>().SeedAsync(Ct);

        again.ShouldBe(0);
        var datasets = await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<Dataset>().AsNoTracking().Include(d => d.Resources).ToListAsync(Ct);
        datasets.Count.ShouldBeGreaterThanOrEqualTo(30);
        datasets.Count(d => d.Access == AccessLevel.Restricted).ShouldBe(1);
        datasets.Where(d => d.Access == AccessLevel.Public).ShouldAllBe(d =>
            d.LicenseId != null && d.ContactEmail != null && d.Themes.Count > 0 && d.Notes != null
            && d.Resources.Count > 0 && d.Resources.All(r => r.Format != null && r.Url.Length > 0));
    }

    [Theory, DatabaseData]
    public async Task Anonymous_search_lists_public_and_restricted_datasets_but_never_internal_ones(DatabaseProvider db)
    {
        var app = await StartWithDemoAsync(fixture, db);
        int visible, all;
        await using (var scope = await app.TenantScopeAsync())
        {
            var datasets = scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<Dataset>();
            visible = await datasets.CountAsync(d => d.Access != AccessLevel.Internal, Ct);
            all = await datasets.CountAsync(Ct);
        }

        var anonymous = app.AnonymousClient();
        var (status, page) = await GetAsync(anonymous, "/daten");
        var (_, internalOnly) = await GetAsync(anonymous, "/daten?f=access:internal");
        var (_, staffPage) = await GetAsync(await app.ClientAsync("demo", "staff"), "/daten");

        status.ShouldBe(HttpStatusCode.OK);
        Count(page).ShouldBe(visible);
        all.ShouldBeGreaterThan(visible);
        page.QuerySelectorAll(".access").Select(a => a.TextContent).ShouldNotContain("Intern");
        var facetLinks = page.QuerySelectorAll(".facet__link").Select(a => a.GetAttribute("href")!).ToList();
        facetLinks.ShouldContain("?f=access%3Arestricted");
        facetLinks.ShouldContain("?f=access%3Apublic");
        facetLinks.ShouldNotContain("?f=access%3Ainternal");
        Count(internalOnly).ShouldBe(0);
        ResultLinks(internalOnly).ShouldBeEmpty();
        Count(staffPage).ShouldBe(all);
    }

    [Theory, DatabaseData]
    public async Task A_facet_click_narrows_the_results_to_its_count_and_a_second_click_removes_it(DatabaseProvider db)
    {
        var app = await StartWithDemoAsync(fixture, db);
        var client = app.AnonymousClient();
        var (_, page) = await GetAsync(client, "/daten");
        var facet = page.QuerySelectorAll(".facet__link").First(a => a.GetAttribute("href")!.Contains("organization%3Atiefbauamt", StringComparison.Ordinal));
        var expected = int.Parse(new string([.. facet.QuerySelector(".facet__count")!.TextContent.Where(char.IsDigit)]), System.Globalization.CultureInfo.InvariantCulture);

        var (_, filtered) = await GetAsync(client, "/daten" + facet.GetAttribute("href"));

        Count(filtered).ShouldBe(expected);
        filtered.QuerySelectorAll(".result__meta").ShouldAllBe(m => m.TextContent.Contains("Tiefbauamt"));
        filtered.QuerySelectorAll("input[type=hidden][name=f][form=suche]").Select(i => i.GetAttribute("value")).ShouldBe(["organization:tiefbauamt"]);
        var active = filtered.QuerySelector(".facet__link--active").ShouldNotBeNull();
        var (_, unfiltered) = await GetAsync(client, "/daten" + active.GetAttribute("href"));
        Count(unfiltered).ShouldBe(Count(page));
    }

    [Theory, DatabaseData]
    public async Task Search_finds_a_word_of_a_description_and_bad_parameters_are_ignored(DatabaseProvider db)
    {
        var app = await StartWithDemoAsync(fixture, db);
        var client = app.AnonymousClient();

        var (status, page) = await GetAsync(client, "/daten?q=Baumkontrolle");
        var (oddStatus, odd) = await GetAsync(client, "/daten?q=%22%29%3B%20DROP%20TABLE%20catalog_datasets--&f=nonsense&f=tags:&sort=x&seite=abc");

        status.ShouldBe(HttpStatusCode.OK);
        ResultLinks(page).ShouldBe(["/daten/baumkataster"]);
        oddStatus.ShouldBe(HttpStatusCode.OK);
        odd.QuerySelectorAll("input[name=f]").ShouldBeEmpty();
        odd.QuerySelector("#sortierung option[selected]")!.GetAttribute("value").ShouldBe("relevanz");
    }

    [Theory, DatabaseData]
    public async Task Internal_dataset_page_is_404_for_anonymous_and_citizens_and_200_for_staff(DatabaseProvider db)
    {
        var app = await StartWithDemoAsync(fixture, db);

        var (anonymous, _) = await GetAsync(app.AnonymousClient(), "/daten/winterdienst-einsatzprotokolle");
        var (citizen, _) = await GetAsync(await app.ClientAsync("demo", "citizen"), "/daten/winterdienst-einsatzprotokolle");
        var (staff, page) = await GetAsync(await app.ClientAsync("demo", "staff"), "/daten/winterdienst-einsatzprotokolle");

        anonymous.ShouldBe(HttpStatusCode.NotFound);
        citizen.ShouldBe(HttpStatusCode.NotFound);
        staff.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("h1")!.TextContent.ShouldBe("Winterdienst – Einsatzprotokolle");
        page.QuerySelectorAll("a[href^='https://daten.musterstadt.example/']").Length.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Restricted_dataset_page_shows_metadata_but_no_download_address_without_access(DatabaseProvider db)
    {
        var app = await StartWithDemoAsync(fixture, db);
        const string Url = "/daten/kanalkataster-zustandsbewertung";

        var (status, page) = await GetAsync(app.AnonymousClient(), Url);
        var (_, stewardPage) = await GetAsync(await app.ClientAsync("demo", "data-steward"), Url);

        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("h1")!.TextContent.ShouldBe("Kanalkataster – Zustandsbewertung");
        page.QuerySelectorAll(".resource__title").Length.ShouldBe(2);
        page.DocumentElement.OuterHtml.ShouldNotContain("daten.musterstadt.example");
        page.QuerySelector("a[href='/daten/kanalkataster-zustandsbewertung/zugang']").ShouldNotBeNull().TextContent.ShouldBe("Zugang beantragen");
        stewardPage.QuerySelectorAll("a[href^='https://daten.musterstadt.example/tiefbau/kanal/']").Length.ShouldBe(2);
    }

    [Theory, DatabaseData]
    public async Task Public_dataset_page_shows_markdown_licence_attribution_api_snippets_quality_and_history(DatabaseProvider db)
    {
        var app = await StartWithDemoAsync(fixture, db);

        var (status, page) = await GetAsync(app.AnonymousClient(), "/daten/radzaehlstellen");

        status.ShouldBe(HttpStatusCode.OK);
        page.QuerySelectorAll(".markdown li code").Select(c => c.TextContent).ShouldContain("zaehlstelle");
        page.QuerySelector(".attribution")!.TextContent.ShouldBe("Namensnennung: Stadt Musterstadt");
        page.QuerySelector("a[href='http://dcat-ap.de/def/licenses/dl-by-de/2.0']").ShouldNotBeNull();
        var snippets = page.QuerySelectorAll(".snippet").Select(s => s.TextContent).ToList();
        snippets.ShouldContain(s => s.Contains("/api/3/action/package_show?id=radzaehlstellen", StringComparison.Ordinal));
        snippets.ShouldContain(s => s.Contains("/dataset/radzaehlstellen.ttl", StringComparison.Ordinal));
        page.QuerySelectorAll("a.button[href^='https://daten.musterstadt.example/tiefbau/radzaehlstellen/']").Length.ShouldBe(2);
        page.QuerySelector(".quality-score")!.TextContent.ShouldContain("von 100");
        page.QuerySelectorAll(".quality-dimension").Length.ShouldBe(5);
        page.QuerySelectorAll("#verlauf-titel + table tbody tr").Length.ShouldBe(1);
        page.QuerySelector("#vorschau").ShouldNotBeNull();
    }

    [Theory, DatabaseData]
    public async Task Organisation_pages_count_only_what_the_caller_may_see(DatabaseProvider db)
    {
        var app = await StartWithDemoAsync(fixture, db);
        var anonymous = app.AnonymousClient();
        var staff = await app.ClientAsync("demo", "staff");

        var (_, list) = await GetAsync(anonymous, "/organisationen");
        var (_, staffList) = await GetAsync(staff, "/organisationen");
        var (status, tiefbau) = await GetAsync(anonymous, "/organisationen/tiefbauamt");
        var (missing, _) = await GetAsync(anonymous, "/organisationen/gibt-es-nicht");

        static string Facts(IDocument page, string name) =>
            page.QuerySelectorAll(".tile").First(t => t.QuerySelector("a")!.GetAttribute("href") == "/organisationen/" + name).QuerySelector(".tile__facts")!.TextContent;
        list.QuerySelectorAll(".tile").Length.ShouldBe(DemoDatasets.Organizations.Count);
        Facts(list, "tiefbauamt").ShouldContain("5 Datensätze");
        Facts(list, "tiefbauamt").ShouldContain("durchschnittliche Metadatenqualität");
        Facts(staffList, "tiefbauamt").ShouldContain("6 Datensätze");
        status.ShouldBe(HttpStatusCode.OK);
        ResultLinks(tiefbau).Count.ShouldBe(5);
        ResultLinks(tiefbau).ShouldNotContain("/daten/winterdienst-einsatzprotokolle");
        missing.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, DatabaseData]
    public async Task Main_navigation_links_the_catalog_to_daten_and_the_old_placeholder_redirects(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = app.AnonymousClient();

        var (_, start) = await GetAsync(client, "/");
        using var placeholder = await client.GetAsync(new Uri("/angebote/catalog", UriKind.Relative), Ct);
        var (tenantStatus, tenantPage) = await GetAsync(client, "/t/demo/daten");

        start.QuerySelectorAll("nav.site-nav a").Select(a => a.GetAttribute("href")).ShouldContain("/daten");
        start.QuerySelectorAll("nav.site-nav a").Select(a => a.GetAttribute("href")).ShouldNotContain("/angebote/catalog");
        placeholder.StatusCode.ShouldBe(HttpStatusCode.MovedPermanently);
        placeholder.Headers.Location!.ToString().ShouldBe("/daten");
        tenantStatus.ShouldBe(HttpStatusCode.OK);
        tenantPage.QuerySelector("form#suche")!.GetAttribute("action").ShouldBe("/t/demo/daten");
    }
}
