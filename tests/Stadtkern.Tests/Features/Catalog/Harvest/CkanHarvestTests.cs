using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Catalog.Harvest;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;
using static Stadtkern.Tests.Features.Catalog.Harvest.HarvestKit;

namespace Stadtkern.Tests.Features.Catalog.Harvest;

public sealed class CkanHarvestTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static readonly DateTimeOffset Epoch = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Theory, DatabaseData]
    public async Task A_ckan_catalogue_is_harvested_page_by_page_then_incrementally_with_changes_additions_and_deletions(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        Configure(app);
        await using var server = await FakeCatalogServer.StartAsync();
        foreach (var package in Packages(250, Epoch))
        {
            server.Packages[package.Id] = package;
        }

        var client = await app.ClientAsync("demo", "data-steward");
        var sourceId = await CreateSourceAsync(client, "nachbarstadt", "ckan", server.Url);

        var first = await RunToEndAsync(app, await StartRunAsync(client, sourceId));

        first.Status.ShouldBe(HarvestRunStatus.Succeeded, first.Message);
        (first.Created, first.Updated, first.Unchanged, first.Deleted, first.Failed).ShouldBe((250, 0, 0, 0, 0));
        (first.PagesDone, first.PagesTotal, first.RecordsDone, first.RecordsTotal).ShouldBe((3, 3, 250, 250));
        server.Requests.Count(r => r.Contains("package_search", StringComparison.Ordinal)).ShouldBe(3);
        var before = (await HarvestedAsync(app, sourceId)).ToDictionary(d => d.HarvestIdentifier!);
        before.Count.ShouldBe(250);
        var sample = before["pkg-0007"];
        sample.Name.ShouldBe("zaehlstelle-0007");
        sample.Organization!.Name.ShouldBe("verkehrsamt");
        sample.Themes.ShouldBe(["TRAN"]);
        sample.Tags.ShouldBe(["Verkehr", "Zählung Statistik"]);
        sample.LicenseId.ShouldBe("dl-by-de/2.0");
        sample.TemporalStart.ShouldBe(new DateOnly(2020, 1, 1));
        sample.Extras.ShouldContain(e => e.Key == "quelle" && e.Value == "Zählstelle");
        sample.Resources.Single().Format.ShouldBe("CSV");
        sample.Modified.ShouldBe(HarvestText.Truncate(Epoch.AddMinutes(7)));

        // At the source: one changed, one new, one deleted.
        server.Packages["pkg-0100"] = server.Packages["pkg-0100"] with { Title = "Zählstelle 100 (neu vermessen)", Modified = Epoch.AddDays(1) };
        server.Packages["pkg-0251"] = new FakePackage("pkg-0251", "zaehlstelle-0251", "Zählstelle 251", Epoch.AddDays(1), Epoch.AddDays(1).AddMinutes(1));
        server.Packages.TryRemove("pkg-0042", out _).ShouldBeTrue();
        server.Requests.Clear();

        var second = await RunToEndAsync(app, await StartRunAsync(client, sourceId));

        second.Status.ShouldBe(HarvestRunStatus.Succeeded, second.Message);
        (second.Created, second.Updated, second.Deleted, second.Failed).ShouldBe((1, 1, 1, 0));
        second.Unchanged.ShouldBe(1); // the newest package of the first run sits exactly on the high-water mark
        server.Requests.ShouldContain(r => r.Contains("metadata_modified%3A%5B2025-03-01T12%3A10%3A00.000Z", StringComparison.Ordinal));
        var after = (await HarvestedAsync(app, sourceId)).ToDictionary(d => d.HarvestIdentifier!);
        after["pkg-0100"].Title.ShouldBe("Zählstelle 100 (neu vermessen)");
        after["pkg-0100"].Version.ShouldBe(before["pkg-0100"].Version + 1);
        after["pkg-0100"].Name.ShouldBe("zaehlstelle-0100");
        after["pkg-0100"].Resources.Single().Id.ShouldBe(before["pkg-0100"].Resources.Single().Id);
        after["pkg-0251"].State.ShouldBe(DatasetState.Active);
        after["pkg-0042"].State.ShouldBe(DatasetState.Deleted);
        var untouched = before.Keys.Except(["pkg-0100", "pkg-0042"]).ToList();
        untouched.ShouldAllBe(id => after[id].Version == before[id].Version && after[id].Modified == before[id].Modified);

        var third = await RunToEndAsync(app, await StartRunAsync(client, sourceId));
        (third.Created, third.Updated, third.Deleted, third.Failed).ShouldBe((0, 0, 0, 0));
    }

    [Theory, DatabaseData]
    public async Task A_run_cancelled_midway_stops_and_resumes_from_its_cursor_to_completion(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        Configure(app);
        await using var server = await FakeCatalogServer.StartAsync();
        foreach (var package in Packages(250, Epoch))
        {
            server.Packages[package.Id] = package;
        }

        server.GateAtStart = 100;
        var client = await app.ClientAsync("demo", "data-steward");
        var sourceId = await CreateSourceAsync(client, "gebremst", "stadtkern", server.Url + "/api/3/action");
        var runId = await StartRunAsync(client, sourceId);
        var work = app.Services.GetRequiredService<HarvestWorker>().TryRunAsync(runId, Ct);

        await server.GateReached.Task.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        var progress = await client.GetFromJsonAsync<HarvestRunResponse>($"/api/catalog/harvest/runs/{runId}", Ct);
        progress!.Status.ShouldBe("running");
        progress.Progress.RecordsDone.ShouldBe(100);
        var cancel = await client.PostAsync($"/api/catalog/harvest/runs/{runId}/cancel", null, Ct);
        cancel.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        server.GateAtStart = null;
        server.Gate.SetResult();

        var cancelled = await WaitForEndAsync(app, runId, work: work);
        cancelled.Status.ShouldBe(HarvestRunStatus.Cancelled);
        cancelled.Created.ShouldBeInRange(100, 101);
        cancelled.Cursor.ShouldNotBeNull();
        (await HarvestedAsync(app, sourceId)).Count.ShouldBe(cancelled.Created);
        (await client.PostAsync($"/api/catalog/harvest/runs/{runId}/cancel", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var resume = await client.PostAsync($"/api/catalog/harvest/runs/{runId}/resume", null, Ct);
        resume.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var done = await RunToEndAsync(app, runId);

        done.Status.ShouldBe(HarvestRunStatus.Succeeded, done.Message);
        (done.Created, done.Updated, done.Unchanged, done.Failed).ShouldBe((250, 0, 0, 0));
        done.RecordsDone.ShouldBe(250);
        var datasets = await HarvestedAsync(app, sourceId);
        datasets.Count.ShouldBe(250);
        datasets.Select(d => d.HarvestIdentifier).Distinct().Count().ShouldBe(250);
    }

    [Theory, DatabaseData]
    public async Task A_source_that_never_answers_fails_by_timeout_instead_of_hanging(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        Configure(app, requestTimeoutSeconds: 2);
        await using var server = await FakeCatalogServer.StartAsync();
        var client = await app.ClientAsync("demo", "data-steward");
        var sourceId = await CreateSourceAsync(client, "stumm", "ckan", server.Url + "/hang");

        var clock = Stopwatch.StartNew();
        var run = await RunToEndAsync(app, await StartRunAsync(client, sourceId), TimeSpan.FromSeconds(30));

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
        run.Status.ShouldBe(HarvestRunStatus.Failed);
        run.Message.ShouldNotBeNull().ShouldContain("Zeitüberschreitung");
        run.Cursor.ShouldBeNull();
        (await ErrorsAsync(app, run.Id)).ShouldContain(e => e.Message.Contains("Zeitüberschreitung", StringComparison.Ordinal));
        var resumable = await client.GetFromJsonAsync<HarvestRunResponse>($"/api/catalog/harvest/runs/{run.Id}", Ct);
        resumable!.Resumable.ShouldBeTrue();
    }

    [Theory, DatabaseData]
    public async Task An_oversized_response_is_aborted_at_the_size_limit(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        Configure(app, maxResponseBytes: 256 * 1024);
        await using var server = await FakeCatalogServer.StartAsync();
        var client = await app.ClientAsync("demo", "data-steward");
        var sourceId = await CreateSourceAsync(client, "riesig", "ckan", server.Url + "/huge");

        var run = await RunToEndAsync(app, await StartRunAsync(client, sourceId), TimeSpan.FromSeconds(30));

        run.Status.ShouldBe(HarvestRunStatus.Failed);
        run.Message.ShouldNotBeNull().ShouldContain("größer als die Grenze von 262144 Bytes");
        (await HarvestedAsync(app, sourceId)).ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task A_source_on_loopback_is_refused_without_an_operator_allow_list_entry(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        Configure(app, allowLoopback: false);
        await using var server = await FakeCatalogServer.StartAsync();
        server.Packages["p1"] = Packages(1, Epoch)[0];
        var client = await app.ClientAsync("demo", "data-steward");
        var byAddress = await CreateSourceAsync(client, "loopback", "ckan", server.Url);
        var byName = await CreateSourceAsync(client, "localhost", "ckan", $"http://localhost:{server.Port}");

        var refused = await RunToEndAsync(app, await StartRunAsync(client, byAddress));
        var refusedByName = await RunToEndAsync(app, await StartRunAsync(client, byName));

        refused.Status.ShouldBe(HarvestRunStatus.Failed);
        refused.Message.ShouldNotBeNull().ShouldContain("verweigert");
        refusedByName.Status.ShouldBe(HarvestRunStatus.Failed);
        refusedByName.Message.ShouldNotBeNull().ShouldContain("Loopback");
        server.Requests.ShouldBeEmpty();

        // The operator's per-source permission (instance admin only) lets it through.
        var steward = await client.PutAsJsonAsync($"/api/catalog/harvest/sources/{byAddress}",
            new { name = "loopback", kind = "ckan", url = server.Url, allowPrivateNetwork = true }, Ct);
        steward.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var admin = await app.ClientAsync("demo", "admin");
        var allowed = await admin.PutAsJsonAsync($"/api/catalog/harvest/sources/{byAddress}",
            new { name = "loopback", kind = "ckan", url = server.Url, allowPrivateNetwork = true }, Ct);
        allowed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var run = await RunToEndAsync(app, await StartRunAsync(client, byAddress));
        run.Status.ShouldBe(HarvestRunStatus.Succeeded, run.Message);
        run.Created.ShouldBe(1);
    }

    [Theory, DatabaseData]
    public async Task The_api_rejects_bad_sources_with_problem_details_and_allows_one_active_run_per_source(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        Configure(app);
        var client = await app.ClientAsync("demo", "data-steward");

        var invalid = await client.PostAsJsonAsync("/api/catalog/harvest/sources", new { name = "Böse Quelle", kind = "ftp", url = "file:///etc/passwd", intervalMinutes = 1 }, Ct);
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        invalid.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await invalid.Content.ReadAsStringAsync(Ct);
        problem.ShouldContain("\"name\"");
        problem.ShouldContain("\"kind\"");
        problem.ShouldContain("\"url\"");
        problem.ShouldContain("\"intervalMinutes\"");
        (await client.PostAsync("/api/catalog/harvest/sources", new StringContent("{nope", System.Text.Encoding.UTF8, "application/json"), Ct))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var id = await CreateSourceAsync(client, "doppelt", "dcat", "https://daten.example/catalog.ttl");
        (await client.PostAsJsonAsync("/api/catalog/harvest/sources", new { name = "doppelt", kind = "ckan", url = "https://daten.example" }, Ct))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await StartRunAsync(client, id);
        (await client.PostAsync($"/api/catalog/harvest/sources/{id}/runs", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await client.GetAsync($"/api/catalog/harvest/runs/{Guid.NewGuid()}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.ClientAsync("demo", "citizen")).GetAsync("/api/catalog/harvest/sources", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.AnonymousClient().GetAsync("/api/catalog/harvest/sources", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var sources = await client.GetFromJsonAsync<List<HarvestSourceResponse>>("/api/catalog/harvest/sources", Ct);
        sources!.Single().LastRun.ShouldNotBeNull();
    }
}
