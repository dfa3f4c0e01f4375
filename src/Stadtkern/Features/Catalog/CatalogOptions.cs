namespace Stadtkern.Features.Catalog;

/// <summary>Catalog settings (section <c>Catalog</c>).</summary>
internal sealed class CatalogOptions
{
    public const string Section = "Catalog";

    /// <summary>Where uploaded files are kept; relative paths are under the working directory. Default <c>./data/files</c>.
    /// Several instances must share this directory (a network volume).</summary>
    public string FilesPath { get; set; } = "data/files";

    /// <summary>Largest accepted upload in bytes. Default 2 GiB.</summary>
    public long MaxUploadBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>How long a search result may be reused while the catalog is unchanged, in seconds. Default 300; 0 disables the cache.
    /// Any edit invalidates all cached results at once (see <c>CatalogChangeStamp</c>).</summary>
    public int SearchCacheSeconds { get; set; } = 300;

    /// <summary>Most search results kept per instance. Default 10,000.</summary>
    public int SearchCacheEntries { get; set; } = 10_000;

    /// <summary>
    /// Searches that run through the in-memory index at the same time; more wait their turn (first come, first served).
    /// Default 0: as many as the machine has cores. A negative value removes the limit.
    /// </summary>
    public int ConcurrentSearches { get; set; }
}
