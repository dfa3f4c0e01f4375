using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Features.Reports.Open311;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Reports.Web;

/// <summary>The web form asks the chosen category's Open311 attributes, validates and stores them like Open311 POST, and staff see them.</summary>
public sealed partial class FormAttributesTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, IEnumerable<(string Key, string Value)> fields, string handler = "")
    {
        var form = await client.GetStringAsync("/meldungen/neu", Ct);
        var token = AntiforgeryField().Match(form).Groups[1].Value;
        token.ShouldNotBeNullOrEmpty();
        using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (key, value) in fields)
        {
            content.Add(new StringContent(value), key);
        }

        return await client.PostAsync("/meldungen/neu" + handler, content, Ct);
    }

    private static async Task<List<Report>> ReportsAsync(StadtkernFactory app)
    {
        await using var scope = await app.TenantScopeAsync();
        return await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<Report>().AsNoTracking().OrderBy(r => r.Id).ToListAsync(Ct);
    }

    /// <summary>The stored answers by code in code order (PostgreSQL's jsonb reformats and reorders the text, so compare values),
    /// lists as [a|b].</summary>
    private static Dictionary<string, string> Answers(Report report) =>
        System.Text.Json.JsonDocument.Parse(report.Attributes.ShouldNotBeNull()).RootElement.EnumerateObject()
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToDictionary(
                p => p.Name,
                p => p.Value.ValueKind == System.Text.Json.JsonValueKind.Array
                    ? "[" + string.Join("|", p.Value.EnumerateArray().Select(v => v.GetString())) + "]"
                    : p.Value.GetString()!,
                StringComparer.Ordinal);

    [Theory, DatabaseData]
    public async Task The_form_shows_the_questions_of_the_chosen_category_with_htmx_and_without_javascript(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = app.AnonymousClient();

        var empty = await client.GetStringAsync("/meldungen/neu", Ct);
        var fragment = await client.GetStringAsync("/meldungen/neu?handler=Angaben&Kategorie=wilder-muell", Ct);
        var unknown = await client.GetStringAsync("/meldungen/neu?handler=Angaben&Kategorie=gibt-es-nicht", Ct);
        var linked = await client.GetStringAsync("/meldungen/neu?Kategorie=beleuchtung", Ct);
        var noScript = await SubmitAsync(client, [("Kategorie", "strassenschaden"), ("Beschreibung", "Loch <b>tief</b>")], "?handler=Angaben");

        empty.ShouldContain("hx-get=\"/meldungen/neu?handler=Angaben\"");
        empty.ShouldContain("<div id=\"angaben\" aria-live=\"polite\">");
        empty.ShouldNotContain("attribute[");
        fragment.ShouldStartWith("<div id=\"angaben\"");
        fragment.ShouldNotContain("<html");
        fragment.ShouldContain("Fragen zur Kategorie „Wilder Müll“");
        fragment.ShouldContain("<legend>Was liegt dort? * (mehrere Antworten möglich)</legend>");
        fragment.ShouldContain("type=\"checkbox\" id=\"angabe-art-0\" name=\"attribute[art][]\" value=\"sperrmuell\"");
        fragment.ShouldContain("<label for=\"angabe-art-2\">Elektrogeräte</label>");
        fragment.ShouldContain("<label for=\"angabe-menge\">Ungefähre Menge in Kubikmetern</label>");
        fragment.ShouldContain("id=\"angabe-menge\" name=\"attribute[menge]\" type=\"number\"");
        unknown.ShouldNotContain("attribute[");
        linked.ShouldContain("name=\"attribute[mastnummer]\" type=\"text\"");
        linked.ShouldContain("name=\"attribute[seit]\" type=\"datetime-local\"");
        noScript.StatusCode.ShouldBe(HttpStatusCode.OK);
        var again = await noScript.Content.ReadAsStringAsync(Ct);
        again.ShouldContain("type=\"radio\" id=\"angabe-groesse-0\" name=\"attribute[groesse]\" value=\"klein\" required=\"required\"");
        again.ShouldContain("Loch &lt;b&gt;tief&lt;/b&gt;"); // what was typed is kept (escaped)
        again.ShouldNotContain("error-summary");
        (await ReportsAsync(app)).ShouldBeEmpty(); // showing the questions stores nothing
    }

    [Theory, DatabaseData]
    public async Task Missing_or_bad_answers_are_refused_in_German_with_the_answers_kept(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = app.AnonymousClient();

        var missing = await SubmitAsync(client, [("Kategorie", "strassenschaden"), ("Adresse", "Marktstätte 1")]);
        var badNumber = await SubmitAsync(client, [("Kategorie", "wilder-muell"), ("Adresse", "Hafen"), ("attribute[art][]", "hausmuell"), ("attribute[menge]", "viel")]);
        var badKey = await SubmitAsync(client, [("Kategorie", "wilder-muell"), ("Adresse", "Hafen"), ("attribute[art][]", "atommuell")]);
        var badTime = await SubmitAsync(client, [("Kategorie", "beleuchtung"), ("Adresse", "Hafen"), ("attribute[seit]", "gestern")]);

        var missingPage = await missing.Content.ReadAsStringAsync(Ct);
        missing.StatusCode.ShouldBe(HttpStatusCode.OK);
        missingPage.ShouldContain("<a href=\"#angabe-groesse\">Bitte beantworten Sie die Frage „Wie groß ist der Schaden?“.</a>");
        missingPage.ShouldContain("id=\"angabe-groesse-fehler\"");
        var badNumberPage = await badNumber.Content.ReadAsStringAsync(Ct);
        badNumberPage.ShouldContain("„Ungefähre Menge in Kubikmetern“: bitte eine Zahl angeben.");
        badNumberPage.ShouldContain("value=\"hausmuell\" checked=\"checked\""); // the answer is kept
        badNumberPage.ShouldContain("value=\"viel\"");
        (await badKey.Content.ReadAsStringAsync(Ct)).ShouldContain("„Was liegt dort?“: bitte nur Antworten aus der Liste wählen.");
        (await badTime.Content.ReadAsStringAsync(Ct)).ShouldContain("„Seit wann ist die Laterne aus?“: bitte Datum und Uhrzeit angeben.");
        (await ReportsAsync(app)).ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task Answers_of_every_datatype_are_stored_like_Open311_and_shown_to_staff(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = app.AnonymousClient();
        var key = await app.CreateTokenAsync("demo", "app");

        var muell = await SubmitAsync(client,
            [("Kategorie", "wilder-muell"), ("Adresse", "Hafen"), ("attribute[art][]", "sperrmuell"), ("attribute[art][]", "elektro"), ("attribute[menge]", "2.5")]);
        var laterne = await SubmitAsync(client,
            [("Kategorie", "beleuchtung"), ("Adresse", "Laube 3"), ("attribute[mastnummer]", "<script>alert(1)</script>"), ("attribute[seit]", "2026-07-20T21:30")]);
        var loch = await SubmitAsync(client, [("Kategorie", "strassenschaden"), ("Adresse", "Markt"), ("attribute[groesse]", "gross"), ("attribute[gefahr]", "ja")]);
        var baum = await SubmitAsync(client, [("Kategorie", "baum"), ("Adresse", "Stadtgarten"), ("attribute[hinweis]", "Ast hängt\nüber dem Weg")]);
        var viaOpen311 = await Open311Client.PostFormAsync(client, "/open311/v2/requests.json", Open311Client.Fields(
            ("api_key", key), ("service_code", "wilder-muell"), ("address_string", "Hafen"),
            ("attribute[art][]", "sperrmuell"), ("attribute[art][]", "elektro"), ("attribute[menge]", "2.5")), Ct);

        foreach (var response in new[] { muell, laterne, loch, baum })
        {
            (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("Danke für Ihre Meldung");
        }

        viaOpen311.StatusCode.ShouldBe(HttpStatusCode.Created);
        var stored = await ReportsAsync(app);
        stored.Count.ShouldBe(5);
        stored[0].Source.ShouldBe(ReportSources.Web);
        stored[0].Attributes.ShouldBe(stored[4].Attributes); // the same answers are stored the same way as Open311's
        Answers(stored[0]).ShouldBe(new Dictionary<string, string> { ["art"] = "[sperrmuell|elektro]", ["menge"] = "2.5" });
        // the browser's local time is summer time in the city: +02:00
        Answers(stored[1]).ShouldBe(new Dictionary<string, string> { ["mastnummer"] = "<script>alert(1)</script>", ["seit"] = "2026-07-20T21:30:00+02:00" });
        Answers(stored[2]).ShouldBe(new Dictionary<string, string> { ["gefahr"] = "ja", ["groesse"] = "gross" });
        Answers(stored[3]).ShouldBe(new Dictionary<string, string> { ["hinweis"] = "Ast hängt\nüber dem Weg" });

        var staff = await app.ClientAsync("demo", "staff");
        var muellPage = await staff.GetStringAsync($"/verwaltung/meldungen/{stored[0].Id}", Ct);
        muellPage.ShouldContain("<dt>Was liegt dort?</dt>");
        muellPage.ShouldContain("Sperrmüll, Elektrogeräte");
        muellPage.ShouldContain("<dt>Ungefähre Menge in Kubikmetern</dt>");
        var laternePage = await staff.GetStringAsync($"/verwaltung/meldungen/{stored[1].Id}", Ct);
        laternePage.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        laternePage.ShouldNotContain("<script>alert(1)");
        laternePage.ShouldContain("20.07.2026 21:30");
        (await staff.GetStringAsync($"/verwaltung/meldungen/{stored[2].Id}", Ct)).ShouldContain("größer als ein Meter");
    }
}
