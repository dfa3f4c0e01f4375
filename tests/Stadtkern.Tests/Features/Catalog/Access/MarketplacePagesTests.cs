using System.Net;
using System.Net.Http.Json;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Catalog.Access;

/// <summary>The German pages: asking, deciding, following one's requests.</summary>
public sealed class MarketplacePagesTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task A_person_asks_on_the_page_a_steward_approves_on_the_desk_and_the_person_sees_the_outcome(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await Marketplace.DatasetAsync(app, "leitungsnetz");
        await Marketplace.UserAsync(app, "forscherin@uni.example");
        await Marketplace.UserAsync(app, "steward@musterstadt.example", Roles.DataSteward);

        var anonymous = await app.AnonymousClient().GetAsync("/daten/leitungsnetz/zugang", Ct);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        anonymous.Headers.Location!.ToString().ShouldContain("/anmelden");

        var person = await Marketplace.SignInAsync(app, "forscherin@uni.example");
        var form = await person.GetStringAsync("/daten/leitungsnetz/zugang", Ct);
        form.ShouldContain("<textarea id=\"zweck\" name=\"Purpose\"");
        var tooShort = await person.PostAsync("/daten/leitungsnetz/zugang", Form(form, ("Purpose", "kurz")), Ct);
        tooShort.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooShort.Content.ReadAsStringAsync(Ct)).ShouldContain("mindestens 10 Zeichen");
        var sent = await person.PostAsync("/daten/leitungsnetz/zugang", Form(form, ("Purpose", "Masterarbeit zur Netzauslastung"), ("Organization", "Universität")), Ct);
        sent.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await sent.Content.ReadAsStringAsync(Ct)).ShouldContain("Ihr Antrag ist eingegangen");

        (await person.GetAsync("/verwaltung/katalog/zugriffe", Ct)).StatusCode.ShouldNotBe(HttpStatusCode.OK);
        var steward = await Marketplace.SignInAsync(app, "steward@musterstadt.example");
        var desk = await steward.GetStringAsync("/verwaltung/katalog/zugriffe", Ct);
        desk.ShouldContain("Masterarbeit zur Netzauslastung");
        desk.ShouldContain("forscherin@uni.example");
        var requestId = (await person.GetFromJsonAsync<RequestDto[]>("/api/catalog/access-requests/mine", Ct))!.ShouldHaveSingleItem().Id;
        var until = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10));
        var approved = await steward.PostAsync("/verwaltung/katalog/zugriffe?handler=Approve",
            Form(desk, ("id", requestId.ToString()), ("conditions", "Keine Weitergabe"), ("expires", until.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))), Ct);
        approved.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await approved.Content.ReadAsStringAsync(Ct)).ShouldContain("Der Antrag ist genehmigt");

        (await steward.GetStringAsync("/verwaltung/katalog/zugriffe?ansicht=freigaben", Ct)).ShouldContain("Keine Weitergabe");
        (await steward.GetStringAsync("/verwaltung/katalog/zugriffe?ansicht=protokoll&ergebnis=verweigert", Ct)).ShouldContain("Keine Einträge");
        var mine = await person.GetStringAsync("/konto/antraege", Ct);
        mine.ShouldContain("genehmigt");
        mine.ShouldContain("Keine Weitergabe");
        (await app.AnonymousClient().GetAsync("/konto/antraege", Ct)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Theory, DatabaseData]
    public async Task A_wrong_decision_on_the_desk_is_shown_next_to_the_field(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await Marketplace.DatasetAsync(app, "leitungsnetz");
        await Marketplace.UserAsync(app, "a@example.org");
        await Marketplace.UserAsync(app, "steward@musterstadt.example", Roles.DataSteward);
        var person = await Marketplace.SignInAsync(app, "a@example.org");
        var request = await (await person.PostAsJsonAsync("/api/catalog/datasets/leitungsnetz/access-requests", new { purpose = "Auswertung für den Bürgerverein" }, Ct))
            .Content.ReadFromJsonAsync<RequestDto>(Ct);
        var steward = await Marketplace.SignInAsync(app, "steward@musterstadt.example");
        var desk = await steward.GetStringAsync("/verwaltung/katalog/zugriffe", Ct);

        var rejected = await steward.PostAsync("/verwaltung/katalog/zugriffe?handler=Reject", Form(desk, ("id", request!.Id.ToString()), ("note", "")), Ct);
        var granted = await steward.PostAsync("/verwaltung/katalog/zugriffe?handler=Grant", Form(desk, ("dataset", "gibtsnicht"), ("granteeKind", "user"), ("grantee", "a@example.org")), Ct);

        rejected.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await rejected.Content.ReadAsStringAsync(Ct)).ShouldContain("Bitte begründen Sie die Ablehnung.");
        granted.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await granted.Content.ReadAsStringAsync(Ct)).ShouldContain("Keinen Datensatz mit diesem Namen gefunden.");
    }

    private static FormUrlEncodedContent Form(string page, params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))
            .Append(new KeyValuePair<string, string>("__RequestVerificationToken", Marketplace.Antiforgery(page))));
}
