using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Catalog.Demo;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Catalog.Portal;

/// <summary>The stewards' editor over HTTP: who may use it, field messages from the store, the DCAT checklist, and saving.</summary>
public sealed class DatasetEditorTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<StadtkernFactory> StartWithDemoAsync(AppFixture fixture, DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var scope = await app.TenantScopeAsync();
        await scope.ServiceProvider.GetRequiredService<SeedDemoCatalog>().SeedAsync(Ct);
        return app;
    }

    private static async Task<IDocument> ParseAsync(HttpResponseMessage response) =>
        await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(response.Content.ReadAsStream(Ct)), Ct);

    /// <summary>GETs the editor, then posts its own form fields (antiforgery token included) with the given changes.</summary>
    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string url, IReadOnlyDictionary<string, string> changes, string? handler = null)
    {
        using var get = await client.GetAsync(new Uri(url, UriKind.Relative), Ct);
        get.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await ParseAsync(get);
        var form = page.QuerySelector("form.form").ShouldNotBeNull();
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.QuerySelectorAll("input[name], textarea[name], select[name]"))
        {
            var name = element.GetAttribute("name")!;
            if (changes.ContainsKey(name))
            {
                continue;
            }

            var type = element.GetAttribute("type");
            if ((type is "checkbox" or "radio") && !element.HasAttribute("checked"))
            {
                continue;
            }

            var value = element.TagName switch
            {
                "TEXTAREA" => element.TextContent,
                "SELECT" => element.QuerySelector("option[selected]")?.GetAttribute("value") ?? "",
                _ => element.GetAttribute("value") ?? "",
            };
            fields.Add(KeyValuePair.Create(name, value));
        }

        foreach (var (name, value) in changes)
        {
            foreach (var part in value.Split('|'))
            {
                fields.Add(KeyValuePair.Create(name, part));
            }
        }

        using var content = new FormUrlEncodedContent(fields);
        var target = handler is null ? url : url + "?handler=" + handler;
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = content };
        request.Headers.Accept.ParseAdd("text/html");
        return await client.SendAsync(request, Ct);
    }

    private static Dictionary<string, string> ValidNew(string name) => new()
    {
        ["Form.Name"] = name,
        ["Form.Title"] = "Sitzbänke im Stadtgebiet",
        ["Form.Notes"] = "Alle öffentlichen **Sitzbänke** mit Standort, Material und Zustand; gepflegt vom Amt für Grünflächen und Umwelt.",
        ["Form.Organization"] = "gruenflaechen-umwelt",
        ["Form.Access"] = "public",
        ["Form.Themes"] = "ENVI|REGI",
        ["Form.Tags"] = "Sitzbank, Stadtmobiliar",
        ["Form.LicenseId"] = "dl-by-de/2.0",
        ["Form.LicenseAttribution"] = "Stadt Musterstadt",
        ["Form.ContactEmail"] = "gruen@musterstadt.example",
        ["Form.Frequency"] = "ANNUAL",
        ["Form.Resources[0].Name"] = "Sitzbänke (CSV)",
        ["Form.Resources[0].Url"] = "https://daten.musterstadt.example/gruen/sitzbaenke.csv",
        ["Form.Resources[0].Format"] = "CSV",
        ["Form.Resources[0].Size"] = "12345",
    };

    [Theory, DatabaseData]
    public async Task Editor_is_for_stewards_only(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);

        using var anonymous = await app.AnonymousClient().GetAsync(new Uri("/daten/neu", UriKind.Relative), Ct);
        using var staff = await (await app.ClientAsync("demo", "staff")).GetAsync(new Uri("/daten/neu", UriKind.Relative), Ct);
        using var steward = await (await app.ClientAsync("demo", "data-steward")).GetAsync(new Uri("/daten/neu", UriKind.Relative), Ct);
        using var admin = await (await app.ClientAsync("demo", "admin")).GetAsync(new Uri("/daten/neu", UriKind.Relative), Ct);

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Found);
        anonymous.Headers.Location!.ToString().ShouldStartWith("http://localhost/anmelden?ReturnUrl=");
        staff.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        steward.StatusCode.ShouldBe(HttpStatusCode.OK);
        admin.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory, DatabaseData]
    public async Task A_post_without_antiforgery_token_is_rejected(DatabaseProvider db)
    {
        var app = await StartWithDemoAsync(fixture, db);
        var client = await app.ClientAsync("demo", "data-steward");

        using var content = new FormUrlEncodedContent(ValidNew("ohne-token"));
        using var response = await client.PostAsync(new Uri("/daten/neu", UriKind.Relative), content, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await using var scope = await app.TenantScopeAsync();
        (await scope.ServiceProvider.GetRequiredService<DatasetStore>().FindAsync("ohne-token", Ct)).ShouldBeNull();
    }

    [Theory, DatabaseData]
    public async Task Invalid_input_is_rejected_with_a_message_at_each_field(DatabaseProvider db)
    {
        var app = await StartWithDemoAsync(fixture, db);
        var client = await app.ClientAsync("demo", "data-steward");
        var input = ValidNew("Kein Gültiger Name");
        input["Form.Title"] = "";
        input["Form.ContactEmail"] = "keine-adresse";
        input["Form.LicenseId"] = "";
        input["Form.SpatialGeoJson"] = """{"type":"Point","coordinates":[200,1]}""";
        input["Form.TemporalStart"] = "2025-02-30";
        input["Form.Resources[0].Url"] = "javascript:alert(1)";

        using var response = await SubmitAsync(client, "/daten/neu", input);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var page = await ParseAsync(response);
        foreach (var field in new[] { "name", "title", "maintainer_email", "spatial", "temporal_start", "resources-0-url", "license_id" })
        {
            page.QuerySelector("#fehler-" + field).ShouldNotBeNull(field).TextContent.ShouldNotBeEmpty(field);
            var control = page.QuerySelector("#" + field).ShouldNotBeNull(field);
            if (control.TagName is "INPUT" or "SELECT" or "TEXTAREA")
            {
                control.GetAttribute("aria-invalid").ShouldBe("true", field);
                control.GetAttribute("aria-describedby")!.ShouldContain("fehler-" + field, Case.Sensitive, field);
            }
        }

        page.QuerySelector(".alert--error a[href='#name']").ShouldNotBeNull();
        page.QuerySelector("#title")!.GetAttribute("value").ShouldBeNull();
        page.QuerySelector("#maintainer_email")!.GetAttribute("value").ShouldBe("keine-adresse");
    }

    [Theory, DatabaseData]
    public async Task A_public_dataset_without_licence_contact_and_theme_is_not_published_but_an_internal_one_is_saved(DatabaseProvider db)
    {
        var app = await StartWithDemoAsync(fixture, db);
        var client = await app.ClientAsync("demo", "data-steward");
        var incomplete = ValidNew("unvollstaendig");
        incomplete["Form.LicenseId"] = "";
        incomplete["Form.ContactEmail"] = "";
        incomplete["Form.Themes"] = "";
        incomplete["Form.Resources[0].Format"] = "";

        using var rejected = await SubmitAsync(client, "/daten/neu", incomplete);
        incomplete["Form.Access"] = "internal";
        using var saved = await SubmitAsync(client, "/daten/neu", incomplete);

        rejected.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var page = await ParseAsync(rejected);
        page.QuerySelectorAll(".readiness .check--missing").Select(li => li.TextContent).ShouldContain(t => t.Contains("Lizenz", StringComparison.Ordinal));
        page.QuerySelectorAll(".readiness .check--missing").Select(li => li.TextContent).ShouldContain(t => t.Contains("Kontaktstelle", StringComparison.Ordinal));
        page.QuerySelectorAll(".readiness .check--missing").Select(li => li.TextContent).ShouldContain(t => t.Contains("Thema", StringComparison.Ordinal));
        page.QuerySelector("#fehler-license_id").ShouldNotBeNull();
        page.QuerySelector("#fehler-theme").ShouldNotBeNull();
        page.QuerySelector("#fehler-resources").ShouldNotBeNull();
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var scope = await app.TenantScopeAsync();
        (await scope.ServiceProvider.GetRequiredService<DatasetStore>().FindAsync("unvollstaendig", Ct)).ShouldNotBeNull().Access.ShouldBe(AccessLevel.Internal);
    }

    [Theory, DatabaseData]
    public async Task Check_shows_the_checklist_and_score_without_saving(DatabaseProvider db)
    {
        var app = await StartWithDemoAsync(fixture, db);
        var client = await app.ClientAsync("demo", "data-steward");

        using var response = await SubmitAsync(client, "/daten/neu", ValidNew("nur-pruefen"), handler: "Check");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await ParseAsync(response);
        page.QuerySelector(".alert--success").ShouldNotBeNull();
        page.QuerySelectorAll(".readiness .check--missing").ShouldBeEmpty();
        page.QuerySelector(".readiness")!.TextContent.ShouldContain("von 100");
        await using var scope = await app.TenantScopeAsync();
        (await scope.ServiceProvider.GetRequiredService<DatasetStore>().FindAsync("nur-pruefen", Ct)).ShouldBeNull();
    }

    [Theory, DatabaseData]
    public async Task A_created_dataset_is_found_on_daten_at_once(DatabaseProvider db)
    {
        var app = await StartWithDemoAsync(fixture, db);
        var client = await app.ClientAsync("demo", "data-steward");

        using var response = await SubmitAsync(client, "/daten/neu", ValidNew("sitzbaenke"));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/daten/sitzbaenke?gespeichert=true");
        using var search = await app.AnonymousClient().GetAsync(new Uri("/daten?q=Sitzb%C3%A4nke", UriKind.Relative), Ct);
        var results = await ParseAsync(search);
        results.QuerySelectorAll(".result__title a").Select(a => a.GetAttribute("href")).ShouldBe(["/daten/sitzbaenke"]);
        using var datasetPage = await app.AnonymousClient().GetAsync(new Uri("/daten/sitzbaenke", UriKind.Relative), Ct);
        var dataset = await ParseAsync(datasetPage);
        dataset.QuerySelector(".markdown strong")!.TextContent.ShouldBe("Sitzbänke");
        dataset.QuerySelectorAll(".chip").Select(c => c.TextContent).ShouldContain("Umwelt");
    }

    [Theory, DatabaseData]
    public async Task Editing_keeps_what_was_not_changed_and_removes_a_ticked_resource(DatabaseProvider db)
    {
        var app = await StartWithDemoAsync(fixture, db);
        var client = await app.ClientAsync("demo", "admin");
        await using var before = await app.TenantScopeAsync();
        var original = (await before.ServiceProvider.GetRequiredService<DatasetStore>().FindAsync("radzaehlstellen", Ct)).ShouldNotBeNull();

        using var response = await SubmitAsync(client, "/daten/radzaehlstellen/bearbeiten", new Dictionary<string, string>
        {
            ["Form.Title"] = "Radzählstellen (Tageswerte)",
            ["Form.Resources[1].Remove"] = "true",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var after = await app.TenantScopeAsync();
        var changed = (await after.ServiceProvider.GetRequiredService<DatasetStore>().FindAsync("radzaehlstellen", Ct)).ShouldNotBeNull();
        changed.Title.ShouldBe("Radzählstellen (Tageswerte)");
        changed.Version.ShouldBe(original.Version + 1);
        changed.Resources.Select(r => r.Id).ShouldBe([original.Resources[0].Id]);
        changed.Notes.ShouldBe(original.Notes);
        changed.Tags.ShouldBe(original.Tags);
        changed.Themes.ShouldBe(original.Themes);
        changed.SpatialGeoJson.ShouldBe(original.SpatialGeoJson);
        changed.Issued.ShouldBe(original.Issued);
        changed.Extras.Count.ShouldBe(original.Extras.Count);
        (await after.ServiceProvider.GetRequiredService<DatasetStore>().GroupsOfAsync(changed.Id, Ct)).Select(g => g.Name).ShouldBe(["klima", "mobilitaet"]);
    }
}
