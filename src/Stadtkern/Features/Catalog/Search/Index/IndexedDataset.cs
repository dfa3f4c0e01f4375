using Stadtkern.Features.Catalog.Model;

namespace Stadtkern.Features.Catalog.Search.Index;

/// <summary>What the search index keeps of one dataset: the fields that filter and sort, and its facet values.</summary>
internal sealed class IndexedDataset
{
    public required Guid Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The title in lower case, for sorting by title.</summary>
    public required string TitleKey { get; init; }

    public required AccessLevel Access { get; init; }

    public required long ModifiedTicks { get; init; }

    public required long IssuedTicks { get; init; }

    /// <summary>Spatial extent; null when the dataset has none.</summary>
    public BoundingBox? Extent { get; init; }

    /// <summary>Ids of the dataset's facet values, ascending.</summary>
    public required int[] FacetValues { get; init; }

    /// <summary>Number of title and text terms, for length normalisation.</summary>
    public required int TermCount { get; init; }
}

/// <summary>One changed dataset as loaded from the database, with its facet rows.</summary>
internal sealed record IndexedDatasetRow(
    Guid Id,
    string Name,
    string Title,
    string SearchText,
    AccessLevel Access,
    bool Active,
    DateTimeOffset Modified,
    DateTimeOffset Issued,
    BoundingBox? Extent,
    IReadOnlyList<(string Facet, string Value)> Facets);
