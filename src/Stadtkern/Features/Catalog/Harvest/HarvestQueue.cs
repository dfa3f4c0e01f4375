using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Harvest;

/// <summary>
/// Queues, claims and supervises runs. Claiming is one conditional UPDATE (<c>WHERE status = 'queued'</c>), and a
/// unique index allows one queued-or-running run per source, so several instances never harvest a source at once.
/// Methods that work across tenants (the scheduler's) say so; the others act in the current tenant.
/// </summary>
internal sealed class HarvestQueue(StadtkernDb db, TimeProvider clock, IOptionsMonitor<HarvestOptions> options)
{
    /// <summary>Queues a run of the source (current tenant), or returns the run already queued or running.</summary>
    public async Task<(HarvestRun Run, bool Created)> QueueAsync(HarvestSource source, string triggeredBy, CancellationToken cancellationToken)
    {
        var active = await ActiveRunAsync(source.Id, cancellationToken);
        if (active is not null)
        {
            return (active, false);
        }

        var run = new HarvestRun
        {
            Id = Guid.CreateVersion7(),
            TenantId = source.TenantId,
            SourceId = source.Id,
            Status = HarvestRunStatus.Queued,
            TriggeredBy = triggeredBy.Length > 300 ? triggeredBy[..300] : triggeredBy,
            Queued = clock.GetStoredNow(),
            Since = source.HighWaterMark,
        };
        db.Add(run);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (run, true);
        }
        catch (DbUpdateException)
        {
            // Another instance queued one between our check and the insert.
            db.ChangeTracker.Clear();
            return (await ActiveRunAsync(source.Id, cancellationToken) ?? throw new InvalidOperationException("The harvest run could not be queued."), false);
        }
    }

    /// <summary>Queues a failed or cancelled run again; it continues from its cursor with its counts.</summary>
    public async Task<HarvestRun?> ResumeAsync(Guid runId, CancellationToken cancellationToken)
    {
        var run = await db.Set<HarvestRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null || !run.IsResumable || await ActiveRunAsync(run.SourceId, cancellationToken) is not null)
        {
            return null;
        }

        try
        {
            var changed = await db.Set<HarvestRun>()
                .Where(r => r.Id == runId && (r.Status == HarvestRunStatus.Failed || r.Status == HarvestRunStatus.Cancelled))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, HarvestRunStatus.Queued)
                    .SetProperty(r => r.CancelRequested, false)
                    .SetProperty(r => r.Finished, (DateTimeOffset?)null)
                    .SetProperty(r => r.Message, (string?)null)
                    .SetProperty(r => r.LeaseOwner, (string?)null)
                    .SetProperty(r => r.Attempts, 0), cancellationToken);
            return changed == 1 ? await db.Set<HarvestRun>().AsNoTracking().FirstAsync(r => r.Id == runId, cancellationToken) : null;
        }
        catch (DbUpdateException)
        {
            return null;
        }
    }

    /// <summary>Asks a run to stop: a queued run is cancelled at once, a running one stops before its next record.</summary>
    public async Task<HarvestRun?> CancelAsync(Guid runId, CancellationToken cancellationToken)
    {
        var now = clock.GetStoredNow();
        await db.Set<HarvestRun>().Where(r => r.Id == runId && r.Status == HarvestRunStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, HarvestRunStatus.Cancelled).SetProperty(r => r.CancelRequested, true)
                .SetProperty(r => r.Finished, now).SetProperty(r => r.Message, "Abgebrochen, bevor der Lauf begann."), cancellationToken);
        await db.Set<HarvestRun>().Where(r => r.Id == runId && r.Status == HarvestRunStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CancelRequested, true), cancellationToken);
        return await db.Set<HarvestRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
    }

    public Task<HarvestRun?> ActiveRunAsync(Guid sourceId, CancellationToken cancellationToken) =>
        db.Set<HarvestRun>().IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(r => r.SourceId == sourceId && (r.Status == HarvestRunStatus.Queued || r.Status == HarvestRunStatus.Running), cancellationToken);

    /// <summary>Atomically takes a queued run for <paramref name="owner"/>; false when someone else was faster.</summary>
    public async Task<bool> ClaimAsync(Guid runId, string owner, CancellationToken cancellationToken)
    {
        var now = clock.GetStoredNow();
        var claimed = await db.Set<HarvestRun>().IgnoreQueryFilters()
            .Where(r => r.Id == runId && r.Status == HarvestRunStatus.Queued)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, HarvestRunStatus.Running)
                .SetProperty(r => r.LeaseOwner, owner)
                .SetProperty(r => r.Heartbeat, now)
                .SetProperty(r => r.Started, r => r.Started ?? now)
                .SetProperty(r => r.Attempts, r => r.Attempts + 1), cancellationToken);
        return claimed == 1;
    }

    /// <summary>Queued runs of all tenants, oldest first.</summary>
    public Task<List<Guid>> QueuedRunsAsync(int limit, CancellationToken cancellationToken) =>
        db.Set<HarvestRun>().IgnoreQueryFilters().Where(r => r.Status == HarvestRunStatus.Queued)
            .OrderBy(r => r.Queued).Select(r => r.Id).Take(limit).ToListAsync(cancellationToken);

    /// <summary>
    /// All tenants: a running run whose instance stopped sending heartbeats is queued again to continue from its
    /// cursor (at most <see cref="HarvestOptions.MaxAttempts"/> times), otherwise marked failed; it stays resumable.
    /// </summary>
    public async Task<int> RecoverStaleAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var now = clock.GetStoredNow();
        var limit = now.AddMinutes(-Math.Max(1, settings.StaleAfterMinutes));
        var stale = await db.Set<HarvestRun>().IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.Status == HarvestRunStatus.Running && (r.Heartbeat == null || r.Heartbeat < limit))
            .ToListAsync(cancellationToken);
        var recovered = 0;
        foreach (var run in stale)
        {
            var retry = run.Attempts < settings.MaxAttempts && !run.CancelRequested;
            var message = retry
                ? $"Lauf unterbrochen (keine Rückmeldung von {run.LeaseOwner} seit {run.Heartbeat:O}); er wird an der gespeicherten Stelle fortgesetzt."
                : $"Lauf ohne Rückmeldung seit {run.Heartbeat:O} als fehlgeschlagen markiert; mit „Fortsetzen“ geht er an der gespeicherten Stelle weiter.";
            var changed = await db.Set<HarvestRun>().IgnoreQueryFilters()
                .Where(r => r.Id == run.Id && r.Status == HarvestRunStatus.Running && r.LeaseOwner == run.LeaseOwner && r.Heartbeat == run.Heartbeat)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, retry ? HarvestRunStatus.Queued : HarvestRunStatus.Failed)
                    .SetProperty(r => r.LeaseOwner, (string?)null)
                    .SetProperty(r => r.Finished, retry ? null : now)
                    .SetProperty(r => r.Message, retry ? null : message), cancellationToken);
            if (changed == 1)
            {
                db.Add(new HarvestRunError { Id = Guid.CreateVersion7(), TenantId = run.TenantId, RunId = run.Id, Message = message, Occurred = now });
                await db.SaveChangesAsync(cancellationToken);
                recovered++;
            }
        }

        return recovered;
    }

    /// <summary>All tenants: queues a run for every enabled, scheduled source whose interval has passed since its last run was queued.</summary>
    public async Task<int> QueueDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetStoredNow();
        var sources = await db.Set<HarvestSource>().IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.Enabled && s.IntervalMinutes != null).ToListAsync(cancellationToken);
        var queued = 0;
        foreach (var source in sources)
        {
            var lastQueued = await db.Set<HarvestRun>().IgnoreQueryFilters().Where(r => r.SourceId == source.Id)
                .OrderByDescending(r => r.Queued).Select(r => (DateTimeOffset?)r.Queued).FirstOrDefaultAsync(cancellationToken);
            if (lastQueued is { } last && last.AddMinutes(source.IntervalMinutes!.Value) > now)
            {
                continue;
            }

            if (await ActiveRunAsync(source.Id, cancellationToken) is not null)
            {
                continue;
            }

            var (_, created) = await QueueAsync(source, "zeitplan", cancellationToken);
            queued += created ? 1 : 0;
        }

        return queued;
    }
}
