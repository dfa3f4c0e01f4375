using System.Net;
using System.Net.Http.Json;
using System.Text;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Catalog.Access;

/// <summary>Bad input gets 4xx problem details, never 500; the audit log and its CSV export.</summary>
public sealed class MarketplaceInputTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task Bad_requests_for_access_are_problems_with_the_right_status(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await Marketplace.DatasetAsync(app, "leitungsnetz");
        await Marketplace.DatasetAsync(app, "radwege", AccessLevel.Public);
        await Marketplace.DatasetAsync(app, "personalplan", AccessLevel.Internal);
        await Marketplace.UserAsync(app, "a@example.org");
        var person = await Marketplace.SignInAsync(app, "a@example.org");
        var purpose = new { purpose = "Auswertung für den Bürgerverein" };

        await ShouldBeProblem(await app.AnonymousClient().PostAsJsonAsync("/api/catalog/datasets/leitungsnetz/access-requests", purpose, Ct), HttpStatusCode.Unauthorized);
        await ShouldBeProblem(await person.PostAsJsonAsync("/api/catalog/datasets/leitungsnetz/access-requests", new { purpose = "" }, Ct), HttpStatusCode.BadRequest, "purpose");
        await ShouldBeProblem(await person.PostAsJsonAsync("/api/catalog/datasets/leitungsnetz/access-requests", new { organization = "x" }, Ct), HttpStatusCode.BadRequest, "purpose");
        await ShouldBeProblem(await person.PostAsJsonAsync("/api/catalog/datasets/leitungsnetz/access-requests", new { purpose = new string('x', 5000) }, Ct), HttpStatusCode.BadRequest, "purpose");
        await ShouldBeProblem(await person.PostAsync("/api/catalog/datasets/leitungsnetz/access-requests", new StringContent("{\"purpose\":", Encoding.UTF8, "application/json"), Ct), HttpStatusCode.BadRequest);
        await ShouldBeProblem(await person.PostAsJsonAsync("/api/catalog/datasets/radwege/access-requests", purpose, Ct), HttpStatusCode.Conflict);
        await ShouldBeProblem(await person.PostAsJsonAsync("/api/catalog/datasets/personalplan/access-requests", purpose, Ct), HttpStatusCode.NotFound);
        await ShouldBeProblem(await person.PostAsJsonAsync("/api/catalog/datasets/gibtsnicht/access-requests", purpose, Ct), HttpStatusCode.NotFound);
        (await person.PostAsJsonAsync("/api/catalog/datasets/leitungsnetz/access-requests", purpose, Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await ShouldBeProblem(await person.PostAsJsonAsync("/api/catalog/datasets/leitungsnetz/access-requests", purpose, Ct), HttpStatusCode.Conflict);
    }

    [Theory, DatabaseData]
    public async Task Bad_decisions_and_grants_are_problems_with_the_right_status(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await Marketplace.DatasetAsync(app, "leitungsnetz");
        await Marketplace.DatasetAsync(app, "radwege", AccessLevel.Public);
        await Marketplace.UserAsync(app, "a@example.org");
        var person = await Marketplace.SignInAsync(app, "a@example.org");
        var steward = await app.ClientAsync("demo", Roles.DataSteward);
        var request = await (await person.PostAsJsonAsync("/api/catalog/datasets/leitungsnetz/access-requests", new { purpose = "Auswertung für den Bürgerverein" }, Ct))
            .Content.ReadFromJsonAsync<RequestDto>(Ct);
        var approve = $"/api/catalog/access-requests/{request!.Id}/approve";

        await ShouldBeProblem(await person.PostAsJsonAsync(approve, new { }, Ct), HttpStatusCode.Forbidden);
        await ShouldBeProblem(await steward.PostAsJsonAsync(approve, new { expires = DateTimeOffset.UtcNow.AddDays(-1) }, Ct), HttpStatusCode.BadRequest, "expires");
        await ShouldBeProblem(await steward.PostAsJsonAsync(approve, new { expires = "nächste Woche" }, Ct), HttpStatusCode.BadRequest);
        await ShouldBeProblem(await steward.PostAsJsonAsync(approve, new { conditions = new string('x', 2001) }, Ct), HttpStatusCode.BadRequest, "conditions");
        await ShouldBeProblem(await steward.PostAsJsonAsync($"/api/catalog/access-requests/{Guid.NewGuid()}/approve", new { }, Ct), HttpStatusCode.NotFound);
        await ShouldBeProblem(await steward.PostAsJsonAsync("/api/catalog/access-requests/kein-guid/approve", new { }, Ct), HttpStatusCode.NotFound);
        await ShouldBeProblem(await steward.GetAsync("/api/catalog/access-requests?status=vielleicht", Ct), HttpStatusCode.BadRequest, "status");

        await ShouldBeProblem(await steward.PostAsJsonAsync("/api/catalog/datasets/leitungsnetz/grants", new { granteeKind = "abteilung", grantee = "x" }, Ct), HttpStatusCode.BadRequest, "granteeKind");
        await ShouldBeProblem(await steward.PostAsJsonAsync("/api/catalog/datasets/leitungsnetz/grants", new { granteeKind = "user", grantee = "niemand@example.org" }, Ct), HttpStatusCode.BadRequest, "grantee");
        await ShouldBeProblem(await steward.PostAsJsonAsync("/api/catalog/datasets/leitungsnetz/grants", new { granteeKind = "token", grantee = "kein-token" }, Ct), HttpStatusCode.BadRequest, "grantee");
        await ShouldBeProblem(await steward.PostAsJsonAsync("/api/catalog/datasets/leitungsnetz/grants", new { granteeKind = "tenant", grantee = "gibtsnicht" }, Ct), HttpStatusCode.BadRequest, "grantee");
        await ShouldBeProblem(await steward.PostAsJsonAsync("/api/catalog/datasets/leitungsnetz/grants", new { granteeKind = "tenant", grantee = "demo", validUntil = DateTimeOffset.UtcNow.AddHours(-1) }, Ct), HttpStatusCode.BadRequest, "validUntil");
        await ShouldBeProblem(await steward.PostAsJsonAsync("/api/catalog/datasets/radwege/grants", new { granteeKind = "tenant", grantee = "demo" }, Ct), HttpStatusCode.Conflict);
        await ShouldBeProblem(await steward.PostAsJsonAsync("/api/catalog/datasets/gibtsnicht/grants", new { granteeKind = "tenant", grantee = "demo" }, Ct), HttpStatusCode.NotFound);

        await ShouldBeProblem(await steward.GetAsync("/api/catalog/audit?outcome=vielleicht", Ct), HttpStatusCode.BadRequest, "outcome");
        await ShouldBeProblem(await steward.GetAsync("/api/catalog/audit?from=gestern", Ct), HttpStatusCode.BadRequest);
        await ShouldBeProblem(await steward.GetAsync("/api/catalog/audit?limit=0", Ct), HttpStatusCode.BadRequest, "limit");
        await ShouldBeProblem(await steward.GetAsync("/api/catalog/audit.csv?to=morgen", Ct), HttpStatusCode.BadRequest);
    }

    [Theory, DatabaseData]
    public async Task The_audit_log_lists_and_exports_allowed_and_denied_uses_with_filters(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await Marketplace.DatasetAsync(app, "leitungsnetz");
        await Marketplace.DatasetAsync(app, "radwege", AccessLevel.Public);
        var userId = await Marketplace.UserAsync(app, "a@example.org", displayName: "=HYPERLINK(1)");
        var steward = await app.ClientAsync("demo", Roles.DataSteward);
        (await steward.PostAsJsonAsync("/api/catalog/datasets/leitungsnetz/grants", new { granteeKind = "user", grantee = userId.ToString() }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        (await Marketplace.CanUseAsync(app, "leitungsnetz", CatalogCaller.Anonymous)).ShouldBeFalse();
        (await Marketplace.CanUseAsync(app, "leitungsnetz", Marketplace.Person(userId), use: DataUse.Preview)).ShouldBeTrue();
        (await Marketplace.CanUseAsync(app, "leitungsnetz", CatalogCaller.System("harvester"), use: DataUse.Query)).ShouldBeTrue();
        (await Marketplace.CanUseAsync(app, "radwege", CatalogCaller.Anonymous)).ShouldBeTrue();

        var all = (await steward.GetFromJsonAsync<AuditDto[]>("/api/catalog/audit?dataset=leitungsnetz", Ct)).ShouldNotBeNull();
        all.Select(a => (a.Caller.Kind, a.Use, a.Outcome, a.Basis)).ShouldBe(
            [("system", "query", "allowed", "steward"), ("user", "preview", "allowed", "grant"), ("anonymous", "download", "denied", "none")],
            "newest first; public data is not audited");
        (await steward.GetFromJsonAsync<AuditDto[]>("/api/catalog/audit?outcome=denied", Ct)).ShouldNotBeNull().ShouldHaveSingleItem().Outcome.ShouldBe("denied");
        (await steward.GetFromJsonAsync<AuditDto[]>($"/api/catalog/audit?to={Uri.EscapeDataString(before.ToString("O"))}", Ct)).ShouldNotBeNull().ShouldBeEmpty();
        (await steward.GetFromJsonAsync<AuditDto[]>("/api/catalog/audit?dataset=radwege", Ct)).ShouldNotBeNull().ShouldBeEmpty();

        var csv = await steward.GetAsync($"/api/catalog/audit.csv?from={Uri.EscapeDataString(before.ToString("O"))}", Ct);
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var lines = (await csv.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("at,dataset,resource_id,caller_kind,caller_id,caller_name,use,outcome,basis,grant_id");
        lines.Length.ShouldBe(4);
        lines[1].ShouldContain(",anonymous,,anonym,download,denied,none,");
        lines[2].ShouldContain($",user,{userId},'=HYPERLINK(1) <a@example.org>,preview,allowed,grant,");
        lines[3].ShouldContain(",system,,System,query,allowed,steward,");
        (await (await app.ClientAsync("demo", Roles.Staff)).GetAsync("/api/catalog/audit.csv", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private static async Task ShouldBeProblem(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        response.StatusCode.ShouldBe(status);
        if (status == HttpStatusCode.NotFound && response.Content.Headers.ContentLength == 0)
        {
            return;
        }

        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        if (field is not null)
        {
            (await response.Content.ReadAsStringAsync(Ct)).ShouldContain($"\"{field}\"");
        }
    }
}
