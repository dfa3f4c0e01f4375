using System.Net;
using System.Net.Http.Json;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Catalog.Access;

/// <summary>Exchange between administrations, and the walls between tenants' stewards.</summary>
public sealed class CrossTenantAccessTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task A_grant_to_another_administration_opens_the_data_to_its_staff_and_apps_but_not_its_citizens(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await Marketplace.CreateTenantAsync(app, "nachbarort");
        await Marketplace.DatasetAsync(app, "leitungsnetz");
        var asking = await Marketplace.UserAsync(app, "bauamt@nachbarort.example", Roles.Staff, "nachbarort");
        var colleague = await Marketplace.UserAsync(app, "kaemmerei@nachbarort.example", Roles.Staff, "nachbarort");
        var citizen = await Marketplace.UserAsync(app, "buerger@nachbarort.example", Roles.Citizen, "nachbarort");
        var nachbarApp = await Marketplace.TokenIdAsync(app, await app.CreateTokenAsync("nachbarort", Roles.App));
        var outsider = await Marketplace.SignInAsync(app, "buerger@nachbarort.example");
        var person = await Marketplace.SignInAsync(app, "bauamt@nachbarort.example");
        var steward = await app.ClientAsync("demo", Roles.DataSteward);

        // In the demo tenant's URL space (the root) the staff member of Nachbarort has no role, but may ask for their administration.
        (await outsider.PostAsJsonAsync("/api/catalog/datasets/leitungsnetz/access-requests",
            new { purpose = "Abstimmung der Leitungsplanung", forTenant = "nachbarort" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var created = await person.PostAsJsonAsync("/api/catalog/datasets/leitungsnetz/access-requests",
            new { purpose = "Abstimmung der Leitungsplanung an der Gemarkungsgrenze", forTenant = "nachbarort" }, Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var request = (await created.Content.ReadFromJsonAsync<RequestDto>(Ct)).ShouldNotBeNull();
        request.ForTenant!.Kind.ShouldBe("tenant");
        (await steward.PostAsJsonAsync($"/api/catalog/access-requests/{request.Id}/approve", new { expires = DateTimeOffset.UtcNow.AddDays(90) }, Ct))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        (await Marketplace.CanUseAsync(app, "leitungsnetz", Marketplace.Person(asking))).ShouldBeTrue();
        (await Marketplace.CanUseAsync(app, "leitungsnetz", Marketplace.Person(colleague))).ShouldBeTrue();
        (await Marketplace.CanUseAsync(app, "leitungsnetz", Marketplace.App(nachbarApp))).ShouldBeTrue();
        (await Marketplace.CanUseAsync(app, "leitungsnetz", Marketplace.Person(citizen))).ShouldBeFalse();
        var grant = (await steward.GetFromJsonAsync<GrantDto[]>("/api/catalog/grants", Ct)).ShouldNotBeNull().ShouldHaveSingleItem();
        grant.Grantee.Kind.ShouldBe("tenant");
        grant.Grantee.Name.ShouldBe("Gemeinde nachbarort (nachbarort)");
    }

    [Theory, DatabaseData]
    public async Task A_steward_of_one_tenant_can_neither_see_nor_decide_the_requests_of_another(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await Marketplace.CreateTenantAsync(app, "nachbarort");
        await Marketplace.DatasetAsync(app, "wasserrechte", tenant: "nachbarort");
        var asker = app.ClientWithToken(await app.CreateTokenAsync("nachbarort", Roles.App));
        var request = await (await asker.PostAsJsonAsync("/t/nachbarort/api/catalog/datasets/wasserrechte/access-requests", new { purpose = "Fachverfahren Wasserbuch" }, Ct))
            .Content.ReadFromJsonAsync<RequestDto>(Ct);
        request.ShouldNotBeNull().Tenant.ShouldBe("nachbarort");
        var demoSteward = await app.ClientAsync("demo", Roles.DataSteward);
        var ownSteward = await app.ClientAsync("nachbarort", Roles.DataSteward);

        (await demoSteward.GetFromJsonAsync<RequestDto[]>("/api/catalog/access-requests", Ct)).ShouldNotBeNull().ShouldBeEmpty();
        (await demoSteward.PostAsJsonAsync($"/api/catalog/access-requests/{request.Id}/approve", new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await demoSteward.PostAsJsonAsync($"/t/nachbarort/api/catalog/access-requests/{request.Id}/approve", new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await demoSteward.GetAsync("/t/nachbarort/api/catalog/access-requests", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await demoSteward.GetAsync("/t/nachbarort/api/catalog/audit", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await ownSteward.GetFromJsonAsync<RequestDto[]>("/t/nachbarort/api/catalog/access-requests", Ct)).ShouldNotBeNull().ShouldHaveSingleItem();
        (await ownSteward.PostAsJsonAsync($"/t/nachbarort/api/catalog/access-requests/{request.Id}/approve", new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory, DatabaseData]
    public async Task Outsiders_never_see_open_requests(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await Marketplace.DatasetAsync(app, "leitungsnetz");
        await Marketplace.UserAsync(app, "a@example.org");
        await Marketplace.UserAsync(app, "b@example.org");
        var a = await Marketplace.SignInAsync(app, "a@example.org");
        var b = await Marketplace.SignInAsync(app, "b@example.org");
        (await a.PostAsJsonAsync("/api/catalog/datasets/leitungsnetz/access-requests", new { purpose = "Private Auswertung des Netzes" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);

        (await app.AnonymousClient().GetAsync("/api/catalog/access-requests", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await b.GetAsync("/api/catalog/access-requests", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await app.ClientAsync("demo", Roles.App)).GetAsync("/api/catalog/access-requests", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await app.ClientAsync("demo", Roles.Staff)).GetAsync("/api/catalog/access-requests?status=all", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await b.GetFromJsonAsync<RequestDto[]>("/api/catalog/access-requests/mine", Ct)).ShouldNotBeNull().ShouldBeEmpty();
        (await app.AnonymousClient().GetAsync("/api/catalog/access-requests/mine", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
