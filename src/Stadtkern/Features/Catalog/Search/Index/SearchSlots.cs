using Microsoft.Extensions.Options;

namespace Stadtkern.Features.Catalog.Search.Index;

/// <summary>
/// Lets only as many searches run through an index at once as there are cores (<see cref="CatalogOptions.ConcurrentSearches"/>);
/// the others wait, in order of arrival, without holding a thread. A search is pure CPU work of a few milliseconds: sixteen of
/// them sharing two cores finish no sooner than one after the other, but switching between them costs CPU and evicts the
/// index's arrays from the cores' caches.
/// </summary>
internal sealed class SearchSlots(IOptions<CatalogOptions> options) : IDisposable
{
    private readonly SemaphoreSlim? slots = Limit(options.Value.ConcurrentSearches) is { } limit ? new SemaphoreSlim(limit, limit) : null;

    public async Task<T> RunAsync<T>(Func<T> search, CancellationToken cancellationToken)
    {
        if (slots is null)
        {
            return search();
        }

        await slots.WaitAsync(cancellationToken);
        try
        {
            return search();
        }
        finally
        {
            slots.Release();
        }
    }

    public void Dispose() => slots?.Dispose();

    private static int? Limit(int configured) => configured switch
    {
        < 0 => null,
        0 => Environment.ProcessorCount,
        _ => configured,
    };
}
