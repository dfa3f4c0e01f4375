using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Alerts.Displays;
using Stadtkern.Features.Sensing.Model;
using Stadtkern.Features.Sensing.Views.Demo;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Alerts.Displays;

public sealed class DisplayApiTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly byte[] Png =
        Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    internal static async Task<(Guid Id, string Code)> CreateDisplayAsync(HttpClient admin, object? layout = null)
    {
        var response = await admin.PostAsJsonAsync("/api/displays", new { name = "Stele Marktplatz", locationText = "Marktplatz", district = "Mitte", layout }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return (body.GetProperty("display").GetProperty("id").GetGuid(), body.GetProperty("registrationCode").GetString()!);
    }

    internal static async Task<string> RegisterAsync(HttpClient anonymous, string code)
    {
        var response = await anonymous.PostAsJsonAsync("/api/displays/register", new { code, appVersion = "kiosk-test 1.0" }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("token").GetString()!;
    }

    private static HttpClient AsDisplay(StadtkernFactory app, string token)
    {
        var client = app.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Theory, DatabaseData]
    public async Task Admin_creates_a_display_and_the_device_registers_once_with_its_code(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var admin = await app.ClientAsync("demo", "admin");
        var (id, code) = await CreateDisplayAsync(admin);
        code.ShouldMatch("^[A-Z2-9]{4}-[A-Z2-9]{4}$");

        // typed lower case and without the dash still counts
        var token = await RegisterAsync(app.AnonymousClient(), code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant());
        token.ShouldStartWith("dsp_");

        var again = await app.AnonymousClient().PostAsJsonAsync("/api/displays/register", new { code }, Ct);
        again.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        again.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        var content = await AsDisplay(app, token).GetFromJsonAsync<JsonElement>("/api/displays/me/content", Ct);
        content.GetProperty("display").GetProperty("id").GetGuid().ShouldBe(id);
        content.GetProperty("display").GetProperty("name").GetString().ShouldBe("Stele Marktplatz");
        content.GetProperty("branding").GetProperty("cityName").GetString().ShouldNotBeNullOrEmpty();

        var listed = await admin.GetFromJsonAsync<JsonElement>($"/api/displays/{id}", Ct);
        listed.GetProperty("registered").GetBoolean().ShouldBeTrue();
        listed.GetProperty("registrationPending").GetBoolean().ShouldBeFalse();
        listed.GetProperty("appVersion").GetString().ShouldBe("kiosk-test 1.0");

        (await app.AnonymousClient().GetAsync("/api/displays", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await (await app.ClientAsync("demo", "staff")).GetAsync("/api/displays", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory, DatabaseData]
    public async Task Wrong_revoked_or_other_tenants_display_tokens_get_401(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var admin = await app.ClientAsync("demo", "admin");
        var (id, code) = await CreateDisplayAsync(admin);
        var token = await RegisterAsync(app.AnonymousClient(), code);

        var wrong = await AsDisplay(app, "dsp_" + new string('x', 43)).GetAsync("/api/displays/me/content", Ct);
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        wrong.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
        wrong.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await app.AnonymousClient().GetAsync("/api/displays/me/content", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // an API token is no display token
        (await app.ClientWithToken(await app.CreateTokenAsync("demo", "admin")).GetAsync("/api/displays/me/content", Ct)).StatusCode
            .ShouldBe(HttpStatusCode.Unauthorized);

        // a display token counts only in its own tenant
        var other = await admin.PostAsJsonAsync("/api/tenants", new { slug = "konstanz", name = "Konstanz", ars = "083350043043", ags = "08335043" }, Ct);
        other.IsSuccessStatusCode.ShouldBeTrue(await other.Content.ReadAsStringAsync(Ct));
        (await AsDisplay(app, token).GetAsync("/t/konstanz/api/displays/me/content", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await AsDisplay(app, token).GetAsync("/t/demo/api/displays/me/content", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await admin.DeleteAsync($"/api/displays/{id}/token", Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await AsDisplay(app, token).GetAsync("/api/displays/me/content", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await AsDisplay(app, token).PostAsJsonAsync("/api/displays/me/heartbeat", new { version = "1" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // a new code brings the device back with a new token
        var renewed = await (await admin.PostAsync($"/api/displays/{id}/registration", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var newToken = await RegisterAsync(app.AnonymousClient(), renewed.GetProperty("registrationCode").GetString()!);
        newToken.ShouldNotBe(token);
        (await AsDisplay(app, newToken).GetAsync("/api/displays/me/content", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory, DatabaseData]
    public async Task Unchanged_content_answers_304_to_its_etag_and_a_layout_change_gives_a_new_one(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var admin = await app.ClientAsync("demo", "admin");
        var (id, code) = await CreateDisplayAsync(admin);
        var display = AsDisplay(app, await RegisterAsync(app.AnonymousClient(), code));

        var first = await display.GetAsync("/api/displays/me/content", Ct);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        var etag = first.Headers.ETag.ShouldNotBeNull();

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/displays/me/content");
        conditional.Headers.IfNoneMatch.Add(etag);
        var notModified = await display.SendAsync(conditional, Ct);
        notModified.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        (await notModified.Content.ReadAsByteArrayAsync(Ct)).ShouldBeEmpty();

        var put = await admin.PutAsJsonAsync($"/api/displays/{id}", new
        {
            name = "Stele Marktplatz",
            layout = new { rotationSeconds = 20, tiles = new object[] { new { type = "news", title = "Neu im Datenportal", count = 3 } } },
        }, Ct);
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync(Ct));

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/displays/me/content");
        again.Headers.IfNoneMatch.Add(etag);
        var changed = await display.SendAsync(again, Ct);
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        changed.Headers.ETag!.Tag.ShouldNotBe(etag.Tag);
        var content = await changed.Content.ReadFromJsonAsync<JsonElement>(Ct);
        content.GetProperty("rotationSeconds").GetInt32().ShouldBe(20);
        content.GetProperty("tiles")[0].GetProperty("title").GetString().ShouldBe("Neu im Datenportal");
    }

    [Theory, DatabaseData]
    public async Task Invalid_layouts_and_inputs_are_400_problems(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var admin = await app.ClientAsync("demo", "admin");

        var response = await admin.PostAsJsonAsync("/api/displays", new
        {
            name = "",
            latitude = 91.0,
            longitude = 7.0,
            orientation = "diagonal",
            layout = new { rotationSeconds = 1, tiles = new object[] { new { type = "wetter" }, new { type = "departures", url = "ftp://x" }, new { type = "sensors" } } },
        }, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var errors = problem.GetProperty("errors");
        foreach (var key in new[] { "name", "latitude", "orientation", "layout.rotationSeconds", "layout.tiles[0].type", "layout.tiles[1].url", "layout.tiles[2].datastreamIds" })
        {
            errors.TryGetProperty(key, out _).ShouldBeTrue(key);
        }

        var (_, code) = await CreateDisplayAsync(admin);
        var display = AsDisplay(app, await RegisterAsync(app.AnonymousClient(), code));
        var badBeat = await display.PostAsync("/api/displays/me/heartbeat", new StringContent("{\"uptimeSeconds\": -4, \"status\": [1]}", Encoding.UTF8, "application/json"), Ct);
        badBeat.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var notJson = await display.PostAsync("/api/displays/me/heartbeat", new StringContent("{nope", Encoding.UTF8, "application/json"), Ct);
        notJson.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory, DatabaseData]
    public async Task Heartbeat_sets_last_heartbeat_version_and_status_and_the_display_counts_as_online(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var admin = await app.ClientAsync("demo", "admin");
        var (id, code) = await CreateDisplayAsync(admin);
        var display = AsDisplay(app, await RegisterAsync(app.AnonymousClient(), code));
        (await admin.GetFromJsonAsync<JsonElement>($"/api/displays/{id}", Ct)).GetProperty("online").GetBoolean().ShouldBeFalse();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var beat = await display.PostAsJsonAsync("/api/displays/me/heartbeat", new { version = "kiosk 2.3", uptimeSeconds = 3600, status = new { screen = "on", temperature = 41.5 } }, Ct);

        beat.StatusCode.ShouldBe(HttpStatusCode.OK, await beat.Content.ReadAsStringAsync(Ct));
        var listed = (await admin.GetFromJsonAsync<JsonElement>("/api/displays", Ct)).EnumerateArray().Single(d => d.GetProperty("id").GetGuid() == id);
        listed.GetProperty("online").GetBoolean().ShouldBeTrue();
        listed.GetProperty("appVersion").GetString().ShouldBe("kiosk 2.3");
        listed.GetProperty("uptimeSeconds").GetInt64().ShouldBe(3600);
        listed.GetProperty("status").GetProperty("screen").GetString().ShouldBe("on");
        listed.GetProperty("lastHeartbeatAt").GetDateTimeOffset().ShouldBeGreaterThan(before);

        await using var scope = await app.TenantScopeAsync();
        var stored = await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<Display>().SingleAsync(d => d.Id == id, Ct);
        stored.LastHeartbeatAt.ShouldNotBeNull().ShouldBeGreaterThan(before);
    }

    [Theory, DatabaseData]
    public async Task Screenshots_must_be_png_or_jpeg_within_the_limit_and_only_the_last_three_are_kept(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var admin = await app.ClientAsync("demo", "admin");
        var (id, code) = await CreateDisplayAsync(admin);
        var display = AsDisplay(app, await RegisterAsync(app.AnonymousClient(), code));

        // a text file declared as PNG is refused by its bytes
        var fake = new ByteArrayContent(Encoding.UTF8.GetBytes("not really a picture"));
        fake.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var refused = await display.PutAsync("/api/displays/me/screenshot", fake, Ct);
        refused.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        var huge = new byte[2 * 1024 * 1024 + 1];
        Png.CopyTo(huge, 0);
        var big = new ByteArrayContent(huge);
        big.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        (await display.PutAsync("/api/displays/me/screenshot", big, Ct)).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);

        for (var i = 0; i < 5; i++)
        {
            var image = new ByteArrayContent([.. Png, (byte)i]);
            image.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            var stored = await display.PutAsync("/api/displays/me/screenshot", image, Ct);
            stored.StatusCode.ShouldBe(HttpStatusCode.Created, await stored.Content.ReadAsStringAsync(Ct));
            (await stored.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("contentType").GetString().ShouldBe("image/png");
        }

        var latest = await admin.GetAsync($"/api/displays/{id}/screenshot", Ct);
        latest.StatusCode.ShouldBe(HttpStatusCode.OK);
        latest.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await latest.Content.ReadAsByteArrayAsync(Ct)).ShouldBe([.. Png, 4]);

        await using var scope = await app.TenantScopeAsync();
        (await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<DisplayScreenshot>().CountAsync(s => s.DisplayId == id, Ct)).ShouldBe(3);
        (await AsDisplay(app, "dsp_wrong").PutAsync("/api/displays/me/screenshot", new ByteArrayContent(Png), Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory, DatabaseData]
    public async Task A_failing_or_hanging_departures_url_marks_only_its_tile_unavailable(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var upstream = await FakeDeparturesServer.StartAsync();
        var admin = await app.ClientAsync("demo", "admin");
        var (_, code) = await CreateDisplayAsync(admin, new
        {
            tiles = new object[]
            {
                new { type = "departures", title = "Bus", url = upstream.Url + "/board.json" },
                new { type = "departures", title = "Kaputt", url = upstream.Url + "/broken.json" },
                new { type = "news" },
                new { type = "departures", title = "Hängt", url = upstream.Url + "/hang.json" },
                new { type = "departures", title = "Wartung", url = upstream.Url + "/html" },
            },
        });
        var display = AsDisplay(app, await RegisterAsync(app.AnonymousClient(), code));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var response = await display.GetAsync("/api/displays/me/content", Ct);
        clock.Stop();

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        var tiles = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("tiles");
        tiles.GetArrayLength().ShouldBe(5);
        var bus = tiles[0];
        bus.GetProperty("available").GetBoolean().ShouldBeTrue();
        var departures = bus.GetProperty("departures");
        departures.GetArrayLength().ShouldBe(2);
        departures[0].GetProperty("line").GetString().ShouldBe("S7"); // the next one first
        departures[1].GetProperty("direction").GetString().ShouldBe("Hauptbahnhof");
        departures[1].GetProperty("platform").GetString().ShouldBe("2");
        tiles[1].GetProperty("available").GetBoolean().ShouldBeFalse();
        tiles[1].GetProperty("error").GetString().ShouldNotBeNullOrEmpty();
        tiles[2].GetProperty("available").GetBoolean().ShouldBeTrue();
        tiles[3].GetProperty("available").GetBoolean().ShouldBeFalse();
        tiles[3].GetProperty("error").GetString()!.ShouldContain("rechtzeitig");
        tiles[4].GetProperty("available").GetBoolean().ShouldBeFalse();

        // the boards are cached: a second poll does not ask the upstream again
        var requests = upstream.Requests;
        (await display.GetAsync("/api/displays/me/content", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        upstream.Requests.ShouldBe(requests);
    }

    [Theory, DatabaseData]
    public async Task Sensor_tiles_show_the_latest_value_of_public_datastreams_only(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        List<Datastream> streams;
        await using (var scope = await app.TenantScopeAsync())
        {
            await scope.ServiceProvider.GetRequiredService<SeedDemoSensors>().SeedAsync(Ct);
            var database = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
            streams = await database.Set<Datastream>().OrderBy(d => d.Id).Take(3).ToListAsync(Ct);
            streams[2].AccessLevel = SensingAccessLevels.Internal;
            await database.SaveChangesAsync(Ct);
        }

        var admin = await app.ClientAsync("demo", "admin");
        var ids = streams.Select(d => d.Id).Reverse().ToArray();
        var (_, code) = await CreateDisplayAsync(admin, new { tiles = new object[] { new { type = "sensors", title = "Luft", datastreamIds = ids } } });
        var display = AsDisplay(app, await RegisterAsync(app.AnonymousClient(), code));

        var tile = (await display.GetFromJsonAsync<JsonElement>("/api/displays/me/content", Ct)).GetProperty("tiles")[0];

        tile.GetProperty("title").GetString().ShouldBe("Luft");
        var values = tile.GetProperty("sensors");
        values.GetArrayLength().ShouldBe(2); // the internal one is not shown in the street
        values[0].GetProperty("datastreamId").GetInt64().ShouldBe(streams[1].Id); // in the configured order
        values[1].GetProperty("datastreamId").GetInt64().ShouldBe(streams[0].Id);
        values[1].GetProperty("name").GetString().ShouldBe(streams[0].Name);
        values[1].GetProperty("value").GetRawText().ShouldBe(JsonDocument.Parse(streams[0].LatestResult!).RootElement.GetRawText());
        values[1].GetProperty("time").GetDateTimeOffset().ShouldBe(streams[0].LatestPhenomenonTime!.Value);
    }

    [Theory, DatabaseData]
    public async Task Admin_pages_list_displays_with_their_state_and_the_kiosk_page_exists_only_for_known_displays(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var admin = await app.ClientAsync("demo", "admin");
        var (id, code) = await CreateDisplayAsync(admin);
        var display = AsDisplay(app, await RegisterAsync(app.AnonymousClient(), code));
        (await display.PostAsJsonAsync("/api/displays/me/heartbeat", new { version = "kiosk 9" }, Ct)).EnsureSuccessStatusCode();

        var list = await admin.GetAsync("/verwaltung/stelen", Ct);
        list.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await list.Content.ReadAsStringAsync(Ct);
        html.ShouldContain("Stele Marktplatz");
        html.ShouldContain("status--online");
        html.ShouldContain("kiosk 9");

        var edit = await admin.GetAsync($"/verwaltung/stelen/{id}", Ct);
        edit.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await edit.Content.ReadAsStringAsync(Ct)).ShouldContain("value=\"Stele Marktplatz\"");
        (await app.AnonymousClient().GetAsync("/verwaltung/stelen", Ct)).StatusCode.ShouldNotBe(HttpStatusCode.OK);

        var kiosk = await app.AnonymousClient().GetAsync($"/display/{id}", Ct);
        kiosk.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await kiosk.Content.ReadAsStringAsync(Ct);
        page.ShouldContain($"data-display-id=\"{id}\"");
        page.ShouldContain("js/display.js");
        page.ShouldNotContain(code);
        (await app.AnonymousClient().GetAsync($"/t/demo/display/{id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.AnonymousClient().GetAsync($"/display/{Guid.NewGuid()}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.AnonymousClient().GetAsync("/display/sw.js", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
