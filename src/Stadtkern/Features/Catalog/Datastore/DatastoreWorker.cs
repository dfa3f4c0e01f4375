using System.Threading.Channels;
using Stadtkern.Features.Catalog.Datastore.Model;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Catalog.Datastore;

/// <summary>
/// Runs analyses and loads of uploads in the background, one at a time per instance, each in its own scope
/// in the job's tenant. Progress and results are in the job row, which the upload page polls.
/// A job interrupted by a restart stays in its state and can be started again from the page.
/// </summary>
internal sealed partial class DatastoreWorker(IServiceScopeFactory scopes, TenantDirectory tenants, ILogger<DatastoreWorker> logger) : BackgroundService
{
    private readonly Channel<(Guid Job, string Tenant, bool Load)> queue = Channel.CreateUnbounded<(Guid, string, bool)>();

    public void Enqueue(Guid job, string tenantSlug, bool load) => queue.Writer.TryWrite((job, tenantSlug, load));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (jobId, slug, load) in queue.Reader.ReadAllAsync(stoppingToken))
        {
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                var tenant = await tenants.FindAsync(slug, stoppingToken);
                if (tenant is null)
                {
                    continue;
                }

                scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
                var loader = scope.ServiceProvider.GetRequiredService<LoadUpload>();
                if (load)
                {
                    await loader.LoadAsync(jobId, stoppingToken);
                }
                else
                {
                    await loader.AnalyseAsync(jobId, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogJobFailed(logger, e, jobId);
                await MarkFailedAsync(jobId, slug, stoppingToken);
            }
        }
    }

    private async Task MarkFailedAsync(Guid jobId, string slug, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var tenant = await tenants.FindAsync(slug, cancellationToken);
            if (tenant is null)
            {
                return;
            }

            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
            var loader = scope.ServiceProvider.GetRequiredService<LoadUpload>();
            var job = await loader.FindAsync(jobId, cancellationToken);
            if (job is not null)
            {
                job.Status = LoadStatus.Failed;
                job.Message = "Ein interner Fehler hat den Vorgang abgebrochen; bitte erneut versuchen.";
                await scope.ServiceProvider.GetRequiredService<Platform.Persistence.StadtkernDb>().SaveChangesAsync(cancellationToken);
            }
        }
        catch (Exception e)
        {
            LogMarkFailed(logger, e, jobId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Datastore job {Job} failed")]
    private static partial void LogJobFailed(ILogger logger, Exception exception, Guid job);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not mark datastore job {Job} as failed")]
    private static partial void LogMarkFailed(ILogger logger, Exception exception, Guid job);
}
