using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Alerts;
using Stadtkern.Features.Alerts.Model;
using Stadtkern.Features.Alerts.Publishing;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Alerts;

public sealed class AlertsApiTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static StringContent Cap(string xml, string mediaType = "application/cap+xml") => new(xml, Encoding.UTF8, mediaType);

    private static DateTimeOffset Now => DateTimeOffset.UtcNow.AddSeconds(-5);

    [Theory, DatabaseData]
    public async Task Posting_valid_cap_publishes_it_with_its_url_and_a_schema_valid_cap_document(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var staff = await app.ClientAsync("demo", "staff");

        var response = await staff.PostAsync("/api/alerts", Cap(CapSamples.Alert("api-1", Now)), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        body.GetProperty("state").GetString().ShouldBe("active");
        var id = body.GetProperty("id").GetGuid();
        response.Headers.Location!.ToString().ShouldEndWith($"/alerts/{id}");
        body.GetProperty("capUrl").GetString().ShouldEndWith($"/alerts/{id}.cap.xml");

        var cap = await app.AnonymousClient().GetStringAsync($"/alerts/{id}.cap.xml", TestContext.Current.CancellationToken);
        CapSamples.Xmllint(cap).ShouldBeEmpty();
        cap.ShouldContain("<identifier>api-1</identifier>");

        var list = await app.AnonymousClient().GetFromJsonAsync<JsonElement>("/api/alerts", TestContext.Current.CancellationToken);
        list.GetProperty("active").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()).ShouldContain(id);
        var json = await app.AnonymousClient().GetFromJsonAsync<JsonElement>("/t/demo/alerts.json", TestContext.Current.CancellationToken);
        json.GetProperty("active")[0].GetProperty("geometry").GetProperty("type").GetString().ShouldBe("GeometryCollection");

        // The same message again changes nothing.
        var again = await staff.PostAsync("/api/alerts", Cap(CapSamples.Alert("api-1", Now)), TestContext.Current.CancellationToken);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory, DatabaseData]
    public async Task Cap_with_local_time_offsets_as_German_senders_write_them_is_published(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var staff = await app.ClientAsync("demo", "staff");
        var sent = Now;
        var utc = CapSamples.Time(sent);
        var local = sent.ToOffset(TimeSpan.FromHours(1)).ToString("yyyy-MM-dd'T'HH:mm:ss'+01:00'", System.Globalization.CultureInfo.InvariantCulture);
        var cap = CapSamples.Alert("api-local-time", sent).Replace(utc, local, StringComparison.Ordinal);
        cap.ShouldContain(local);

        var response = await staff.PostAsync("/api/alerts", Cap(cap), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var list = await app.AnonymousClient().GetFromJsonAsync<JsonElement>("/api/alerts", TestContext.Current.CancellationToken);
        list.GetProperty("active").GetArrayLength().ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task Invalid_cap_is_rejected_with_400_problem_details(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var staff = await app.ClientAsync("demo", "staff");
        var ct = TestContext.Current.CancellationToken;
        string[] bad =
        [
            "not xml at all",
            CapSamples.Alert("p1", Now, polygon: "51.10,7.00 51.20,7.00 51.20,7.20 51.10,7.10"),
            CapSamples.Alert("p2", Now, expires: Now.AddHours(-2)),
            CapSamples.Alert("p3", Now, msgType: "Update", references: "leitstelle@example.org,unknown," + CapSamples.Time(Now)),
            CapSamples.Alert("p4", Now).Replace("<severity>Severe</severity>", "<severity>Huge</severity>", StringComparison.Ordinal),
            CapSamples.Alert("p5", Now).Replace("<scope>Public</scope>", "", StringComparison.Ordinal),
            CapSamples.Alert("p6", Now).Replace("<value>051220000000</value>", "<value>991220000000</value>", StringComparison.Ordinal), // no Land 99
            CapSamples.Alert("p7", Now).Replace("<value>051220000000</value>", "<value>05122</value>", StringComparison.Ordinal), // not an ARS
        ];

        foreach (var xml in bad)
        {
            var response = await staff.PostAsync("/api/alerts", Cap(xml, "application/xml"), ct);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, xml);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            problem.GetProperty("errors").GetProperty("cap").GetArrayLength().ShouldBeGreaterThan(0);
        }

        (await staff.PostAsync("/api/alerts", new StringContent("{}", Encoding.UTF8, "application/json"), ct)).StatusCode
            .ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await app.AnonymousClient().PostAsync("/api/alerts", Cap(CapSamples.Alert("x", Now)), ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await (await app.ClientAsync("demo", "citizen")).PostAsync("/api/alerts", Cap(CapSamples.Alert("x", Now)), ct)).StatusCode
            .ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory, DatabaseData]
    public async Task Update_and_cancel_continue_the_same_alert_and_keep_its_history(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var staff = await app.ClientAsync("demo", "staff");
        var ct = TestContext.Current.CancellationToken;
        var sent = Now.AddMinutes(-2);
        var first = await (await staff.PostAsync("/api/alerts", Cap(CapSamples.Alert("h-1", sent)), ct)).Content.ReadFromJsonAsync<JsonElement>(ct);
        var id = first.GetProperty("id").GetGuid();
        var reference1 = "leitstelle@example.org,h-1," + CapSamples.Time(sent);
        var update = await staff.PostAsync("/api/alerts",
            Cap(CapSamples.Alert("h-2", sent.AddMinutes(1), msgType: "Update", references: reference1, headline: "Hochwasser: Pegel sinkt")), ct);
        update.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await update.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid().ShouldBe(id);

        var reference2 = "leitstelle@example.org,h-2," + CapSamples.Time(sent.AddMinutes(1));
        var cancel = await staff.PostAsync("/api/alerts", Cap(CapSamples.Alert("h-3", sent.AddMinutes(2), msgType: "Cancel", references: reference2)), ct);
        var cancelled = await cancel.Content.ReadFromJsonAsync<JsonElement>(ct);
        cancelled.GetProperty("state").GetString().ShouldBe("cancelled");
        cancelled.GetProperty("version").GetInt32().ShouldBe(3);

        await using var scope = await app.TenantScopeAsync();
        var data = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        var versions = await data.Set<AlertVersion>().Where(v => v.AlertId == id).OrderBy(v => v.Version).ToListAsync(ct);
        versions.Select(v => v.MsgType).ShouldBe(["Alert", "Update", "Cancel"]);
        var events = await data.Set<AlertEvent>().Where(e => e.AlertId == id).OrderBy(e => e.Seq).Select(e => e.Kind).ToListAsync(ct);
        events.ShouldBe(["published", "updated", "cancelled"]);
        var channels = scope.ServiceProvider.GetServices<Stadtkern.Features.Alerts.Delivery.IAlertChannel>().Select(c => c.Key).Distinct(StringComparer.Ordinal).Count();
        channels.ShouldBeGreaterThanOrEqualTo(3); // web, feeds, displays at least; sse, mqtt, push when registered
        (await data.Set<AlertDelivery>().CountAsync(d => d.AlertId == id, ct)).ShouldBe(3 * channels); // one per channel per event
        var alert = await data.Set<Alert>().SingleAsync(a => a.Id == id, ct);
        alert.Headline.ShouldBe("Hochwasser: Pegel sinkt");

        var list = await app.AnonymousClient().GetFromJsonAsync<JsonElement>("/api/alerts", ct);
        list.GetProperty("active").GetArrayLength().ShouldBe(0);
        list.GetProperty("recent")[0].GetProperty("state").GetString().ShouldBe("cancelled");
    }

    [Theory, DatabaseData]
    public async Task Four_eyes_keep_an_alert_pending_until_someone_else_approves(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var ct = TestContext.Current.CancellationToken;
        await using (var settingsScope = await app.TenantScopeAsync())
        {
            await settingsScope.ServiceProvider.GetRequiredService<TenantSettingsStore>()
                .SaveAsync(AlertSettings.Section, new AlertSettings { FourEyes = true }, ct);
        }

        var staff = await app.ClientAsync("demo", "staff");
        var posted = await staff.PostAsync("/api/alerts", Cap(CapSamples.Alert("fe-1", Now)), ct);
        posted.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await posted.Content.ReadFromJsonAsync<JsonElement>(ct);
        body.GetProperty("state").GetString().ShouldBe("pending");
        var id = body.GetProperty("id").GetGuid();

        (await app.AnonymousClient().GetAsync($"/alerts/{id}.cap.xml", ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.AnonymousClient().GetFromJsonAsync<JsonElement>("/api/alerts", ct)).GetProperty("active").GetArrayLength().ShouldBe(0);

        await using var scope = await app.TenantScopeAsync();
        var approvals = scope.ServiceProvider.GetRequiredService<ApproveAlert>();
        var data = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        var author = (await data.Set<Alert>().AsNoTracking().SingleAsync(a => a.Id == id, ct)).CreatedBy!;
        (await approvals.ApproveAsync(id, author, ct)).ShouldNotBeNull();
        (await data.Set<AlertEvent>().CountAsync(e => e.AlertId == id, ct)).ShouldBe(0);

        (await approvals.ApproveAsync(id, "zweite.person@example.org", ct)).ShouldBeNull();
        var approved = await data.Set<Alert>().AsNoTracking().SingleAsync(a => a.Id == id, ct);
        approved.State.ShouldBe(AlertStates.Active);
        approved.ApprovedBy.ShouldBe("zweite.person@example.org");
        (await data.Set<AlertEvent>().CountAsync(e => e.AlertId == id, ct)).ShouldBe(1);
        (await app.AnonymousClient().GetAsync($"/alerts/{id}.cap.xml", ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Rejecting: a second pending alert never goes out.
        var second = await (await staff.PostAsync("/api/alerts", Cap(CapSamples.Alert("fe-2", Now)), ct)).Content.ReadFromJsonAsync<JsonElement>(ct);
        (await approvals.RejectAsync(second.GetProperty("id").GetGuid(), "zweite.person@example.org", ct)).ShouldBeNull();
        (await approvals.ApproveAsync(second.GetProperty("id").GetGuid(), "dritte@example.org", ct)).ShouldNotBeNull();
    }

    [Theory, DatabaseData]
    public async Task Feeds_list_alerts_and_every_embedded_cap_message_is_schema_valid(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var staff = await app.ClientAsync("demo", "staff");
        var ct = TestContext.Current.CancellationToken;
        await staff.PostAsync("/api/alerts", Cap(CapSamples.Alert("f-1", Now, headline: "Erste Warnung")), ct);
        await staff.PostAsync("/api/alerts", Cap(CapSamples.Alert("f-2", Now, headline: "Zweite Warnung")), ct);

        XNamespace atom = "http://www.w3.org/2005/Atom";
        var feed = await app.AnonymousClient().GetAsync("/alerts/feed.atom", ct);
        feed.Content.Headers.ContentType!.MediaType.ShouldBe("application/atom+xml");
        var feedXml = XDocument.Parse(await feed.Content.ReadAsStringAsync(ct));
        feedXml.Root!.Elements(atom + "entry").Select(e => e.Element(atom + "title")!.Value).ShouldBe(["Zweite Warnung", "Erste Warnung"], ignoreOrder: true);

        var index = XDocument.Parse(await app.AnonymousClient().GetStringAsync("/t/demo/alerts/cap.xml", ct));
        var entries = index.Root!.Elements(atom + "entry").ToList();
        entries.Count.ShouldBe(2);
        foreach (var entry in entries)
        {
            entry.Elements(atom + "link").ShouldContain(l => (string?)l.Attribute("type") == "application/cap+xml"
                && ((string)l.Attribute("href")!).Contains("/t/demo/alerts/", StringComparison.Ordinal));
            var capAlert = entry.Element(atom + "content")!.Elements().Single();
            CapSamples.Xmllint(new XDocument(capAlert).ToString()).ShouldBeEmpty();
        }
    }

    [Theory, DatabaseData]
    public async Task The_banner_shows_on_every_page_while_an_alert_is_active_and_goes_after_cancel_and_expiry(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var ct = TestContext.Current.CancellationToken;
        var anonymous = app.AnonymousClient();
        string[] pages = ["/", "/daten", "/sensoren", "/alerts", "/anmelden"];
        foreach (var page in pages)
        {
            (await anonymous.GetStringAsync(page, ct)).ShouldNotContain("data-alert-banner");
        }

        await using var scope = await app.TenantScopeAsync();
        var publisher = scope.ServiceProvider.GetRequiredService<IAlertPublisher>();
        var tenant = scope.ServiceProvider.GetRequiredService<TenantContext>().Required;
        var now = DateTimeOffset.UtcNow;
        var draft = new AlertDraft("Großbrand", "Fire", "Shelter", "Severe", "Immediate", "Observed", "Rauchwolke über der Nordstadt",
            "Beschreibung", "Fenster schließen", null, AreaModes.City, "", null, null);
        var capAlert = ComposeAlert.New(draft, tenant, now);
        var outcome = await publisher.PublishAsync(capAlert, new AlertOrigin(AlertSource.Staff, "anna@example.org"), ct);

        foreach (var page in pages)
        {
            var html = await anonymous.GetStringAsync(page, ct);
            html.ShouldContain("data-alert-banner", customMessage: page);
            html.ShouldContain("Rauchwolke über der Nordstadt");
        }

        var detail = await anonymous.GetStringAsync($"/alerts/{outcome.AlertId}", ct);
        detail.ShouldContain("Fenster schließen");

        await publisher.PublishAsync(ComposeAlert.Cancel(capAlert, null, tenant, now.AddSeconds(1)), new AlertOrigin(AlertSource.Staff, "anna@example.org"), ct);
        foreach (var page in pages)
        {
            (await anonymous.GetStringAsync(page, ct)).ShouldNotContain("data-alert-banner", customMessage: page);
        }

        // An alert that expires leaves the banner by itself.
        var shortLived = ComposeAlert.New(draft with { Headline = "Kurze Warnung", Expires = DateTimeOffset.UtcNow.AddSeconds(3) }, tenant, DateTimeOffset.UtcNow);
        await publisher.PublishAsync(shortLived, new AlertOrigin(AlertSource.Staff, "anna@example.org"), ct);
        (await anonymous.GetStringAsync("/", ct)).ShouldContain("Kurze Warnung");
        await Task.Delay(TimeSpan.FromSeconds(4), ct);
        (await anonymous.GetStringAsync("/", ct)).ShouldNotContain("data-alert-banner");
    }

    [Theory, DatabaseData]
    public async Task Staff_pages_compose_preview_and_show_delivery_status(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var ct = TestContext.Current.CancellationToken;
        var staff = await app.ClientAsync("demo", "staff");
        staff.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var compose = await staff.GetStringAsync("/verwaltung/warnungen/neu?vorlage=water", ct);
        compose.ShouldContain("Trinkwasser nur abgekocht verwenden");

        var posted = await staff.PostAsync("/api/alerts", Cap(CapSamples.Alert("s-1", Now)), ct);
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        await WaitForDeliveriesAsync(app, id, ct);
        var page = await staff.GetStringAsync($"/verwaltung/warnungen/{id}", ct);
        page.ShouldContain("Zustellung je Kanal");
        page.ShouldContain("zugestellt");
        page.ShouldContain("Push-Nachricht (App)");
        (await staff.GetAsync("/verwaltung/warnungen", ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.AnonymousClient().GetAsync("/verwaltung/warnungen", ct)).StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }

    [Theory, DatabaseData]
    public async Task Nina_imports_are_deduplicated_by_source_version_and_may_start_with_an_update(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var ct = TestContext.Current.CancellationToken;
        await using var scope = await app.TenantScopeAsync();
        var publisher = scope.ServiceProvider.GetRequiredService<IAlertPublisher>();
        var sent = Now;
        var update = Stadtkern.Features.Alerts.Cap.CapXml.Read(CapSamples.Alert("mow-2", sent, msgType: "Update",
            references: "opendata@example.org,mow-1," + CapSamples.Time(sent.AddHours(-1)), sender: "opendata@example.org")).Alert!;

        var first = await publisher.PublishAsync(update, new AlertOrigin(AlertSource.Nina, "nina", "mowas", "mow.1", "v1"), ct);
        first.State.ShouldBe(AlertStates.Active);
        first.Unchanged.ShouldBeFalse();

        var again = await publisher.PublishAsync(update, new AlertOrigin(AlertSource.Nina, "nina", "mowas", "mow.1", "v1"), ct);
        again.ShouldBe(first with { Unchanged = true });

        var next = update with { Identifier = "mow-3", Sent = sent.AddMinutes(1) };
        var second = await publisher.PublishAsync(next, new AlertOrigin(AlertSource.Nina, "nina", "mowas", "mow.1", "v2"), ct);
        second.AlertId.ShouldBe(first.AlertId);
        second.Version.ShouldBe(2);
    }

    private static async Task WaitForDeliveriesAsync(StadtkernFactory app, Guid id, CancellationToken ct)
    {
        for (var i = 0; i < 100; i++)
        {
            await using var scope = await app.TenantScopeAsync();
            var data = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
            if (await data.Set<AlertDelivery>().AnyAsync(d => d.AlertId == id, ct)
                && !await data.Set<AlertDelivery>().AnyAsync(d => d.AlertId == id && d.State != "delivered", ct))
            {
                return;
            }

            await Task.Delay(100, ct);
        }

        throw new TimeoutException("deliveries not done");
    }
}
