using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;
using Stadtkern.Tests.Infrastructure;
using static Stadtkern.Tests.Features.Reports.Open311.Open311Client;

namespace Stadtkern.Tests.Features.Reports.Open311;

public sealed class Open311RequestsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Stores reports directly, with chosen times and states (what staff and history would have produced).</summary>
    private static async Task<List<long>> SeedAsync(StadtkernFactory app)
    {
        await using var scope = await app.TenantScopeAsync();
        var db = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        var services = await db.Set<ReportService>().ToDictionaryAsync(s => s.Code, s => s.Id, Ct);
        var tiefbau = await db.Departments.Where(d => d.Key == "tiefbau").Select(d => d.Id).SingleAsync(Ct);
        var now = DateTimeOffset.UtcNow;
        var rows = new (string Code, string Status, int DaysAgo)[]
        {
            ("strassenschaden", ReportStatus.Open, 1),
            ("strassenschaden", ReportStatus.InProgress, 10),
            ("beleuchtung", ReportStatus.Closed, 20),
            ("wilder-muell", ReportStatus.Open, 30),
            ("baum", ReportStatus.Closed, 120), // outside the default 90-day window
        };
        var reports = rows.Select((r, i) => new Report
        {
            ServiceId = services[r.Code],
            Token = "tok-" + i,
            Status = r.Status,
            StatusNotes = r.Status == ReportStatus.Closed ? "Erledigt." : null,
            Description = $"Meldung {i}",
            Lat = 47.66,
            Lon = 9.17,
            Email = "privat@example.org",
            DepartmentId = tiefbau,
            RequestedAt = Trim(now.AddDays(-r.DaysAgo)),
            UpdatedAt = Trim(now.AddDays(-r.DaysAgo).AddHours(1)),
            ExpectedAt = r.Status == ReportStatus.InProgress ? Trim(now.AddDays(3)) : null,
            ClosedAt = r.Status == ReportStatus.Closed ? Trim(now.AddDays(-r.DaysAgo).AddHours(1)) : null,
            Source = ReportSources.Web,
        }).ToList();
        db.AddRange(reports);
        await db.SaveChangesAsync(Ct);
        return [.. reports.Select(r => r.Id)];
    }

    private static DateTimeOffset Trim(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static async Task<List<long>> IdsAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/open311/v2/requests.json" + query, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, query);
        return [.. (await JsonAsync(response, Ct)).EnumerateArray().Select(r => r.GetProperty("service_request_id").GetInt64())];
    }

    [Theory, DatabaseData]
    public async Task The_filters_of_the_spec_and_paging_select_requests(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var ids = await SeedAsync(app);
        var client = app.AnonymousClient();
        var today = DateTimeOffset.UtcNow;
        string Iso(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));

        (await IdsAsync(client, "")).ShouldBe([ids[0], ids[1], ids[2], ids[3]]); // newest first, last 90 days
        (await IdsAsync(client, $"?service_request_id={ids[4]},{ids[0]}")).ShouldBe([ids[0], ids[4]]); // ids ignore the window
        (await IdsAsync(client, "?service_code=strassenschaden,beleuchtung")).ShouldBe([ids[0], ids[1], ids[2]]);
        (await IdsAsync(client, "?status=open")).ShouldBe([ids[0], ids[1], ids[3]]); // in progress is open for Open311
        (await IdsAsync(client, "?status=closed")).ShouldBe([ids[2]]);
        (await IdsAsync(client, $"?start_date={Iso(today.AddDays(-200))}&status=closed")).ShouldBe([ids[2], ids[4]]);
        (await IdsAsync(client, $"?start_date={Iso(today.AddDays(-25))}&end_date={Iso(today.AddDays(-5))}")).ShouldBe([ids[1], ids[2]]);
        (await IdsAsync(client, $"?end_date={Iso(today.AddDays(-15))}")).ShouldBe([ids[2], ids[3]]); // 90 days before end_date
        (await IdsAsync(client, "?page_size=2")).ShouldBe([ids[0], ids[1]]);
        (await IdsAsync(client, "?page_size=2&page=2")).ShouldBe([ids[2], ids[3]]);
        (await IdsAsync(client, "?page_size=2&page=3")).ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task Requests_show_status_notes_expected_date_and_agency_but_no_personal_data(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var ids = await SeedAsync(app);
        var client = app.AnonymousClient();

        var json = await client.GetAsync($"/open311/v2/requests.json?service_request_id={ids[1]},{ids[2]}", Ct);
        var xml = await client.GetAsync($"/open311/v2/requests.xml?service_request_id={ids[1]},{ids[2]}", Ct);

        var text = await json.Content.ReadAsStringAsync(Ct) + await xml.Content.ReadAsStringAsync(Ct);
        text.ShouldNotContain("privat@example.org");
        var requests = await JsonAsync(json, Ct);
        requests[0].Str("expected_datetime").ShouldNotBeNull();
        requests[1].Str("status").ShouldBe("closed");
        requests[1].Str("status_notes").ShouldBe("Erledigt.");
        requests[1].Str("agency_responsible").ShouldBe("Tiefbauamt");
        var document = await XmlAsync(xml, Ct);
        document.Root!.Name.LocalName.ShouldBe("service_requests");
        var request = document.Root.Elements("request").First();
        request.Elements().Select(e => e.Name.LocalName).ShouldBe(
        [
            "service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible",
            "service_notice", "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat",
            "long", "media_url",
        ]);
        request.Element("status")!.Value.ShouldBe("open");
    }

    [Theory, DatabaseData]
    public async Task Bad_query_parameters_are_400_with_the_error_list(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = app.AnonymousClient();

        foreach (var query in new[]
        {
            "?start_date=gestern", "?end_date=2026-13-45", "?start_date=2026-05-02T00:00:00Z&end_date=2026-05-01T00:00:00Z",
            "?status=erledigt", "?page=0", "?page_size=1001", "?page_size=abc", "?service_request_id=abc",
        })
        {
            var json = await client.GetAsync("/open311/v2/requests.json" + query, Ct);
            json.StatusCode.ShouldBe(HttpStatusCode.BadRequest, query);
            (await JsonAsync(json, Ct))[0].GetProperty("code").GetInt32().ShouldBe(400);
            var xml = await client.GetAsync("/open311/v2/requests.xml" + query, Ct);
            xml.StatusCode.ShouldBe(HttpStatusCode.BadRequest, query);
            (await XmlAsync(xml, Ct)).Root!.Name.LocalName.ShouldBe("errors");
        }
    }

    [Theory, DatabaseData]
    public async Task Unknown_request_ids_and_tokens_are_404_in_both_formats(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var ids = await SeedAsync(app);
        var client = app.AnonymousClient();

        (await client.GetAsync("/open311/v2/requests/999999.json", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/open311/v2/requests/abc.xml", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await XmlAsync(await client.GetAsync("/open311/v2/tokens/unbekannt.xml", Ct), Ct)).Root!.Element("error")!.Element("code")!.Value.ShouldBe("404");
        var token = await XmlAsync(await client.GetAsync("/open311/v2/tokens/tok-2.xml", Ct), Ct);
        token.Root!.Name.LocalName.ShouldBe("service_requests");
        token.Root.Element("request")!.Element("service_request_id")!.Value.ShouldBe(ids[2].ToString(System.Globalization.CultureInfo.InvariantCulture));
        token.Root.Element("request")!.Element("token")!.Value.ShouldBe("tok-2");
        var single = await XmlAsync(await client.GetAsync($"/open311/v2/requests/{ids[0]}.xml", Ct), Ct);
        single.Root!.Elements("request").Single().Element("description")!.Value.ShouldBe("Meldung 0");
    }

    [Theory, DatabaseData]
    public async Task Another_tenant_sees_only_its_own_requests(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await SeedAsync(app);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var dbx = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
            dbx.Tenants.Add(new Tenant
            {
                Id = Guid.CreateVersion7(),
                Slug = "konstanz",
                Name = "Konstanz",
                Ars = "083350043043",
                Ags = "08335043",
                Modules = [Module.Reports],
                CreatedAt = DateTimeOffset.UtcNow,
                UpdatedAt = DateTimeOffset.UtcNow,
            });
            await dbx.SaveChangesAsync(Ct);
        }

        var client = app.AnonymousClient();
        (await IdsAsync(client, "?jurisdiction_id=konstanz")).ShouldBeEmpty(); // a regional root naming another tenant
        (await client.GetAsync("/t/konstanz/open311/v2/requests.json", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await JsonAsync(await client.GetAsync("/t/konstanz/open311/v2/services.json", Ct), Ct)).GetArrayLength().ShouldBe(0);
        (await IdsAsync(client, "?jurisdiction_id=demo")).Count.ShouldBe(4);
        var key = await app.CreateTokenAsync("demo", "app");
        var foreignKey = await PostFormAsync(client, "/t/konstanz/open311/v2/requests.json",
            Fields(("api_key", key), ("service_code", "x"), ("lat", "47.6"), ("long", "9.1")), Ct);
        foreignKey.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
