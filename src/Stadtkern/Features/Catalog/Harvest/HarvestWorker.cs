using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Catalog.Harvest;

/// <summary>
/// This instance's harvester: one round recovers stale runs, queues due ones and works every run it can claim,
/// each in a service scope of the run's tenant. Used by the background scheduler and by <c>harvest run</c>.
/// </summary>
internal sealed class HarvestWorker(IServiceScopeFactory scopes, TenantDirectory tenants, ILogger<HarvestWorker> logger)
{
    /// <summary>Identifies this process in the runs' lease column.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>One scheduler round; returns the runs this instance finished.</summary>
    public async Task<List<HarvestRun>> RoundAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var queue = scope.ServiceProvider.GetRequiredService<HarvestQueue>();
            await queue.RecoverStaleAsync(cancellationToken);
            await queue.QueueDueAsync(cancellationToken);
        }

        var finished = new List<HarvestRun>();
        while (!cancellationToken.IsCancellationRequested)
        {
            List<Guid> queued;
            await using (var scope = scopes.CreateAsyncScope())
            {
                queued = await scope.ServiceProvider.GetRequiredService<HarvestQueue>().QueuedRunsAsync(10, cancellationToken);
            }

            var any = false;
            foreach (var id in queued)
            {
                if (await TryRunAsync(id, cancellationToken) is { } run)
                {
                    finished.Add(run);
                    any = true;
                }
            }

            if (!any)
            {
                break;
            }
        }

        return finished;
    }

    /// <summary>Claims and works one queued run; null when another instance claimed it first.</summary>
    public async Task<HarvestRun?> TryRunAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<StadtkernDb>();
        var tenantSlug = await db.Set<HarvestRun>().IgnoreQueryFilters().Where(r => r.Id == runId)
            .Join(db.Tenants, r => r.TenantId, t => t.Id, (_, t) => t.Slug).FirstOrDefaultAsync(cancellationToken);
        if (tenantSlug is null || await tenants.FindAsync(tenantSlug, cancellationToken) is not { } tenant)
        {
            return null;
        }

        services.GetRequiredService<TenantContext>().Set(tenant);
        if (!await services.GetRequiredService<HarvestQueue>().ClaimAsync(runId, Owner, cancellationToken))
        {
            return null;
        }

        logger.RunStarted(runId, tenant.Slug, Owner);
        var run = await services.GetRequiredService<ExecuteHarvestRun>().ExecuteAsync(runId, Owner, cancellationToken);
        logger.RunFinished(run.Id, run.Status.Key(), run.Created, run.Updated, run.Unchanged, run.Deleted, run.Failed);
        return run;
    }
}

/// <summary>Runs <see cref="HarvestWorker.RoundAsync"/> every <see cref="HarvestOptions.PollSeconds"/> seconds.</summary>
internal sealed class HarvestScheduler(HarvestWorker worker, IOptionsMonitor<HarvestOptions> options, ILogger<HarvestScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let start-up (migrations, demo seed) finish first.
        await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (options.CurrentValue.SchedulerEnabled)
            {
                try
                {
                    await worker.RoundAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
                {
                    // The database may be briefly unavailable; the next round tries again.
                    logger.RoundFailed(e);
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(Math.Clamp(options.CurrentValue.PollSeconds, 1, 3600)), stoppingToken).ConfigureAwait(false);
        }
    }
}
