using Microsoft.Extensions.Primitives;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Demo;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Portal;
using Stadtkern.Features.Catalog.Search;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Pages.Daten;

namespace Stadtkern.Tests.Features.Catalog.Portal;

public sealed class PortalLogicTests
{
    private static PortalQuery Parse(params (string Key, string Value)[] pairs) =>
        PortalQuery.Parse(pairs.GroupBy(p => p.Key).Select(g => KeyValuePair.Create(g.Key, new StringValues([.. g.Select(p => p.Value)]))));

    [Fact]
    public void Query_string_keeps_known_facets_and_ignores_unknown_ones_and_bad_numbers()
    {
        var query = Parse(("q", "  Bäume "), ("f", "organization:tiefbauamt"), ("f", "bogus:x"), ("f", "tags:"), ("f", "tags:Rad:verkehr"), ("sort", "drop table"), ("seite", "-3"));

        query.Text.ShouldBe("Bäume");
        query.Filters.ShouldBe([new FacetFilter("organization", "tiefbauamt"), new FacetFilter("tags", "Rad:verkehr")]);
        query.Sort.ShouldBe("relevanz");
        query.Page.ShouldBe(1);
    }

    [Fact]
    public void A_facet_link_toggles_its_filter_and_restarts_paging()
    {
        var query = Parse(("q", "Rad"), ("f", "theme:TRAN"), ("sort", "titel"), ("seite", "3"));

        query.Link(new FacetFilter("theme", "TRAN")).ShouldBe("?q=Rad&sort=titel");
        query.Link(new FacetFilter("tags", "Fahrrad & Co")).ShouldBe("?q=Rad&f=theme%3ATRAN&f=tags%3AFahrrad%20%26%20Co&sort=titel");
        query.Link(page: 4).ShouldBe("?q=Rad&f=theme%3ATRAN&sort=titel&seite=4");
    }

    [Fact]
    public void The_portal_visibility_condition_agrees_with_DataAccess_for_every_caller_and_dataset()
    {
        var callers = new[]
        {
            CatalogCaller.Anonymous,
            new CatalogCaller(Guid.NewGuid(), null, "bürgerin", new HashSet<string> { "citizen" }, false),
            new CatalogCaller(Guid.NewGuid(), null, "sachbearbeiter", new HashSet<string> { "staff" }, false),
            CatalogCaller.System("steward"),
        };
        foreach (var caller in callers)
        {
            var condition = SearchPortal.VisibleTo(caller).Compile();
            foreach (var access in Enum.GetValues<AccessLevel>())
            {
                foreach (var state in Enum.GetValues<DatasetState>())
                {
                    var dataset = new Dataset { Access = access, State = state };
                    condition(dataset).ShouldBe(DataAccess.CanSeeMetadata(dataset, caller), $"{caller.Actor}, {access}, {state}");
                }
            }
        }
    }

    [Fact]
    public void Readiness_names_each_missing_DCAT_field()
    {
        var input = new DatasetInput
        {
            Name = "x1",
            Title = "X",
            Organization = "tiefbauamt",
            LicenseId = "dl-by-de/2.0",
            Resources = [new ResourceInput { Url = "https://example.org/a" }],
        };

        var missing = CheckPublishReadiness.Of(input).Where(i => !i.Met).Select(i => i.Field);

        missing.ShouldBe(["notes", "license_attribution", "maintainer_email", "theme", "resources.format"], ignoreOrder: true);
    }

    [Fact]
    public void Demo_catalog_is_valid_has_more_than_30_datasets_exactly_one_restricted_and_every_public_one_is_DCAT_ready()
    {
        var all = DemoDatasets.All().ToList();

        all.Count.ShouldBeGreaterThanOrEqualTo(30);
        all.Select(d => d.Name).ShouldBeUnique();
        all.Count(d => d.Access == AccessLevel.Restricted).ShouldBe(1);
        all.ShouldContain(d => d.Access == AccessLevel.Internal);
        foreach (var dataset in all)
        {
            ValidateDataset.Check(dataset).ShouldBeEmpty(dataset.Name);
            dataset.Themes.Count.ShouldBeInRange(1, 2, dataset.Name);
            dataset.Resources.Count.ShouldBeInRange(1, 3, dataset.Name);
            dataset.Modified.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(dataset.Issued.ShouldNotBeNull(), dataset.Name);
            var box = GeoJsonBounds.TryParse(dataset.SpatialGeoJson!, out _).ShouldNotBeNull();
            (box.MinLon >= 9.1 && box.MaxLon <= 9.22 && box.MinLat >= 47.65 && box.MaxLat <= 47.73).ShouldBeTrue(dataset.Name);
            dataset.Resources.ShouldAllBe(r => r.Url.StartsWith(DemoDatasets.Base, StringComparison.Ordinal));
            if (dataset.Access == AccessLevel.Public)
            {
                CheckPublishReadiness.Of(dataset).Where(i => !i.Met).Select(i => i.Label).ShouldBeEmpty(dataset.Name);
                CatalogVocabulary.License(dataset.LicenseId).ShouldNotBeNull(dataset.Name).IsOpen.ShouldBeTrue(dataset.Name);
            }
        }
    }

    [Fact]
    public void Store_errors_on_resources_point_at_the_form_row_they_came_from()
    {
        EditorModel.FieldId("resources[1].url", [0, 3]).ShouldBe("resources-3-url");
        EditorModel.FieldId("maintainer_email", []).ShouldBe("maintainer_email");
    }

    [Fact]
    public void The_form_skips_empty_rows_and_reports_unreadable_dates_and_sizes()
    {
        var form = new DatasetForm
        {
            Name = "x1",
            Title = "X",
            Organization = "tiefbauamt",
            Tags = "Rad, Verkehr, Rad",
            TemporalStart = "31.12.2024",
            Extras = "Quelle = Zählgerät\nohne Gleichheitszeichen",
            Resources = [new ResourceForm(), new ResourceForm { Name = "A", Url = "https://example.org/a", Size = "zehn" }],
        };

        var (input, errors, rows) = form.ToInput(null);

        input.Tags.ShouldBe(["Rad", "Verkehr"]);
        input.Resources.Count.ShouldBe(1);
        rows.ShouldBe([1]);
        errors.Keys.ShouldBe(["temporal_start", "extras", "resources[0].size"], ignoreOrder: true);
        input.Extras.ShouldBe([KeyValuePair.Create("Quelle", "Zählgerät")]);
    }
}
