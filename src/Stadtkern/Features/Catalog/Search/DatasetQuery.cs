namespace Stadtkern.Features.Catalog.Search;

/// <summary>What to search for: free text, facet filters (all must hold), an optional bounding box, order and page.</summary>
internal sealed record DatasetQuery
{
    public string? Text { get; init; }

    /// <summary>Facet filters (<c>organization</c>, <c>tags</c>, <c>groups</c>, <c>res_format</c>, <c>license_id</c>, <c>theme</c>, <c>access</c>), all required.</summary>
    public IReadOnlyList<FacetFilter> Filters { get; init; } = [];

    /// <summary>Only datasets whose spatial extent intersects this box (WGS 84).</summary>
    public BoundingBox? Within { get; init; }

    /// <summary>Only datasets modified at or after this instant (harvesters, DCAT's <c>modified_since</c>).</summary>
    public DateTimeOffset? ModifiedSince { get; init; }

    public DatasetSort Sort { get; init; } = DatasetSort.Relevance;

    public int Rows { get; init; } = 10;

    public int Start { get; init; }

    /// <summary>Facets to count; empty for none (counting costs time).</summary>
    public IReadOnlyList<string> FacetFields { get; init; } = [];

    public int FacetLimit { get; init; } = 50;

    /// <summary>Include internal datasets (only for members of the tenant; the search enforces that too).</summary>
    public bool IncludeInternal { get; init; }

    /// <summary>Only public datasets (DCAT export).</summary>
    public bool PublicOnly { get; init; }
}

/// <summary>One <c>facet:value</c> condition; <see cref="Negated"/> for <c>-facet:value</c>.</summary>
internal sealed record FacetFilter(string Facet, string Value, bool Negated = false);

internal sealed record BoundingBox(double MinLon, double MinLat, double MaxLon, double MaxLat);

internal enum DatasetSort
{
    Relevance,
    ModifiedDescending,
    ModifiedAscending,
    TitleAscending,
    TitleDescending,
    NameAscending,
    IssuedDescending,
}

internal sealed record DatasetHits(int Total, IReadOnlyList<Guid> Ids, IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Facets)
{
    /// <summary>The tenant's change stamp the hits were computed under: what was loaded for them stays valid while it is current.</summary>
    public CatalogStamp? Stamp { get; init; }
}

internal sealed record FacetCount(string Value, int Count);
