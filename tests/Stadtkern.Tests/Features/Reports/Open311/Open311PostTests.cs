using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Features.Reports.Media;
using Stadtkern.Tests.Infrastructure;
using static Stadtkern.Tests.Features.Reports.Open311.Open311Client;

namespace Stadtkern.Tests.Features.Reports.Open311;

public sealed class Open311PostTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task A_form_post_creates_a_request_that_reads_back_without_personal_data(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var key = await app.CreateTokenAsync("demo", "app");
        var client = app.AnonymousClient();

        var response = await PostFormAsync(client, "/open311/v2/requests.json", Pothole(key), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = (await JsonAsync(response, Ct))[0];
        var id = created.GetProperty("service_request_id").GetInt64();
        created.Str("token").ShouldNotBeNullOrEmpty();
        response.Headers.Location!.ToString().ShouldBe($"/open311/v2/requests/{id}.json");

        var read = await client.GetAsync($"/open311/v2/requests/{id}.json", Ct);
        var text = await read.Content.ReadAsStringAsync(Ct);
        var request = (await JsonAsync(read, Ct))[0];
        request.GetProperty("service_request_id").GetInt64().ShouldBe(id);
        request.Str("status").ShouldBe("open");
        request.Str("service_code").ShouldBe("strassenschaden");
        request.Str("service_name").ShouldBe("Schlagloch oder Straßenschaden");
        request.Str("description").ShouldBe("Tiefes Schlagloch vor Hausnummer 12");
        request.Str("address").ShouldBe("Marktstätte 12, 78462 Konstanz");
        request.GetProperty("lat").GetDouble().ShouldBe(47.6633);
        request.GetProperty("long").GetDouble().ShouldBe(9.1753);
        request.Str("agency_responsible").ShouldBe("Tiefbauamt"); // no trained router: the category's department
        request.Str("media_url").ShouldBeNull();
        DateTimeOffset.Parse(request.Str("requested_datetime")!, System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        foreach (var personal in new[] { "buerger@example.org", "Erika", "Mustermann", "12345", "device-42" })
        {
            text.ShouldNotContain(personal);
        }

        await using var scope = await app.TenantScopeAsync();
        var stored = await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<Report>().SingleAsync(r => r.Id == id, Ct);
        stored.Email.ShouldBe("buerger@example.org");
        stored.Source.ShouldBe("open311");
        stored.RoutingMode.ShouldBe("service");
        stored.Attributes.ShouldNotBeNull().ShouldContain("mittel");
    }

    [Theory, DatabaseData]
    public async Task A_post_in_xml_answers_with_the_spec_element_names(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var key = await app.CreateTokenAsync("demo", "app");

        var response = await PostFormAsync(app.AnonymousClient(), "/t/demo/open311/v2/requests.xml", Pothole(key), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var xml = await XmlAsync(response, Ct);
        xml.Declaration!.Encoding.ShouldBe("utf-8", StringCompareShould.IgnoreCase);
        xml.Root!.Name.LocalName.ShouldBe("service_requests");
        var request = xml.Root.Element("request")!;
        request.Elements().Select(e => e.Name.LocalName).ShouldBe(["service_request_id", "token", "service_notice", "account_id"]);
        long.Parse(request.Element("service_request_id")!.Value, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
    }

    [Theory, DatabaseData]
    public async Task Posting_needs_an_app_token_of_the_jurisdiction(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = app.AnonymousClient();
        var citizen = await app.CreateTokenAsync("demo", "citizen");

        var missing = await PostFormAsync(client, "/open311/v2/requests.json", Pothole("").Where(f => f.Key != "api_key"), Ct);
        var wrong = await PostFormAsync(client, "/open311/v2/requests.json", Pothole("stk_not-a-token"), Ct);
        var wrongRole = await PostFormAsync(client, "/open311/v2/requests.json", Pothole(citizen), Ct);
        var bearer = await PostFormAsync(await app.ClientAsync("demo", "app"), "/open311/v2/requests.json", Pothole("").Where(f => f.Key != "api_key"), Ct);

        foreach (var response in new[] { missing, wrong, wrongRole })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await JsonAsync(response, Ct))[0].GetProperty("code").GetInt32().ShouldBe(403);
        }

        bearer.StatusCode.ShouldBe(HttpStatusCode.Created);
        await using var scope = await app.TenantScopeAsync();
        (await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<Report>().CountAsync(Ct)).ShouldBe(1);
    }

    private static readonly (string Name, string Field, string? Value, string Expected)[] BadInput =
    [
        ("no location", "lat", null, "location"),
        ("half a location", "long", null, "lat and long"),
        ("latitude out of range", "lat", "123.5", "lat"),
        ("latitude not a number", "lat", "47,66", "lat"),
        ("unknown service", "service_code", "gibtsnicht", "gibtsnicht"),
        ("no service", "service_code", null, "service_code"),
        ("missing required attribute", "attribute[groesse]", null, "attribute[groesse]"),
        ("value not in the list", "attribute[groesse]", "riesig", "attribute[groesse]"),
        ("bad e-mail", "email", "kein-at-zeichen", "email"),
        ("bad media_url", "media_url", "javascript:alert(1)", "media_url"),
    ];

    [Theory, DatabaseData]
    public async Task Bad_input_is_400_with_the_error_list_and_stores_nothing(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var key = await app.CreateTokenAsync("demo", "app");
        var client = app.AnonymousClient();

        foreach (var (name, field, value, expected) in BadInput)
        {
            var fields = Pothole(key).Where(f => f.Key != field && !(name == "no location" && f.Key is "long" or "address_string")).ToList();
            if (name == "half a location")
            {
                fields.RemoveAll(f => f.Key == "address_string");
            }

            if (value is not null)
            {
                fields.Add(new(field, value));
            }

            foreach (var suffix in new[] { "json", "xml" })
            {
                var response = await PostFormAsync(client, $"/open311/v2/requests.{suffix}", fields, Ct);
                response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, name);
                var description = suffix == "json"
                    ? (await JsonAsync(response, Ct))[0].Str("description")!
                    : (await XmlAsync(response, Ct)).Root!.Element("error")!.Element("description")!.Value;
                description.ShouldContain(expected, Case.Insensitive, name);
            }
        }

        await using var scope = await app.TenantScopeAsync();
        (await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<Report>().CountAsync(Ct)).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task Attributes_of_every_datatype_are_checked_and_stored(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var key = await app.CreateTokenAsync("demo", "app");
        var client = app.AnonymousClient();
        List<KeyValuePair<string, string>> Waste(params (string, string)[] attributes) =>
            [.. Fields(("api_key", key), ("service_code", "wilder-muell"), ("lat", "47.66"), ("long", "9.17"), ("description", "Sofa am Straßenrand")), .. Fields(attributes)];

        var multi = await PostFormAsync(client, "/open311/v2/requests.json", Waste(("attribute[art][]", "sperrmuell"), ("attribute[art][]", "elektro"), ("attribute[menge]", "1.5")), Ct);
        var badNumber = await PostFormAsync(client, "/open311/v2/requests.json", Waste(("attribute[art][]", "sperrmuell"), ("attribute[menge]", "viel")), Ct);
        var badKey = await PostFormAsync(client, "/open311/v2/requests.json", Waste(("attribute[art][]", "moebel")), Ct);
        var lamp = Fields(("api_key", key), ("service_code", "beleuchtung"), ("address_id", "DE-08335043-4711"), ("description", "Laterne aus"),
            ("attribute[mastnummer]", "L-17"), ("attribute[seit]", "2026-11-20T18:00:00+01:00"));
        var lampOk = await PostFormAsync(client, "/open311/v2/requests.json", lamp, Ct);
        var lampBadDate = await PostFormAsync(client, "/open311/v2/requests.json", [.. lamp.Where(f => f.Key != "attribute[seit]"), new("attribute[seit]", "gestern")], Ct);
        var tree = await PostFormAsync(client, "/open311/v2/requests.json",
            Fields(("api_key", key), ("service_code", "baum"), ("address_string", "Stadtgarten"), ("attribute[hinweis]", "Ast hängt herab")), Ct);

        multi.StatusCode.ShouldBe(HttpStatusCode.Created);
        badNumber.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        badKey.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        lampOk.StatusCode.ShouldBe(HttpStatusCode.Created);
        lampBadDate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        tree.StatusCode.ShouldBe(HttpStatusCode.Created); // a service chosen: the description may be empty

        await using var scope = await app.TenantScopeAsync();
        var reports = await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<Report>().OrderBy(r => r.Id).ToListAsync(Ct);
        reports.Count.ShouldBe(3);
        reports[0].Attributes.ShouldNotBeNull().ShouldContain("elektro");
        reports[0].Attributes!.ShouldContain("1.5");
        reports[1].Address.ShouldBe("DE-08335043-4711");
        reports[1].Lat.ShouldBeNull();
    }

    [Theory, DatabaseData]
    public async Task Script_in_text_is_stored_as_given_and_escaped_in_json_and_xml(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var key = await app.CreateTokenAsync("demo", "app");
        const string Script = "<script>alert('x')</script> & \"Loch\"";
        var client = app.AnonymousClient();

        var created = await PostFormAsync(client, "/open311/v2/requests.json", Pothole(key, Script), Ct);
        var id = (await JsonAsync(created, Ct))[0].GetProperty("service_request_id").GetInt64();

        var json = await client.GetAsync($"/open311/v2/requests/{id}.json", Ct);
        var jsonText = await json.Content.ReadAsStringAsync(Ct);
        jsonText.ShouldNotContain("<script>");
        (await JsonAsync(json, Ct))[0].Str("description").ShouldBe(Script);
        var xml = await client.GetAsync($"/open311/v2/requests/{id}.xml", Ct);
        var xmlText = await xml.Content.ReadAsStringAsync(Ct);
        xmlText.ShouldNotContain("<script>");
        xmlText.ShouldContain("&lt;script&gt;");
        (await XmlAsync(xml, Ct)).Root!.Element("request")!.Element("description")!.Value.ShouldBe(Script);
    }

    [Theory, DatabaseData]
    public async Task A_multipart_post_stores_the_photo_stripped_and_staff_only_until_released(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var key = await app.CreateTokenAsync("demo", "app");
        var client = app.AnonymousClient();
        var jpeg = TestImages.JpegWithGps();

        var response = await PostMultipartAsync(client, "/open311/v2/requests.json", Pothole(key), [("media", "IMG_0001.jpg", "image/jpeg", jpeg)], Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = (await JsonAsync(response, Ct))[0];
        created.Str("service_notice").ShouldBeNull();
        var id = created.GetProperty("service_request_id").GetInt64();
        (await JsonAsync(await client.GetAsync($"/open311/v2/requests/{id}.json", Ct), Ct))[0].Str("media_url").ShouldBeNull();

        Guid photoId;
        await using (var scope = await app.TenantScopeAsync())
        {
            var photo = await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<ReportMedia>().SingleAsync(m => m.ReportId == id, Ct);
            photo.Released.ShouldBeFalse();
            photo.ContentType.ShouldBe("image/jpeg");
            photo.Width.ShouldBe(TestImages.Width);
            photo.Height.ShouldBe(TestImages.Height);
            TestImages.ContainsGps(photo.Content).ShouldBeFalse();
            photoId = photo.Id;
        }

        (await client.GetAsync($"/meldungen/fotos/{photoId}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var staff = await app.ClientAsync("demo", "staff");
        var asStaff = await staff.GetAsync($"/meldungen/fotos/{photoId}", Ct);
        asStaff.StatusCode.ShouldBe(HttpStatusCode.OK);
        asStaff.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
        TestImages.ContainsGps(await asStaff.Content.ReadAsByteArrayAsync(Ct)).ShouldBeFalse();

        await using (var scope = await app.TenantScopeAsync())
        {
            var dbx = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
            var photo = await dbx.Set<ReportMedia>().SingleAsync(m => m.Id == photoId, Ct);
            photo.Released = true;
            await dbx.SaveChangesAsync(Ct);
        }

        var mediaUrl = (await JsonAsync(await client.GetAsync($"/open311/v2/requests/{id}.json", Ct), Ct))[0].Str("media_url");
        mediaUrl.ShouldBe($"http://localhost/meldungen/fotos/{photoId}");
        var released = await client.GetAsync(new Uri(mediaUrl!).PathAndQuery, Ct);
        released.StatusCode.ShouldBe(HttpStatusCode.OK);
        TestImages.ContainsGps(await released.Content.ReadAsByteArrayAsync(Ct)).ShouldBeFalse();
    }

    [Theory, DatabaseData]
    public async Task An_invalid_photo_is_rejected_with_a_notice_while_the_report_is_kept(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var key = await app.CreateTokenAsync("demo", "app");
        var client = app.AnonymousClient();
        var oversized = TestImages.JpegWithGps().Concat(new byte[(10 * 1024 * 1024) + 1]).ToArray();

        var notImage = await PostMultipartAsync(client, "/open311/v2/requests.json", Pothole(key, "Loch mit PDF"),
            [("media", "brief.pdf", "image/jpeg", "%PDF-1.7 kein Bild"u8.ToArray())], Ct);
        var tooBig = await PostMultipartAsync(client, "/open311/v2/requests.xml", Pothole(key, "Loch mit großem Foto"),
            [("media", "riesig.jpg", "image/jpeg", oversized)], Ct);

        notImage.StatusCode.ShouldBe(HttpStatusCode.Created);
        var first = (await JsonAsync(notImage, Ct))[0];
        first.Str("service_notice").ShouldNotBeNull().ShouldContain("nur JPEG-, PNG- und WebP-Bilder");
        tooBig.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await XmlAsync(tooBig, Ct)).Root!.Element("request")!.Element("service_notice")!.Value.ShouldContain("größer als 10 MB");

        var id = first.GetProperty("service_request_id").GetInt64();
        (await client.GetAsync($"/open311/v2/requests/{id}.json", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var scope = await app.TenantScopeAsync();
        var dbx = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        (await dbx.Set<Report>().CountAsync(Ct)).ShouldBe(2);
        (await dbx.Set<ReportMedia>().CountAsync(Ct)).ShouldBe(0);
        (await dbx.Set<ReportEvent>().Where(e => e.ReportId == id && e.Kind == "comment").Select(e => e.Text).SingleAsync(Ct))
            .ShouldNotBeNull().ShouldContain("brief.pdf");
    }

    [Theory, DatabaseData]
    public async Task A_media_url_is_stored_as_given_and_public_once_released(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var key = await app.CreateTokenAsync("demo", "app");
        var client = app.AnonymousClient();
        const string Url = "https://app.example.org/fotos/123.jpg?size=large";

        var response = await PostFormAsync(client, "/open311/v2/requests.json", [.. Pothole(key), new("media_url", Url)], Ct);
        var id = (await JsonAsync(response, Ct))[0].GetProperty("service_request_id").GetInt64();

        (await JsonAsync(await client.GetAsync($"/open311/v2/requests/{id}.json", Ct), Ct))[0].Str("media_url").ShouldBeNull();
        await using (var scope = await app.TenantScopeAsync())
        {
            var dbx = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
            var media = await dbx.Set<ReportMedia>().SingleAsync(m => m.ReportId == id, Ct);
            System.Text.Encoding.UTF8.GetString(media.Content).ShouldBe(Url);
            media.Released = true;
            await dbx.SaveChangesAsync(Ct);
        }

        (await JsonAsync(await client.GetAsync($"/open311/v2/requests/{id}.json", Ct), Ct))[0].Str("media_url").ShouldBe(Url);
    }

    [Theory, DatabaseData]
    public async Task Reports_survive_a_restart_of_the_service(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var key = await app.CreateTokenAsync("demo", "app");
        var created = await PostFormAsync(app.AnonymousClient(), "/open311/v2/requests.json", Pothole(key), Ct);
        var token = (await JsonAsync(created, Ct))[0].Str("token");

        await using var restarted = new StadtkernFactory(new TestDatabase(app.Provider, app.ConnectionString, () => Task.CompletedTask));
        var response = await restarted.AnonymousClient().GetAsync($"/open311/v2/tokens/{token}.json", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var id = (await JsonAsync(response, Ct))[0].GetProperty("service_request_id").GetInt64();
        var request = (await JsonAsync(await restarted.AnonymousClient().GetAsync($"/open311/v2/requests/{id}.json", Ct), Ct))[0];
        request.Str("description").ShouldBe("Tiefes Schlagloch vor Hausnummer 12");
    }
}
