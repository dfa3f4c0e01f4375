using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Catalog.Settings;

public sealed class CatalogSettingsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Contributor = "http://dcat-ap.de/def/contributors/stadtMusterstadt";

    [Theory, DatabaseData]
    public async Task A_steward_sets_the_contributor_id_and_the_DCAT_export_carries_it(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using (var scope = await app.TenantScopeAsync())
        {
            await DatasetStoreTests.OrganizationAsync(scope.ServiceProvider);
            (await scope.ServiceProvider.GetRequiredService<DatasetStore>().CreateAsync(
                DatasetStoreTests.Input("radzaehlung", "Radzählstellen"), CatalogCaller.System("test"), Ct)).Errors.ShouldBeEmpty();
        }

        var steward = await app.ClientAsync("demo", "data-steward");

        var put = await steward.PutAsJsonAsync("/api/catalog/settings", new { contributorId = Contributor, title = "Offene Daten Musterstadt", minimumQuality = 40 }, Ct);
        var got = await steward.GetFromJsonAsync<JsonObject>("/api/catalog/settings", Ct);
        var catalog = await app.AnonymousClient().GetStringAsync("/catalog.ttl", Ct);

        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        got!["contributorId"]!.GetValue<string>().ShouldBe(Contributor);
        got["minimumQuality"]!.GetValue<int>().ShouldBe(40);
        catalog.ShouldContain(Contributor);
        catalog.ShouldContain("Offene Daten Musterstadt");
    }

    [Theory, DatabaseData]
    public async Task Invalid_settings_are_400_field_by_field_and_outsiders_are_kept_out(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var steward = await app.ClientAsync("demo", "data-steward");
        var staff = await app.ClientAsync("demo", "staff");

        var invalid = await steward.PutAsJsonAsync("/api/catalog/settings", new { contributorId = "musterstadt", minimumQuality = 101 }, Ct);
        var problem = await invalid.Content.ReadFromJsonAsync<JsonObject>(Ct);

        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        problem!["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["contributorId", "minimumQuality"], ignoreOrder: true);
        (await staff.GetAsync("/api/catalog/settings", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.AnonymousClient().GetAsync("/api/catalog/settings", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
