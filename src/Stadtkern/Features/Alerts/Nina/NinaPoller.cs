using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Alerts.Nina;

/// <summary>
/// Runs an import round for every tenant with the alerts module every <see cref="NinaOptions.PollSeconds"/>. With several
/// instances on one PostgreSQL database only one of them imports at a time (a session advisory lock); the others skip the round.
/// </summary>
internal sealed partial class NinaPoller(
    IServiceScopeFactory scopes,
    DatabaseTarget database,
    IOptionsMonitor<NinaOptions> options,
    TimeProvider time,
    ILogger<NinaPoller> logger) : BackgroundService
{
    /// <summary>Advisory lock key: "NINA" in ASCII.</summary>
    private const long LockKey = 0x4E494E41;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.PollerEnabled)
        {
            return;
        }

        try
        {
            await Task.Delay(TimeSpan.FromSeconds(10), time, stoppingToken); // let the host finish starting (and migrating)
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await RoundAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogRoundFailed(logger, e.Message);
                }

                await Task.Delay(TimeSpan.FromSeconds(options.CurrentValue.PollSeconds), time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RoundAsync(CancellationToken ct)
    {
        NpgsqlConnection? lockConnection = null;
        try
        {
            if (database.Provider == DatabaseProvider.Postgres)
            {
                lockConnection = new NpgsqlConnection(database.ConnectionString);
                await lockConnection.OpenAsync(ct);
                await using var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", lockConnection);
                take.Parameters.AddWithValue("key", LockKey);
                if (await take.ExecuteScalarAsync(ct) is not true)
                {
                    return; // another instance is importing
                }
            }

            List<Tenant> tenants;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
                tenants = [.. (await db.Tenants.AsNoTracking().ToListAsync(ct)).Where(t => t.Modules.Contains(Module.Alerts))];
            }

            foreach (var tenant in tenants)
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<TenantContext>().Set(TenantInfo.From(tenant, isDefault: false));
                var summary = await scope.ServiceProvider.GetRequiredService<ImportNinaWarnings>().RunAsync(ct);
                if (summary.Created + summary.Updated + summary.Cancelled > 0)
                {
                    LogRound(logger, tenant.Slug, summary.Created, summary.Updated, summary.Cancelled, summary.Errors.Count);
                }
            }
        }
        finally
        {
            if (lockConnection is not null)
            {
                await lockConnection.DisposeAsync(); // closing the session releases the lock
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "NINA import round failed: {Reason}")]
    private static partial void LogRoundFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "NINA import for {Tenant}: {Created} new, {Updated} updated, {Cancelled} cancelled, {Errors} errors")]
    private static partial void LogRound(ILogger logger, string tenant, int created, int updated, int cancelled, int errors);
}
