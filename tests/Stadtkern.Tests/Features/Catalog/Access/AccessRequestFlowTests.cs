using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Catalog.Access;

/// <summary>Request → decision → grant → use (or not), over HTTP, with <see cref="DataAccess"/> as every data path asks it.</summary>
public sealed class AccessRequestFlowTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task An_approved_request_opens_the_data_until_the_grant_expires_and_every_decision_is_audited(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await Marketplace.DatasetAsync(app, "leitungsnetz");
        var userId = await Marketplace.UserAsync(app, "forscherin@uni.example");
        var person = await Marketplace.SignInAsync(app, "forscherin@uni.example");
        var steward = await app.ClientAsync("demo", Roles.DataSteward);
        var caller = Marketplace.Person(userId, Roles.Citizen);

        (await Marketplace.CanUseAsync(app, "leitungsnetz", caller)).ShouldBeFalse();
        var created = await person.PostAsJsonAsync("/api/catalog/datasets/leitungsnetz/access-requests",
            new { purpose = "Masterarbeit zur Netzauslastung im Quartier", organization = "Universität Musterstadt" }, Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var request = (await created.Content.ReadFromJsonAsync<RequestDto>(Ct)).ShouldNotBeNull();
        request.Status.ShouldBe("pending");
        request.Requester.ShouldBe(new PartyDto("user", userId, "forscherin@uni.example"));

        var pending = await steward.GetFromJsonAsync<RequestDto[]>("/api/catalog/access-requests", Ct);
        pending.ShouldNotBeNull().Select(r => r.Id).ShouldBe([request.Id]);
        var expires = DateTimeOffset.UtcNow.AddDays(30);
        var approved = await steward.PostAsJsonAsync($"/api/catalog/access-requests/{request.Id}/approve",
            new { conditions = "Nur für die Masterarbeit; keine Weitergabe.", expires }, Ct);
        approved.StatusCode.ShouldBe(HttpStatusCode.OK);
        var decided = (await approved.Content.ReadFromJsonAsync<RequestDto>(Ct)).ShouldNotBeNull();
        decided.Status.ShouldBe("approved");
        decided.Conditions.ShouldBe("Nur für die Masterarbeit; keine Weitergabe.");
        decided.GrantId.ShouldNotBeNull();

        (await Marketplace.CanUseAsync(app, "leitungsnetz", caller, use: DataUse.Query)).ShouldBeTrue();
        var mine = await person.GetFromJsonAsync<RequestDto[]>("/api/catalog/access-requests/mine", Ct);
        mine.ShouldNotBeNull().ShouldHaveSingleItem().Status.ShouldBe("approved");

        // The end passes (set in the database, as time would).
        await using (var scope = await app.TenantScopeAsync())
        {
            var store = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
            var grant = await store.Set<AccessGrant>().SingleAsync(g => g.Id == decided.GrantId, Ct);
            grant.ValidUntil = DateTimeOffset.UtcNow.AddMinutes(-1);
            await store.SaveChangesAsync(Ct);
        }

        (await Marketplace.CanUseAsync(app, "leitungsnetz", caller)).ShouldBeFalse();

        var audit = await Marketplace.AuditAsync(app);
        audit.Select(a => (a.UserId, a.Use, a.Allowed, a.Basis)).ShouldBe(
        [
            (userId, DataUse.Download, false, AccessBasis.None),
            (userId, DataUse.Query, true, AccessBasis.Grant),
            (userId, DataUse.Download, false, AccessBasis.None),
        ]);
        audit[1].GrantId.ShouldBe(decided.GrantId);
        audit.ShouldAllBe(a => a.DatasetName == "leitungsnetz");
    }

    [Theory, DatabaseData]
    public async Task A_rejected_request_carries_the_note_and_opens_nothing(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await Marketplace.DatasetAsync(app, "leitungsnetz");
        var userId = await Marketplace.UserAsync(app, "neugierig@example.org");
        var person = await Marketplace.SignInAsync(app, "neugierig@example.org");
        var steward = await app.ClientAsync("demo", Roles.DataSteward);
        var request = await (await person.PostAsJsonAsync("/api/catalog/datasets/leitungsnetz/access-requests", new { purpose = "Ich möchte es einfach wissen." }, Ct))
            .Content.ReadFromJsonAsync<RequestDto>(Ct);

        var noNote = await steward.PostAsJsonAsync($"/api/catalog/access-requests/{request!.Id}/reject", new { note = " " }, Ct);
        var rejected = await steward.PostAsJsonAsync($"/api/catalog/access-requests/{request.Id}/reject", new { note = "Kein dienstlicher Zweck erkennbar." }, Ct);
        var again = await steward.PostAsJsonAsync($"/api/catalog/access-requests/{request.Id}/approve", new { }, Ct);

        noNote.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        rejected.StatusCode.ShouldBe(HttpStatusCode.OK);
        var mine = (await person.GetFromJsonAsync<RequestDto[]>("/api/catalog/access-requests/mine", Ct)).ShouldNotBeNull().ShouldHaveSingleItem();
        mine.Status.ShouldBe("rejected");
        mine.DecisionNote.ShouldBe("Kein dienstlicher Zweck erkennbar.");
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        again.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await Marketplace.CanUseAsync(app, "leitungsnetz", Marketplace.Person(userId, Roles.Citizen))).ShouldBeFalse();
        (await steward.GetFromJsonAsync<RequestDto[]>("/api/catalog/access-requests", Ct)).ShouldNotBeNull().ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task A_direct_grant_works_at_once_and_revoking_it_closes_the_data_again(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await Marketplace.DatasetAsync(app, "leitungsnetz");
        var userId = await Marketplace.UserAsync(app, "planer@stadtwerke.example");
        var steward = await app.ClientAsync("demo", Roles.DataSteward);
        var caller = Marketplace.Person(userId, Roles.Citizen);

        var response = await steward.PostAsJsonAsync("/api/catalog/datasets/leitungsnetz/grants",
            new { granteeKind = "user", grantee = "Planer@Stadtwerke.example", conditions = "Netzplanung 2026" }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var grant = (await response.Content.ReadFromJsonAsync<GrantDto>(Ct)).ShouldNotBeNull();
        grant.Grantee.Id.ShouldBe(userId);
        (await Marketplace.CanUseAsync(app, "leitungsnetz", caller)).ShouldBeTrue();
        (await steward.GetFromJsonAsync<GrantDto[]>("/api/catalog/grants?dataset=leitungsnetz", Ct)).ShouldNotBeNull().ShouldHaveSingleItem().Active.ShouldBeTrue();

        (await steward.DeleteAsync($"/api/catalog/grants/{grant.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Marketplace.CanUseAsync(app, "leitungsnetz", caller)).ShouldBeFalse();
        (await steward.GetFromJsonAsync<GrantDto[]>("/api/catalog/grants", Ct)).ShouldNotBeNull().ShouldBeEmpty();
        (await steward.GetFromJsonAsync<GrantDto[]>("/api/catalog/grants?all=true", Ct)).ShouldNotBeNull().ShouldHaveSingleItem().RevokedAt.ShouldNotBeNull();
        (await steward.DeleteAsync($"/api/catalog/grants/{Guid.NewGuid()}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, DatabaseData]
    public async Task An_app_token_asks_for_itself_and_only_that_token_gets_the_data(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await Marketplace.DatasetAsync(app, "leitungsnetz");
        var appSecret = await app.CreateTokenAsync("demo", Roles.App);
        var otherSecret = await app.CreateTokenAsync("demo", Roles.App);
        var appClient = app.ClientWithToken(appSecret);
        var steward = await app.ClientAsync("demo", Roles.DataSteward);
        var tokenId = await Marketplace.TokenIdAsync(app, appSecret);
        var otherId = await Marketplace.TokenIdAsync(app, otherSecret);

        var request = await (await appClient.PostAsJsonAsync("/api/catalog/datasets/leitungsnetz/access-requests", new { purpose = "Stele am Bahnhof zeigt Netzstörungen" }, Ct))
            .Content.ReadFromJsonAsync<RequestDto>(Ct);
        request!.Requester.Kind.ShouldBe("token");
        (await steward.PostAsJsonAsync($"/api/catalog/access-requests/{request.Id}/approve", new { conditions = (string?)null }, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await Marketplace.CanUseAsync(app, "leitungsnetz", Marketplace.App(tokenId, Roles.App))).ShouldBeTrue();
        (await Marketplace.CanUseAsync(app, "leitungsnetz", Marketplace.App(otherId, Roles.App))).ShouldBeFalse();
        var grants = await steward.GetFromJsonAsync<GrantDto[]>("/api/catalog/grants", Ct);
        grants.ShouldNotBeNull().ShouldHaveSingleItem().Grantee.ShouldBe(new PartyDto("token", tokenId, "test"));
        (await appClient.GetFromJsonAsync<RequestDto[]>("/api/catalog/access-requests/mine", Ct)).ShouldNotBeNull().ShouldHaveSingleItem().Status.ShouldBe("approved");
    }

    [Theory, DatabaseData]
    public async Task The_requester_can_withdraw_an_open_request_and_then_ask_again(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await Marketplace.DatasetAsync(app, "leitungsnetz");
        await Marketplace.UserAsync(app, "a@example.org");
        await Marketplace.UserAsync(app, "b@example.org");
        var a = await Marketplace.SignInAsync(app, "a@example.org");
        var b = await Marketplace.SignInAsync(app, "b@example.org");
        var body = new { purpose = "Auswertung für den Bürgerverein" };
        var request = await (await a.PostAsJsonAsync("/api/catalog/datasets/leitungsnetz/access-requests", body, Ct)).Content.ReadFromJsonAsync<RequestDto>(Ct);

        (await b.PostAsync($"/api/catalog/access-requests/{request!.Id}/withdraw", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await a.PostAsync($"/api/catalog/access-requests/{request.Id}/withdraw", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await a.PostAsync($"/api/catalog/access-requests/{request.Id}/withdraw", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        (await a.PostAsJsonAsync("/api/catalog/datasets/leitungsnetz/access-requests", body, Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await a.GetFromJsonAsync<RequestDto[]>("/api/catalog/access-requests/mine", Ct)).ShouldNotBeNull().Select(r => r.Status).ShouldBe(["pending", "withdrawn"], ignoreOrder: true);
    }
}
