using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Search;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Catalog;

public sealed class DatasetStoreTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly CatalogCaller Steward = CatalogCaller.System("test");

    internal static async Task<Organization> OrganizationAsync(IServiceProvider services, string name = "tiefbau")
    {
        var store = services.GetRequiredService<OrganizationStore>();
        var (organization, errors) = await store.CreateAsync(name, "Tiefbauamt", null, null, null, null, Ct);
        errors.ShouldBeEmpty();
        return organization!;
    }

    internal static DatasetInput Input(string name, string title, string organization = "tiefbau") => new()
    {
        Name = name,
        Title = title,
        Notes = "Zählstellen des Radverkehrs an den Hauptachsen, stündlich aktualisiert.",
        Organization = organization,
        Tags = ["Radverkehr", "Mobilität"],
        Themes = ["TRAN"],
        LicenseId = "dl-by-de/2.0",
        LicenseAttribution = "Stadt Musterstadt",
        ContactEmail = "tiefbau@musterstadt.example",
        SpatialGeoJson = """{"type":"Point","coordinates":[9.17,47.66]}""",
        Resources = [new ResourceInput { Name = "Zählwerte", Url = "https://daten.musterstadt.example/rad.csv", Format = "csv" }],
    };

    [Theory, DatabaseData]
    public async Task A_created_dataset_is_found_by_a_word_of_its_description_with_facets(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var scope = await app.TenantScopeAsync();
        await OrganizationAsync(scope.ServiceProvider);
        var store = scope.ServiceProvider.GetRequiredService<DatasetStore>();
        (await store.CreateAsync(Input("radzaehlung", "Radzählstellen"), Steward, Ct)).Errors.ShouldBeEmpty();
        (await store.CreateAsync(Input("baustellen", "Baustellen") with { Notes = "Aktuelle Baustellen im Stadtgebiet.", Tags = ["Bauen"] }, Steward, Ct)).Errors.ShouldBeEmpty();

        var hits = await scope.ServiceProvider.GetRequiredService<DatasetSearch>().SearchAsync(
            new DatasetQuery { Text = "Hauptachsen", FacetFields = ["tags", "res_format", "organization"] }, CatalogCaller.Anonymous, Ct);

        hits.Total.ShouldBe(1);
        hits.Facets["tags"].ShouldContain(new FacetCount("Radverkehr", 1));
        hits.Facets["res_format"].ShouldBe([new FacetCount("CSV", 1)]);
        hits.Facets["organization"].ShouldBe([new FacetCount("tiefbau", 1)]);
    }

    [Theory, DatabaseData]
    public async Task An_edit_is_searchable_at_once_and_the_old_words_are_gone(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var scope = await app.TenantScopeAsync();
        await OrganizationAsync(scope.ServiceProvider);
        var store = scope.ServiceProvider.GetRequiredService<DatasetStore>();
        var search = scope.ServiceProvider.GetRequiredService<DatasetSearch>();
        await store.CreateAsync(Input("radzaehlung", "Radzählstellen"), Steward, Ct);

        var result = await store.UpdateAsync("radzaehlung", Input("radzaehlung", "Fußgängerzählung") with { Notes = "Passantenfrequenz in der Altstadt." }, Steward, Ct);

        result.Errors.ShouldBeEmpty();
        result.Dataset!.Version.ShouldBe(2);
        (await search.SearchAsync(new DatasetQuery { Text = "Passantenfrequenz" }, CatalogCaller.Anonymous, Ct)).Total.ShouldBe(1);
        (await search.SearchAsync(new DatasetQuery { Text = "Hauptachsen" }, CatalogCaller.Anonymous, Ct)).Total.ShouldBe(0);
        var activities = await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<DatasetActivity>()
            .Where(a => a.DatasetId == result.Dataset.Id).OrderBy(a => a.Version).Select(a => a.Action).ToListAsync(Ct);
        activities.ShouldBe(["new package", "changed package"]);
    }

    [Theory, DatabaseData]
    public async Task A_cached_search_result_is_replaced_by_the_next_search_after_an_edit(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var scope = await app.TenantScopeAsync();
        await OrganizationAsync(scope.ServiceProvider);
        var store = scope.ServiceProvider.GetRequiredService<DatasetStore>();
        var search = scope.ServiceProvider.GetRequiredService<DatasetSearch>();
        await store.CreateAsync(Input("radzaehlung", "Radzählstellen"), Steward, Ct);
        var query = new DatasetQuery { Text = "Radzählstellen", FacetFields = ["tags"] };
        (await search.SearchAsync(query, CatalogCaller.Anonymous, Ct)).Total.ShouldBe(1);
        (await search.SearchAsync(query, CatalogCaller.Anonymous, Ct)).Total.ShouldBe(1);

        await store.CreateAsync(Input("radzaehlung-2024", "Radzählstellen 2024") with { Tags = ["Archiv"] }, Steward, Ct);
        var afterCreate = await search.SearchAsync(query, CatalogCaller.Anonymous, Ct);
        await store.DeleteAsync("radzaehlung", Steward, Ct);
        var afterDelete = await search.SearchAsync(query, CatalogCaller.Anonymous, Ct);

        afterCreate.Total.ShouldBe(2);
        afterCreate.Facets["tags"].ShouldContain(new FacetCount("Archiv", 1));
        afterDelete.Total.ShouldBe(1);
        afterDelete.Facets["tags"].ShouldNotContain(new FacetCount("Radverkehr", 1));
    }

    [Theory, DatabaseData]
    public async Task Internal_datasets_are_hidden_from_outsiders_and_deleted_ones_from_everyone(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var scope = await app.TenantScopeAsync();
        await OrganizationAsync(scope.ServiceProvider);
        var store = scope.ServiceProvider.GetRequiredService<DatasetStore>();
        var search = scope.ServiceProvider.GetRequiredService<DatasetSearch>();
        await store.CreateAsync(Input("intern", "Interne Zählung") with { Access = AccessLevel.Internal }, Steward, Ct);
        await store.CreateAsync(Input("geloescht", "Gelöschte Zählung"), Steward, Ct);
        (await store.DeleteAsync("geloescht", Steward, Ct)).ShouldBeTrue();
        var everything = new DatasetQuery { Text = "Zählung", IncludeInternal = true, FacetFields = ["access"] };

        var outsider = await search.SearchAsync(everything, CatalogCaller.Anonymous, Ct);
        var member = await search.SearchAsync(everything, Steward, Ct);

        outsider.Total.ShouldBe(0);
        outsider.Facets["access"].ShouldBeEmpty();
        member.Total.ShouldBe(1);
        member.Facets["access"].ShouldBe([new FacetCount("internal", 1)]);
    }

    [Theory, DatabaseData]
    public async Task Invalid_input_is_rejected_field_by_field(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var scope = await app.TenantScopeAsync();
        await OrganizationAsync(scope.ServiceProvider);
        var store = scope.ServiceProvider.GetRequiredService<DatasetStore>();

        var result = await store.CreateAsync(
            Input("Nicht Gültig", "") with { Organization = "gibtsnicht", SpatialGeoJson = """{"type":"Point","coordinates":[200,1]}""" }, Steward, Ct);

        result.Succeeded.ShouldBeFalse();
        result.Errors.Keys.ShouldBe(["name", "title", "spatial", "owner_org"], ignoreOrder: true);
    }

    [Theory, DatabaseData]
    public async Task Bounding_box_filters_by_spatial_extent(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var scope = await app.TenantScopeAsync();
        await OrganizationAsync(scope.ServiceProvider);
        var store = scope.ServiceProvider.GetRequiredService<DatasetStore>();
        var search = scope.ServiceProvider.GetRequiredService<DatasetSearch>();
        await store.CreateAsync(Input("konstanz", "Konstanz"), Steward, Ct);
        await store.CreateAsync(Input("berlin", "Berlin") with { SpatialGeoJson = """{"type":"Point","coordinates":[13.4,52.5]}""" }, Steward, Ct);

        var hits = await search.SearchAsync(new DatasetQuery { Within = new BoundingBox(9.0, 47.5, 9.3, 47.8) }, CatalogCaller.Anonymous, Ct);

        hits.Total.ShouldBe(1);
    }
}
