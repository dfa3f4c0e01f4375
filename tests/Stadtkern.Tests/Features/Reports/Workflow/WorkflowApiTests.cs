using System.Net;
using System.Net.Http.Json;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;
using static Stadtkern.Tests.Features.Reports.Workflow.ReportKit;

namespace Stadtkern.Tests.Features.Reports.Workflow;

public sealed class WorkflowApiTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Theory, DatabaseData]
    public async Task A_triage_report_is_assigned_then_reassigned_with_a_reason_and_the_history_says_who_and_why(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var staff = await app.ClientAsync("demo", "staff");
        var id = await CreateAsync(app, suggestions: """[{"department":"tiefbau","confidence":0.41},{"department":"gruen","confidence":0.3}]""");

        (await PostAsync(staff, $"/api/reports/{id}/assign", new { department = "gruen" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await PostAsync(staff, $"/api/reports/{id}/assign", new { department = "tiefbau" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await PostAsync(staff, $"/api/reports/{id}/reassign", new { department = "tiefbau" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await PostAsync(staff, $"/api/reports/{id}/reassign", new { department = "gibt-es-nicht", reason = "x" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await PostAsync(staff, $"/api/reports/{id}/reassign", new { department = "gruen", reason = "x" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await PostAsync(staff, $"/api/reports/{id}/reassign", new { department = "tiefbau", reason = "Fahrbahn, nicht Grünstreifen" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await PostAsync(staff, "/api/reports/999999/assign", new { department = "tiefbau" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var report = await ReportAsync(app, id);
        report.DepartmentId.ShouldBe(await DepartmentIdAsync(app, "tiefbau"));
        report.RoutingMode.ShouldBe(RoutingModes.Manual);
        report.UpdatedAt.ShouldBeGreaterThan(report.RequestedAt);
        var events = await EventsAsync(app, id);
        events.Select(e => e.Kind).ShouldBe(["created", "assigned", "reassigned"]);
        events[1].ToValue.ShouldBe("gruen");
        events[2].FromValue.ShouldBe("gruen");
        events[2].ToValue.ShouldBe("tiefbau");
        events[2].Text.ShouldBe("Fahrbahn, nicht Grünstreifen");
        events[2].Actor.ShouldBe("test");
        events[2].IsPublic.ShouldBeFalse();
    }

    [Theory, DatabaseData]
    public async Task Status_moves_along_the_workflow_and_invalid_moves_are_refused(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var staff = await app.ClientAsync("demo", "staff");
        var id = await CreateAsync(app, department: "tiefbau");

        (await PostAsync(staff, $"/api/reports/{id}/status", new { status = "in_progress" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await PostAsync(staff, $"/api/reports/{id}/status", new { status = "in_progress" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await PostAsync(staff, $"/api/reports/{id}/status", new { status = "erledigt" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await PostAsync(staff, $"/api/reports/{id}/status", new { })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await PostAsync(staff, $"/api/reports/{id}/status", new { status = "closed", note = "Das Schlagloch ist geflickt." })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var closed = await ReportAsync(app, id);
        closed.Status.ShouldBe("closed");
        closed.ClosedAt.ShouldNotBeNull();
        closed.StatusNotes.ShouldBe("Das Schlagloch ist geflickt.");

        await (await PostAsync(staff, $"/api/reports/{id}/status", new { status = "in_progress" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await PostAsync(staff, $"/api/reports/{id}/status", new { status = "open" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await ReportAsync(app, id)).ClosedAt.ShouldBeNull();

        var events = (await EventsAsync(app, id)).Where(e => e.Kind == "status").ToList();
        events.Select(e => (e.FromValue, e.ToValue)).ShouldBe([("open", "in_progress"), ("in_progress", "closed"), ("closed", "open")]);
        events.ShouldAllBe(e => e.IsPublic && e.Actor == "test");
        events[1].Text.ShouldBe("Das Schlagloch ist geflickt.");
    }

    [Theory, DatabaseData]
    public async Task Public_notes_become_status_notes_while_internal_comments_stay_internal(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var staff = await app.ClientAsync("demo", "staff");
        var id = await CreateAsync(app, department: "tiefbau");

        (await PostAsync(staff, $"/api/reports/{id}/notes", new { text = "Wir sehen uns das nächste Woche an." })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await PostAsync(staff, $"/api/reports/{id}/comments", new { text = "Bauhof fragen, Kolonne 2" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await PostAsync(staff, $"/api/reports/{id}/notes", new { text = "  " })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await PostAsync(staff, $"/api/reports/{id}/comments", new { text = new string('x', 4001) })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        (await ReportAsync(app, id)).StatusNotes.ShouldBe("Wir sehen uns das nächste Woche an.");
        var events = await EventsAsync(app, id);
        events.Single(e => e.Kind == "note").IsPublic.ShouldBeTrue();
        var comment = events.Single(e => e.Kind == "comment");
        comment.IsPublic.ShouldBeFalse();
        comment.Text.ShouldBe("Bauhof fragen, Kolonne 2");
    }

    [Theory, DatabaseData]
    public async Task The_expected_date_is_set_cleared_and_recorded(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var staff = await app.ClientAsync("demo", "staff");
        var id = await CreateAsync(app, department: "tiefbau");
        var expected = new DateTimeOffset(2026, 12, 4, 15, 0, 0, TimeSpan.FromHours(1));

        (await PostAsync(staff, $"/api/reports/{id}/expected", new { expected })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await ReportAsync(app, id)).ExpectedAt.ShouldBe(expected);
        await (await PostAsync(staff, $"/api/reports/{id}/expected", new { expected })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await PostAsync(staff, $"/api/reports/{id}/expected", new { expected = "morgen" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await PostAsync(staff, $"/api/reports/{id}/expected", new { expected = (DateTimeOffset?)null })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await ReportAsync(app, id)).ExpectedAt.ShouldBeNull();

        var events = (await EventsAsync(app, id)).Where(e => e.Kind == "expected").ToList();
        events.Select(e => (e.FromValue, e.ToValue)).ShouldBe([(null, "2026-12-04T14:00:00Z"), ("2026-12-04T14:00:00Z", null)]);
    }

    [Theory, DatabaseData]
    public async Task Nearby_open_reports_of_the_same_category_are_suggested_and_merged_into_the_master(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var staff = await app.ClientAsync("demo", "staff");
        var master = await CreateAsync(app, department: "tiefbau", requestedAt: DateTimeOffset.UtcNow.AddDays(-3));
        var duplicate = await CreateAsync(app, description: "Loch in der Straße", lat: MarktLat + 0.00045, lon: MarktLon, photos: 2);
        var elsewhere = await CreateAsync(app, lat: MuensterLat, lon: MuensterLon);
        var otherService = await CreateAsync(app, service: "beleuchtung", lat: MarktLat, lon: MarktLon + 0.0001);
        var tooOld = await CreateAsync(app, requestedAt: DateTimeOffset.UtcNow.AddDays(-90));

        var suggestions = await JsonAsync(staff, $"/api/reports/{duplicate}/duplicates");
        suggestions.GetArrayLength().ShouldBe(1);
        suggestions[0].GetProperty("id").GetInt64().ShouldBe(master);
        suggestions[0].GetProperty("distanceMeters").GetDouble().ShouldBeInRange(49, 51);
        (await JsonAsync(staff, $"/api/reports/{duplicate}/duplicates?radius=500")).EnumerateArray().Select(s => s.GetProperty("id").GetInt64())
            .ShouldBe([master, elsewhere]);
        (await JsonAsync(staff, $"/api/reports/{duplicate}/duplicates?days=365")).EnumerateArray().Select(s => s.GetProperty("id").GetInt64())
            .ShouldBe([master, tooOld]);
        (await JsonAsync(staff, $"/api/reports/{otherService}/duplicates")).GetArrayLength().ShouldBe(0);
        await (await staff.GetAsync($"/api/reports/{duplicate}/duplicates?radius=abc", Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await staff.GetAsync($"/api/reports/{duplicate}/duplicates?radius=-5", Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        await (await PostAsync(staff, $"/api/reports/{duplicate}/merge", new { })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await PostAsync(staff, $"/api/reports/{duplicate}/merge", new { master = duplicate })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await PostAsync(staff, $"/api/reports/{duplicate}/merge", new { master })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await PostAsync(staff, $"/api/reports/{duplicate}/merge", new { master })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await PostAsync(staff, $"/api/reports/{elsewhere}/merge", new { master = duplicate })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await PostAsync(staff, $"/api/reports/{duplicate}/status", new { status = "open" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var merged = await ReportAsync(app, duplicate);
        merged.Status.ShouldBe("closed");
        merged.DuplicateOf.ShouldBe(master);
        merged.StatusNotes!.ShouldContain($"Meldung Nr. {master}");
        var detail = await JsonAsync(staff, $"/api/reports/{duplicate}");
        detail.GetProperty("photos").GetArrayLength().ShouldBe(2);
        detail.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ShouldBe(["created", "merged", "status"]);
        var masterDetail = await JsonAsync(staff, $"/api/reports/{master}");
        masterDetail.GetProperty("duplicates").EnumerateArray().Select(d => d.GetInt64()).ShouldBe([duplicate]);
        var masterEvent = masterDetail.GetProperty("history").EnumerateArray().Last();
        masterEvent.GetProperty("kind").GetString().ShouldBe("merged");
        masterEvent.GetProperty("to").GetString().ShouldBe(duplicate.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory, DatabaseData]
    public async Task A_photo_is_released_once_and_staff_can_see_unreleased_photos(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var staff = await app.ClientAsync("demo", "staff");
        var id = await CreateAsync(app, photos: 1);
        var photo = (await JsonAsync(staff, $"/api/reports/{id}")).GetProperty("photos")[0];
        photo.GetProperty("released").GetBoolean().ShouldBeFalse();
        var mediaId = photo.GetProperty("id").GetGuid();
        (await staff.GetAsync($"/api/reports/{id}/media/{mediaId}", Ct)).Content.Headers.ContentType!.MediaType.ShouldBe("image/png");

        (await PostAsync(staff, $"/api/reports/{id}/media/{mediaId}/release", new { })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await PostAsync(staff, $"/api/reports/{id}/media/{mediaId}/release", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await PostAsync(staff, $"/api/reports/{id}/media/{Guid.NewGuid()}/release", new { })).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var released = (await JsonAsync(staff, $"/api/reports/{id}")).GetProperty("photos")[0];
        released.GetProperty("released").GetBoolean().ShouldBeTrue();
        released.GetProperty("releasedBy").GetString().ShouldBe("test");
        (await EventsAsync(app, id)).Last().Kind.ShouldBe("media_released");
    }

    [Theory, DatabaseData]
    public async Task The_inbox_filters_by_department_triage_status_category_text_area_and_overdue(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var staff = await app.ClientAsync("demo", "staff");
        var now = DateTimeOffset.UtcNow;
        // strassenschaden has an SLA of 14 days, beleuchtung 7, sonstiges none.
        var overdue = await CreateAsync(app, department: "tiefbau", requestedAt: now.AddDays(-20), description: "Tiefes Loch am Bordstein");
        var fresh = await CreateAsync(app, department: "tiefbau", requestedAt: now.AddDays(-3));
        var lamp = await CreateAsync(app, service: "beleuchtung", department: "stadtwerke", requestedAt: now.AddDays(-8), lat: MuensterLat, lon: MuensterLon);
        var noSla = await CreateAsync(app, service: "sonstiges", requestedAt: now.AddDays(-100), suggestions: """[{"department":"ordnung","confidence":0.55}]""");
        var closedLate = await CreateAsync(app, department: "tiefbau", requestedAt: now.AddDays(-30));
        (await PostAsync(staff, $"/api/reports/{closedLate}/status", new { status = "closed" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        async Task<long[]> Ids(string query) => [.. (await JsonAsync(staff, "/api/reports" + query)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64())];

        (await Ids("")).ShouldBe([fresh, lamp, overdue, closedLate, noSla]);
        (await Ids("?department=tiefbau")).ShouldBe([fresh, overdue, closedLate]);
        (await Ids("?triage=true")).ShouldBe([noSla]);
        (await Ids("?status=closed")).ShouldBe([closedLate]);
        (await Ids("?service=beleuchtung")).ShouldBe([lamp]);
        (await Ids("?overdue=true")).ShouldBe([lamp, overdue]);
        (await Ids("?text=bordstein")).ShouldBe([overdue]);
        (await Ids($"?text=%23{lamp}")).ShouldBe([lamp]);
        (await Ids("?bbox=9.170,47.662,9.180,47.665")).ShouldBe([lamp]);
        (await Ids("?pageSize=2&page=2")).ShouldBe([overdue, closedLate]);

        var page = await JsonAsync(staff, "/api/reports?triage=true");
        page.GetProperty("total").GetInt32().ShouldBe(1);
        var triage = page.GetProperty("items")[0];
        triage.GetProperty("suggestions")[0].GetProperty("departmentName").GetString().ShouldBe("Bürgeramt und Ordnungsdienst");
        var rows = (await JsonAsync(staff, "/api/reports")).GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetInt64());
        rows[overdue].GetProperty("overdue").GetBoolean().ShouldBeTrue();
        rows[fresh].GetProperty("overdue").GetBoolean().ShouldBeFalse();
        rows[closedLate].GetProperty("overdue").GetBoolean().ShouldBeFalse();

        await (await staff.GetAsync("/api/reports?bbox=1,2,3", Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await staff.GetAsync("/api/reports?status=fertig", Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await staff.GetAsync("/api/reports?pageSize=100000", Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await staff.GetAsync("/api/reports?overdue=vielleicht", Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory, DatabaseData]
    public async Task Only_staff_and_admins_of_the_tenant_use_the_staff_API(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var id = await CreateAsync(app);
        (await app.AnonymousClient().GetAsync("/api/reports", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await (await app.ClientAsync("demo", "citizen")).GetAsync($"/api/reports/{id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await app.ClientAsync("demo", "app")).PostAsync($"/api/reports/{id}/status", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await app.ClientAsync("demo", "admin")).GetAsync($"/api/reports/{id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var detail = await JsonAsync(await app.ClientAsync("demo", "staff"), $"/api/reports/{id}");
        detail.GetProperty("contact").GetProperty("phone").GetString().ShouldBe("+49 7531 12345");
        (await (await app.ClientAsync("demo", "staff")).GetAsync("/api/reports/settings", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory, DatabaseData]
    public async Task Admins_change_the_threshold_notifications_and_service_levels(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var admin = await app.ClientAsync("demo", "admin");
        var put = await admin.PutAsJsonAsync("/api/reports/settings", new { autoAssignThreshold = 0.9, notifyReporters = false, serviceLevels = new Dictionary<string, int?> { ["sonstiges"] = 10, ["baum"] = null } }, Ct);
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync(Ct));
        var settings = await JsonAsync(admin, "/api/reports/settings");
        settings.GetProperty("settings").GetProperty("autoAssignThreshold").GetDouble().ShouldBe(0.9);
        settings.GetProperty("settings").GetProperty("notifyReporters").GetBoolean().ShouldBeFalse();
        var levels = settings.GetProperty("serviceLevels").EnumerateArray().ToDictionary(l => l.GetProperty("code").GetString()!, l => l.GetProperty("slaDays"));
        levels["sonstiges"].GetInt32().ShouldBe(10);
        levels["baum"].ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        levels["strassenschaden"].GetInt32().ShouldBe(14);

        await (await admin.PutAsJsonAsync("/api/reports/settings", new { autoAssignThreshold = 1.5 }, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PutAsJsonAsync("/api/reports/settings", new { serviceLevels = new Dictionary<string, int?> { ["gibt-es-nicht"] = 3 } }, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PutAsJsonAsync("/api/reports/settings", new { serviceLevels = new Dictionary<string, int?> { ["baum"] = 0 } }, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }
}
