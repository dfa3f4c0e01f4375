using Stadtkern.Features.Catalog.Model;

namespace Stadtkern.Features.Catalog.Store;

/// <summary>A dataset as editors, the CKAN API and harvesters describe it: plain values, not yet validated.</summary>
internal sealed record DatasetInput
{
    public string Name { get; init; } = "";

    public string Title { get; init; } = "";

    public string? Notes { get; init; }

    /// <summary>The publisher's name or id.</summary>
    public string Organization { get; init; } = "";

    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyList<string> Themes { get; init; } = [];

    /// <summary>Group names or ids.</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    public string? LicenseId { get; init; }

    public string? LicenseAttribution { get; init; }

    public string? ContactName { get; init; }

    public string? ContactEmail { get; init; }

    public string? ContactUrl { get; init; }

    public string? LandingPage { get; init; }

    public DateOnly? TemporalStart { get; init; }

    public DateOnly? TemporalEnd { get; init; }

    public string? SpatialGeoJson { get; init; }

    public string? PoliticalGeocodingUri { get; init; }

    public string? Frequency { get; init; }

    /// <summary>Publication date; now when empty on creation.</summary>
    public DateTimeOffset? Issued { get; init; }

    /// <summary>Last modification of the data; now when empty. Harvesters pass the source's date.</summary>
    public DateTimeOffset? Modified { get; init; }

    public AccessLevel Access { get; init; } = AccessLevel.Public;

    public IReadOnlyList<KeyValuePair<string, string>> Extras { get; init; } = [];

    public IReadOnlyList<ResourceInput> Resources { get; init; } = [];

    public Guid? HarvestSourceId { get; init; }

    public string? HarvestIdentifier { get; init; }
}

/// <summary>A resource as given by an editor or client; <see cref="Id"/> names an existing one to keep.</summary>
internal sealed record ResourceInput
{
    public Guid? Id { get; init; }

    public string Name { get; init; } = "";

    public string? Description { get; init; }

    public string Url { get; init; } = "";

    public string? Format { get; init; }

    public string? MediaType { get; init; }

    public long? Size { get; init; }

    public string? Checksum { get; init; }

    /// <summary>Set by the upload handler, never by clients.</summary>
    public string? StorageKey { get; init; }
}
