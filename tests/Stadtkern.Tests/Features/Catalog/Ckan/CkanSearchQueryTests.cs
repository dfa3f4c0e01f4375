using Stadtkern.Features.Catalog.Ckan;
using Stadtkern.Features.Catalog.Search;

namespace Stadtkern.Tests.Features.Catalog.Ckan;

public sealed class CkanSearchQueryTests
{
    [Fact]
    public void Field_terms_become_facet_filters_and_the_rest_free_text()
    {
        var parts = CkanSearchQuery.Parse("Rad title:Zählung", "organization:tiefbau AND tags:\"Rad verkehr\" -res_format:PDF +groups:klima");

        parts.Text.ShouldBe("Rad Zählung");
        parts.Filters.ShouldBe(
        [
            new FacetFilter("organization", "tiefbau"),
            new FacetFilter("tags", "Rad verkehr"),
            new FacetFilter("res_format", "PDF", Negated: true),
            new FacetFilter("groups", "klima"),
        ]);
    }

    [Fact]
    public void Match_all_and_open_modified_ranges_are_understood()
    {
        var parts = CkanSearchQuery.Parse("*:*", "metadata_modified:[2024-01-31T00:00:00Z TO *] NOT license_id:cc-zero theme:TRAN");

        parts.Text.ShouldBeNull();
        parts.ModifiedSince.ShouldBe(new DateTimeOffset(2024, 1, 31, 0, 0, 0, TimeSpan.Zero));
        parts.Filters.ShouldBe([new FacetFilter("license_id", "cc-zero", Negated: true), new FacetFilter("theme", "TRAN")]);
    }

    [Theory]
    [InlineData("tags:\"offen")]
    [InlineData("tags:")]
    [InlineData("tags:(a OR b)")]
    [InlineData("tags:a OR tags:b")]
    [InlineData("unbekannt:x")]
    [InlineData("metadata_modified:[gestern TO *]")]
    [InlineData("metadata_modified:[2024-01-01 TO 2024-02-01]")]
    [InlineData("metadata_modified:[2024-01-01 TO *")]
    [InlineData("organization:[a TO b]")]
    [InlineData("-")]
    [InlineData("NOT")]
    [InlineData("-wort")]
    public void Malformed_filters_are_search_query_errors(string fq)
    {
        var error = Should.Throw<CkanException>(() => CkanSearchQuery.Parse(null, fq));

        error.Type.ShouldBe("Search Query Error");
        error.Message.ShouldStartWith("Search Query is invalid: fq:");
    }

    [Theory]
    [InlineData(null, "Relevance")]
    [InlineData("score desc, metadata_modified desc", "Relevance")]
    [InlineData("metadata_modified desc", "ModifiedDescending")]
    [InlineData("metadata_modified asc", "ModifiedAscending")]
    [InlineData("title_string asc", "TitleAscending")]
    [InlineData("title_string desc", "TitleDescending")]
    [InlineData("name asc", "NameAscending")]
    public void Sorts_map_to_the_catalog_order(string? sort, string expected) =>
        CkanSearchQuery.Sort(sort).ShouldBe(Enum.Parse<DatasetSort>(expected));

    [Theory]
    [InlineData("views_recent desc")]
    [InlineData("name sideways")]
    [InlineData("name asc extra")]
    public void Unknown_sorts_are_search_query_errors(string sort) =>
        Should.Throw<CkanException>(() => CkanSearchQuery.Sort(sort)).Type.ShouldBe("Search Query Error");
}
