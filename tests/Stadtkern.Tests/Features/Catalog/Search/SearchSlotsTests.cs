using Microsoft.Extensions.Options;
using Stadtkern.Features.Catalog;
using Stadtkern.Features.Catalog.Search.Index;

namespace Stadtkern.Tests.Features.Catalog.Search;

public sealed class SearchSlotsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task No_more_searches_run_at_once_than_configured_and_all_finish(int limit)
    {
        using var slots = new SearchSlots(Options.Create(new CatalogOptions { ConcurrentSearches = limit }));
        var running = 0;
        var most = 0;
        int Search(int i)
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            Thread.Sleep(5);
            Interlocked.Decrement(ref running);
            return i * 2;
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() => slots.RunAsync(() => Search(i), Ct), Ct)));

        results.ShouldBe(Enumerable.Range(0, 24).Select(i => i * 2));
        most.ShouldBeLessThanOrEqualTo(limit);
        most.ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task A_negative_limit_lets_every_search_run_at_once()
    {
        using var slots = new SearchSlots(Options.Create(new CatalogOptions { ConcurrentSearches = -1 }));
        using var all = new Barrier(4);

        // Four searches that each wait for the other three: they only finish if all four run at the same time.
        var searches = Enumerable.Range(0, 4).Select(_ => Task.Run(() => slots.RunAsync(() => all.SignalAndWait(TimeSpan.FromSeconds(10)), Ct), Ct));

        (await Task.WhenAll(searches)).ShouldAllBe(met => met);
    }

    [Fact]
    public async Task A_search_that_fails_gives_its_slot_back()
    {
        using var slots = new SearchSlots(Options.Create(new CatalogOptions { ConcurrentSearches = 1 }));

        await Should.ThrowAsync<InvalidOperationException>(() => slots.RunAsync<int>(() => throw new InvalidOperationException("kaputt"), Ct));

        (await slots.RunAsync(() => 42, Ct)).ShouldBe(42);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var before = Interlocked.CompareExchange(ref target, value, seen);
            if (before == seen)
            {
                return;
            }

            seen = before;
        }
    }
}
