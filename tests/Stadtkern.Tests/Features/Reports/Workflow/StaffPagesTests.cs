using System.Net;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Features.Catalog.Access;
using Stadtkern.Tests.Infrastructure;
using static Stadtkern.Tests.Features.Reports.Workflow.ReportKit;

namespace Stadtkern.Tests.Features.Reports.Workflow;

public sealed class StaffPagesTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Theory, DatabaseData]
    public async Task Staff_see_the_inbox_the_triage_queue_and_a_report_with_contact_routing_and_history(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var staff = await app.ClientAsync("demo", "staff");
        var overdue = await CreateAsync(app, department: "tiefbau", requestedAt: DateTimeOffset.UtcNow.AddDays(-20), photos: 1);
        var triage = await CreateAsync(app, service: "sonstiges", description: "Unklarer Fall",
            suggestions: """[{"department":"ordnung","confidence":0.55},{"department":"gruen","confidence":0.25},{"department":"tiefbau","confidence":0.1}]""");
        var neighbour = await CreateAsync(app, department: "tiefbau", lat: MarktLat + 0.0003, lon: MarktLon);

        var inbox = await staff.GetStringAsync("/verwaltung/meldungen", Ct);
        inbox.ShouldContain("Meldungen bearbeiten");
        inbox.ShouldContain("3 Meldungen");
        inbox.ShouldContain("Triage (1)");
        inbox.ShouldContain("report--overdue");
        inbox.ShouldContain("überfällig");
        inbox.ShouldContain("automatisch (87 %)");
        inbox.ShouldContain("id=\"meldungskarte\"");

        var queue = await staff.GetStringAsync("/verwaltung/meldungen?triage=true", Ct);
        queue.ShouldContain("1 Meldung");
        queue.ShouldContain("Bürgeramt und Ordnungsdienst (55 %)");
        queue.ShouldContain("Amt für Grünflächen und Umwelt (25 %)");
        queue.ShouldContain("Tiefbauamt (10 %)");
        (await staff.GetStringAsync("/verwaltung/meldungen?ueberfaellig=true", Ct)).ShouldContain("1 Meldung");
        (await staff.GetStringAsync("/verwaltung/meldungen?abteilung=tiefbau&text=unklar", Ct)).ShouldContain("0 Meldungen");
        (await staff.GetAsync("/verwaltung/meldungen?status=kaputt", Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var detail = await staff.GetStringAsync($"/verwaltung/meldungen/{overdue}", Ct);
        detail.ShouldContain("7531 12345");
        detail.ShouldContain("Erika Mustermann");
        detail.ShouldContain("automatisch (87 %)");
        detail.ShouldContain("Überfällig:");
        detail.ShouldContain("Foto 1 freigeben");
        detail.ShouldContain("Eingegangen");
        detail.ShouldContain($"id=\"master-{neighbour}\""); // the neighbour 33 m away is suggested as duplicate
        var triageDetail = await staff.GetStringAsync($"/verwaltung/meldungen/{triage}", Ct);
        triageDetail.ShouldContain("Triage");
        triageDetail.ShouldContain("Bürgeramt und Ordnungsdienst (55 %)");
        (await staff.GetAsync("/verwaltung/meldungen/999999", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, DatabaseData]
    public async Task Actions_on_the_pages_assign_from_triage_change_status_and_refuse_a_reassign_without_reason(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var staff = await app.ClientAsync("demo", "staff");
        var id = await CreateAsync(app, suggestions: """[{"department":"tiefbau","confidence":0.6}]""");

        var queue = await staff.GetStringAsync("/verwaltung/meldungen?triage=true", Ct);
        var assigned = await staff.PostAsync("/verwaltung/meldungen?triage=true&handler=Assign", Form(queue, ("id", id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("department", "tiefbau")), Ct);
        assigned.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await assigned.Content.ReadAsStringAsync(Ct)).ShouldContain($"Meldung Nr. {id} ist zugewiesen.");
        (await ReportAsync(app, id)).DepartmentId.ShouldBe(await DepartmentIdAsync(app, "tiefbau"));

        var page = await staff.GetStringAsync($"/verwaltung/meldungen/{id}", Ct);
        var status = await staff.PostAsync($"/verwaltung/meldungen/{id}?handler=Status", Form(page, ("status", "in_progress"), ("note", "Wir kümmern uns.")), Ct);
        status.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        status.Headers.Location!.ToString().ShouldContain("erfolg=status");
        (await ReportAsync(app, id)).Status.ShouldBe("in_progress");

        var refused = await staff.PostAsync($"/verwaltung/meldungen/{id}?handler=Reassign", Form(page, ("department", "gruen"), ("reason", "")), Ct);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync(Ct)).ShouldContain("Bitte den Grund für die Weiterleitung angeben.");

        var history = await staff.GetStringAsync($"/verwaltung/meldungen/{id}?erfolg=status", Ct);
        history.ShouldContain("Der Status ist geändert.");
        history.ShouldContain("Zugewiesen an tiefbau");
        history.ShouldContain("Status: offen → in Bearbeitung");
        history.ShouldContain("Wir kümmern uns.");
    }

    [Theory, DatabaseData]
    public async Task Script_in_a_report_is_shown_as_text(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var staff = await app.ClientAsync("demo", "staff");
        var id = await CreateAsync(app, description: "<script>alert('x')</script> Loch");
        (await PostAsync(staff, $"/api/reports/{id}/comments", new { text = "<img src=x onerror=alert(1)>" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        foreach (var html in new[] { await staff.GetStringAsync("/verwaltung/meldungen", Ct), await staff.GetStringAsync($"/verwaltung/meldungen/{id}", Ct) })
        {
            html.ShouldNotContain("<script>alert");
            html.ShouldContain("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Loch");
        }

        var detail = await staff.GetStringAsync($"/verwaltung/meldungen/{id}", Ct);
        detail.ShouldNotContain("<img src=x");
        detail.ShouldContain("&lt;img src=x onerror=alert(1)&gt;");
    }

    [Theory, DatabaseData]
    public async Task The_pages_are_refused_to_anonymous_visitors_and_citizens_and_the_settings_to_staff(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var id = await CreateAsync(app);
        foreach (var path in new[] { "/verwaltung/meldungen", $"/verwaltung/meldungen/{id}", "/verwaltung/meldungen/einstellungen" })
        {
            var anonymous = await app.AnonymousClient().GetAsync(path, Ct);
            anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            anonymous.Headers.Location!.ToString().ShouldContain("/anmelden");
            (await (await app.ClientAsync("demo", "citizen")).GetAsync(path, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        var staff = await app.ClientAsync("demo", "staff");
        (await staff.GetAsync("/verwaltung/meldungen/einstellungen", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await app.ClientAsync("demo", "data-steward")).GetAsync("/verwaltung/meldungen", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory, DatabaseData]
    public async Task Admins_change_threshold_notifications_and_service_levels_on_the_settings_page(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var admin = await app.ClientAsync("demo", "admin");
        var page = await admin.GetStringAsync("/verwaltung/meldungen/einstellungen", Ct);
        page.ShouldContain("Schwelle für automatische Zuweisung");
        page.ShouldContain($"value=\"{Math.Round(Stadtkern.Features.Reports.Routing.RoutingDefaults.AutoAssignThreshold * 100).ToString(System.Globalization.CultureInfo.InvariantCulture)}\""); // the default until saved
        page.ShouldContain("name=\"sla[strassenschaden]\"");

        var saved = await admin.PostAsync("/verwaltung/meldungen/einstellungen", Form(page, ("threshold", "92,5"), ("sla[strassenschaden]", "10"), ("sla[baum]", "")), Ct);
        saved.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await saved.Content.ReadAsStringAsync(Ct);
        html.ShouldContain("Gespeichert.");
        html.ShouldContain("value=\"92,5\"");
        html.ShouldNotContain("id=\"notify\" name=\"notify\" type=\"checkbox\" value=\"true\" checked");
        var settings = await JsonAsync(admin, "/api/reports/settings");
        settings.GetProperty("settings").GetProperty("autoAssignThreshold").GetDouble().ShouldBe(0.925);
        settings.GetProperty("settings").GetProperty("notifyReporters").GetBoolean().ShouldBeFalse();

        var refused = await admin.PostAsync("/verwaltung/meldungen/einstellungen", Form(page, ("threshold", "150"), ("notify", "true")), Ct);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync(Ct)).ShouldContain("zwischen 0 und 100");
    }

    private static FormUrlEncodedContent Form(string page, params (string Key, string Value)[] fields) =>
        new([new("__RequestVerificationToken", Marketplace.Antiforgery(page)), .. fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))]);
}
