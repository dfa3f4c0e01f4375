using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Catalog.Search.Index;

/// <summary>
/// Builds every tenant's search index once the service has started, so the first visitor of a large catalog does not
/// wait for it. Searches that arrive earlier build the index themselves; the two never build it twice.
/// </summary>
internal sealed partial class WarmCatalogIndexes(
    IServiceScopeFactory scopes, TenantDirectory tenants, CatalogIndexes indexes, IHostApplicationLifetime lifetime, ILogger<WarmCatalogIndexes> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        List<string> slugs;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            slugs = await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Tenants.Select(t => t.Slug).ToListAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // E.g. a service started without migrating (Database:MigrateOnStart=false) before `migrate` ran: searches build on demand.
            Failed(logger, e, "*");
            return;
        }

        foreach (var slug in slugs)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await tenants.FindAsync(slug, stoppingToken) is not { } tenant)
                {
                    continue;
                }

                scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
                var db = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
                var watch = Stopwatch.StartNew();
                var index = await indexes.CurrentAsync(db, await CatalogChangeStamp.ReadAsync(db, stoppingToken), stoppingToken);
                Built(logger, slug, index.Count, watch.ElapsedMilliseconds);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Not fatal: the first search of this tenant builds the index instead.
                Failed(logger, e, slug);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Search index of tenant {Tenant}: {Datasets} datasets in {Milliseconds} ms")]
    private static partial void Built(ILogger logger, string tenant, int datasets, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Search index of tenant {Tenant} could not be built ahead; the first search builds it")]
    private static partial void Failed(ILogger logger, Exception exception, string tenant);
}
