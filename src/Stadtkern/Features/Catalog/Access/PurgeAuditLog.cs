using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Access;

/// <summary>Deletes audit entries older than <see cref="AccessOptions.AuditRetentionDays"/> in all tenants, every six hours.
/// Idempotent, so several instances may run it at once.</summary>
internal sealed partial class PurgeAuditLog(IServiceScopeFactory scopes, IOptions<AccessOptions> options, TimeProvider clock, ILogger<PurgeAuditLog> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(6);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A minute after start, then every six hours: instances that restart often still purge.
        await Task.Delay(TimeSpan.FromMinutes(1), clock, stoppingToken);
        using var timer = new PeriodicTimer(Every, clock);
        do
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var days = options.Value.AuditRetentionDays;
        if (days <= 0)
        {
            return 0;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        var cutoff = clock.GetUtcNow().AddDays(-days);
        return await db.Set<AccessAuditEntry>().IgnoreQueryFilters().Where(a => a.At < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purging the access audit log failed; retrying at the next run.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
