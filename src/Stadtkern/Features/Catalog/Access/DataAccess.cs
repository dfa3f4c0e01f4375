using Stadtkern.Features.Catalog.Model;

namespace Stadtkern.Features.Catalog.Access;

/// <summary>What a caller wants to do with a dataset's data (not its metadata).</summary>
internal enum DataUse
{
    /// <summary>Read resource links, download files.</summary>
    Download,

    /// <summary>Query the datastore.</summary>
    Query,
}

/// <summary>
/// The one place that decides whether a caller may see a dataset's metadata and use its data. Every path to
/// data (resource URLs, downloads, datastore queries, previews) asks here.
/// </summary>
internal sealed class DataAccess
{
    /// <summary>Metadata: public and restricted datasets for everyone, internal ones for members of the tenant.</summary>
    public static bool CanSeeMetadata(Dataset dataset, CatalogCaller caller) =>
        dataset.State == DatasetState.Active && (dataset.Access != AccessLevel.Internal || caller.IsMember);

    /// <summary>Data: public for everyone, internal for members, restricted for stewards of the tenant.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Grants and the audit log (marketplace) need the instance.")]
    public Task<bool> CanUseDataAsync(Dataset dataset, CatalogCaller caller, DataUse use, CancellationToken cancellationToken)
    {
        _ = use;
        _ = cancellationToken;
        return Task.FromResult(dataset.Access switch
        {
            AccessLevel.Public => dataset.State == DatasetState.Active,
            AccessLevel.Internal => CanSeeMetadata(dataset, caller),
            AccessLevel.Restricted => caller.IsSteward,
        });
    }
}
