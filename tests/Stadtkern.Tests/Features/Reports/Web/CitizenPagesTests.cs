using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Features.Reports.Media;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Reports.Web;

public sealed partial class CitizenPagesTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("href=\"(/meldungen/verfolgen/[^\"]+)\"")]
    private static partial Regex TrackingLink();

    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, Dictionary<string, string> fields, byte[]? photo = null)
    {
        var form = await client.GetStringAsync("/meldungen/neu", Ct);
        var token = AntiforgeryField().Match(form).Groups[1].Value;
        token.ShouldNotBeNullOrEmpty();
        using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (key, value) in fields)
        {
            content.Add(new StringContent(value), key);
        }

        if (photo is not null)
        {
            content.Add(new ByteArrayContent(photo), "Fotos", "foto.jpg");
        }

        return await client.PostAsync("/meldungen/neu", content, Ct);
    }

    [Theory, DatabaseData]
    public async Task A_citizen_reports_with_the_form_and_follows_the_tracking_link(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = app.AnonymousClient();

        var response = await SubmitAsync(client, new()
        {
            ["Beschreibung"] = "<script>alert(1)</script> Laterne aus",
            ["Breite"] = "47.66",
            ["Laenge"] = "9.17",
            ["Email"] = "geheim@example.org",
        }, TestImages.JpegWithGps());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await response.Content.ReadAsStringAsync(Ct);
        page.ShouldContain("Danke für Ihre Meldung");
        var link = TrackingLink().Match(page).Groups[1].Value;
        link.ShouldNotBeNullOrEmpty();

        var tracking = await client.GetStringAsync(link, Ct);
        tracking.ShouldContain("Eingegangen");
        tracking.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt; Laterne aus");
        tracking.ShouldNotContain("<script>alert(1)");
        tracking.ShouldNotContain("geheim@example.org");
        tracking.ShouldContain("Meldung eingegangen");
        tracking.ShouldNotContain("/meldungen/fotos/"); // the photo is not released yet

        var list = await client.GetStringAsync("/meldungen", Ct);
        list.ShouldContain("Laterne aus");
        list.ShouldNotContain("<script>alert(1)");
        list.ShouldNotContain("geheim@example.org");

        await using var scope = await app.TenantScopeAsync();
        var dbx = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        var report = await dbx.Set<Report>().SingleAsync(Ct);
        report.Source.ShouldBe("web");
        report.Email.ShouldBe("geheim@example.org");
        (await dbx.Set<ReportMedia>().CountAsync(Ct)).ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Missing_place_shows_german_errors_and_the_honeypot_stores_nothing(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = app.AnonymousClient();

        var noPlace = await SubmitAsync(client, new() { ["Beschreibung"] = "Müll" });
        var bot = await SubmitAsync(client, new() { ["Beschreibung"] = "Billige Uhren", ["Adresse"] = "x", ["Webseite"] = "http://spam.example" });
        var noToken = await client.PostAsync("/meldungen/neu", new FormUrlEncodedContent([new("Beschreibung", "x"), new("Adresse", "y")]), Ct);

        (await noPlace.Content.ReadAsStringAsync(Ct)).ShouldContain("Bitte setzen Sie einen Punkt auf der Karte");
        bot.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        noToken.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await using var scope = await app.TenantScopeAsync();
        (await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<Report>().CountAsync(Ct)).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task Too_many_reports_from_one_address_are_429(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var limited = app.WithWebHostBuilder(b => b.UseSetting("Reports:SubmitPermitLimit", "2"));
        var client = limited.CreateClient();
        var key = await app.CreateTokenAsync("demo", "app");
        var fields = Open311.Open311Client.Pothole(key);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await Open311.Open311Client.PostFormAsync(client, "/open311/v2/requests.json", fields, Ct)).StatusCode);
        }

        var formPost = await SubmitAsync(client, new() { ["Beschreibung"] = "x", ["Adresse"] = "y" });

        statuses.ShouldBe([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests]);
        formPost.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await client.GetAsync("/open311/v2/services.json", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK); // reading is not limited
    }
}
