using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Harvest;

/// <summary>
/// Works one claimed run in the run's tenant: reads pages from its cursor, writes each record through the
/// <see cref="DatasetStore"/>, saves progress and heartbeat after every record, checks the cancel flag between
/// records and pages, and after the last page deletes what the source no longer has. Every wait has a limit:
/// each request its own, the run as a whole <see cref="HarvestOptions.RunTimeoutMinutes"/>.
/// </summary>
internal sealed class ExecuteHarvestRun(
    StadtkernDb db,
    DatasetStore datasets,
    OrganizationStore organizations,
    ReadCkanSource ckan,
    ReadDcatSource dcat,
    TimeProvider clock,
    IOptionsMonitor<HarvestOptions> options,
    ILogger<ExecuteHarvestRun> logger)
{
    private HarvestRun run = null!;
    private HarvestSource source = null!;
    private string owner = "";
    private CatalogCaller caller = null!;

    /// <summary>Runs a run this instance has claimed for <paramref name="leaseOwner"/>; returns its final state.</summary>
    public async Task<HarvestRun> ExecuteAsync(Guid runId, string leaseOwner, CancellationToken stopping)
    {
        owner = leaseOwner;
        run = await db.Set<HarvestRun>().AsNoTracking().FirstAsync(r => r.Id == runId, stopping);
        source = await db.Set<HarvestSource>().AsNoTracking().FirstAsync(s => s.Id == run.SourceId, stopping);
        caller = CatalogCaller.System("harvest:" + source.Name);
        var settings = options.CurrentValue;
        using var runLimit = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        runLimit.CancelAfter(TimeSpan.FromMinutes(Math.Max(1, settings.RunTimeoutMinutes)));
        try
        {
            var finished = await WorkAsync(runLimit.Token);
            if (finished)
            {
                await FinishAsync(HarvestRunStatus.Succeeded, null, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The instance is shutting down: hand the run back so a restarted or another instance continues it.
            await ReleaseAsync();
        }
        catch (OperationCanceledException) when (runLimit.IsCancellationRequested)
        {
            await FailAsync($"Gesamtlaufzeit von {settings.RunTimeoutMinutes} Minuten überschritten; mit „Fortsetzen“ geht der Lauf an der gespeicherten Stelle weiter.");
        }
        catch (HarvestFetchException e)
        {
            await FailAsync(e.Message);
        }
        catch (LostLeaseException)
        {
            logger.LostLease(run.Id);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            logger.RunCrashed(e, run.Id);
            await FailAsync("Interner Fehler: " + e.Message);
        }

        return await db.Set<HarvestRun>().AsNoTracking().FirstAsync(r => r.Id == runId, CancellationToken.None);
    }

    /// <summary>True when all pages are done; false when the run was cancelled.</summary>
    private async Task<bool> WorkAsync(CancellationToken cancellationToken)
    {
        var reader = source.Kind == HarvestKind.Dcat ? (IHarvestReader)dcat : ckan;
        var cursor = HarvestCursor.Parse(run.Cursor);

        // DCAT catalogues are read in full every time (not every server filters by date); CKAN asks for changes only.
        var since = source.Kind == HarvestKind.Dcat ? null : run.Since;
        while (true)
        {
            if (await CancelRequestedAsync(cancellationToken))
            {
                await FinishAsync(HarvestRunStatus.Cancelled, "Abgebrochen; mit „Fortsetzen“ geht der Lauf an der gespeicherten Stelle weiter.", cancellationToken);
                return false;
            }

            var page = await reader.ReadAsync(source, cursor, since, cancellationToken);
            if (cursor.Phase == HarvestCursor.Ids)
            {
                await MarkSeenAsync(page.Identifiers, cancellationToken);
            }
            else
            {
                run.RecordsTotal = page.RecordsTotal is { } total ? Math.Max(total, run.RecordsDone) : run.RecordsTotal;
                run.PagesTotal = page.PagesTotal ?? run.PagesTotal;
                for (var i = cursor.Skip; i < page.Records.Count; i++)
                {
                    if (i > cursor.Skip && await CancelRequestedAsync(cancellationToken))
                    {
                        run.Cursor = (cursor with { Skip = i }).ToJson();
                        await FinishAsync(HarvestRunStatus.Cancelled, "Abgebrochen; mit „Fortsetzen“ geht der Lauf an der gespeicherten Stelle weiter.", cancellationToken);
                        return false;
                    }

                    await ApplyAsync(page.Records[i], cancellationToken);
                    run.RecordsDone++;
                    run.Cursor = (cursor with { Skip = i + 1 }).ToJson();
                    await SaveProgressAsync(cancellationToken);
                }

                run.PagesDone++;
            }

            if (page.Next is null)
            {
                run.Cursor = null;
                await SaveProgressAsync(cancellationToken);
                await DeleteVanishedAsync(cancellationToken);
                return true;
            }

            cursor = page.Next;
            run.Cursor = cursor.ToJson();
            await SaveProgressAsync(cancellationToken);
        }
    }

    private async Task ApplyAsync(HarvestedRecord record, CancellationToken cancellationToken)
    {
        if (record.Error is not null || record.Input is null)
        {
            await RecordErrorAsync(record.Identifier, record.Error ?? "Nicht lesbar.", cancellationToken);
            return;
        }

        db.ChangeTracker.Clear();
        var fingerprint = HarvestText.Fingerprint(record);
        var known = await db.Set<HarvestRecord>().FirstOrDefaultAsync(r => r.SourceId == source.Id && r.Identifier == record.Identifier, cancellationToken);
        var existing = known is null ? null : await datasets.FindAsync(known.DatasetId.ToString(), cancellationToken, includeDeleted: true);
        if (known is not null && existing is { State: DatasetState.Active }
            && (record.Modified is { } modified ? known.SourceModified == modified : known.Fingerprint == fingerprint))
        {
            known.LastSeenRunId = run.Id;
            await db.SaveChangesAsync(cancellationToken);
            run.Unchanged++;
            NoteModified(record.Modified);
            return;
        }

        var organization = await EnsureOrganizationAsync(record, cancellationToken);
        if (organization is null)
        {
            await RecordErrorAsync(record.Identifier, "Die veröffentlichende Stelle ließ sich nicht anlegen.", cancellationToken);
            return;
        }

        var input = record.Input with { Organization = organization.Name, HarvestSourceId = source.Id, HarvestIdentifier = record.Identifier, Access = AccessLevel.Public };
        StoreResult result;
        try
        {
            if (existing is not null)
            {
                // Keep the local URL name and the ids of resources that are still there (matched by URL).
                var byUrl = existing.Resources.GroupBy(r => r.Url, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
                input = input with
                {
                    Name = existing.Name,
                    Resources = [.. input.Resources.Select(r => byUrl.Remove(r.Url, out var id) ? r with { Id = id } : r)],
                };
                result = await datasets.UpdateAsync(existing.Id.ToString(), input, caller, cancellationToken);
            }
            else
            {
                if (ValidateDataset.Check(input).ContainsKey("name") is false
                    && await db.Set<Dataset>().AnyAsync(d => d.Name == input.Name, cancellationToken))
                {
                    input = input with { Name = HarvestText.WithSuffix(input.Name, record.Identifier) };
                }

                result = await datasets.CreateAsync(input, caller, cancellationToken);
            }
        }
        catch (DbUpdateException e)
        {
            db.ChangeTracker.Clear();
            await RecordErrorAsync(record.Identifier, "Speichern fehlgeschlagen: " + (e.InnerException?.Message ?? e.Message), cancellationToken);
            return;
        }

        if (!result.Succeeded)
        {
            db.ChangeTracker.Clear();
            var errors = string.Join("; ", result.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));
            await RecordErrorAsync(record.Identifier, errors.Length > 0 ? errors : "Der Datensatz wurde nicht gefunden.", cancellationToken);
            return;
        }

        db.ChangeTracker.Clear();
        var now = clock.GetStoredNow();
        if (known is null)
        {
            db.Add(new HarvestRecord
            {
                Id = Guid.CreateVersion7(),
                SourceId = source.Id,
                Identifier = record.Identifier,
                DatasetId = result.Dataset!.Id,
                SourceModified = record.Modified,
                Fingerprint = fingerprint,
                LastSeenRunId = run.Id,
                Harvested = now,
            });
            run.Created++;
        }
        else
        {
            known.DatasetId = result.Dataset!.Id;
            known.SourceModified = record.Modified;
            known.Fingerprint = fingerprint;
            known.LastSeenRunId = run.Id;
            known.Harvested = now;
            db.Update(known);
            run.Updated++;
        }

        await db.SaveChangesAsync(cancellationToken);
        NoteModified(record.Modified);
    }

    private void NoteModified(DateTimeOffset? modified)
    {
        if (modified is { } m && (run.MaxModified is null || m > run.MaxModified))
        {
            run.MaxModified = m;
        }
    }

    private async Task<Organization?> EnsureOrganizationAsync(HarvestedRecord record, CancellationToken cancellationToken)
    {
        var name = source.OrganizationName ?? (record.PublisherName is { } publisher ? HarvestText.Slugify(publisher) : HarvestText.Slugify(source.Name, "harvest"));
        var found = await datasets.FindOrganizationAsync(name, cancellationToken);
        if (found is not null)
        {
            return found;
        }

        var title = source.OrganizationName is null ? record.PublisherTitle ?? source.Name : name;
        var (created, _) = await organizations.CreateAsync(name, title.Length > 300 ? title[..300] : title, null, null, null, null, cancellationToken);
        if (created is null)
        {
            // Created concurrently by another run of this tenant.
            db.ChangeTracker.Clear();
            return await datasets.FindOrganizationAsync(name, cancellationToken);
        }

        return created;
    }

    /// <summary>Incremental CKAN runs: every id the source lists counts as seen in this run.</summary>
    private async Task MarkSeenAsync(IReadOnlyList<string> identifiers, CancellationToken cancellationToken)
    {
        foreach (var chunk in identifiers.Chunk(500))
        {
            await db.Set<HarvestRecord>().Where(r => r.SourceId == source.Id && chunk.Contains(r.Identifier))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastSeenRunId, run.Id), cancellationToken);
        }

        run.PagesDone++;
    }

    /// <summary>Records of this source the completed run did not see are gone at the source: their datasets are deleted here.</summary>
    private async Task DeleteVanishedAsync(CancellationToken cancellationToken)
    {
        var vanished = await db.Set<HarvestRecord>().AsNoTracking()
            .Where(r => r.SourceId == source.Id && (r.LastSeenRunId == null || r.LastSeenRunId != run.Id))
            .Select(r => new { r.DatasetId, r.Identifier }).ToListAsync(cancellationToken);
        foreach (var record in vanished)
        {
            if (await CancelRequestedAsync(cancellationToken))
            {
                // Stopping here is safe: the next complete run deletes the rest.
                break;
            }

            db.ChangeTracker.Clear();
            if (await datasets.DeleteAsync(record.DatasetId.ToString(), caller, cancellationToken))
            {
                run.Deleted++;
                await SaveProgressAsync(cancellationToken);
            }
        }
    }

    private async Task<bool> CancelRequestedAsync(CancellationToken cancellationToken) =>
        await db.Set<HarvestRun>().AsNoTracking().Where(r => r.Id == run.Id).Select(r => r.CancelRequested).FirstOrDefaultAsync(cancellationToken);

    private async Task RecordErrorAsync(string identifier, string message, CancellationToken cancellationToken)
    {
        run.Failed++;
        db.ChangeTracker.Clear();
        db.Add(new HarvestRunError
        {
            Id = Guid.CreateVersion7(),
            RunId = run.Id,
            RecordIdentifier = identifier.Length > 2000 ? identifier[..2000] : identifier,
            Message = message.Length > 4000 ? message[..4000] : message,
            Occurred = clock.GetStoredNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Writes counts, progress, cursor and heartbeat, but only while this instance still holds the lease.</summary>
    private async Task SaveProgressAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetStoredNow();
        var (created, updated, unchanged, deleted, failed) = (run.Created, run.Updated, run.Unchanged, run.Deleted, run.Failed);
        var (pagesDone, pagesTotal, recordsDone, recordsTotal, cursor, maxModified) = (run.PagesDone, run.PagesTotal, run.RecordsDone, run.RecordsTotal, run.Cursor, run.MaxModified);
        var changed = await db.Set<HarvestRun>()
            .Where(r => r.Id == run.Id && r.LeaseOwner == owner && r.Status == HarvestRunStatus.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Created, created).SetProperty(r => r.Updated, updated).SetProperty(r => r.Unchanged, unchanged)
                .SetProperty(r => r.Deleted, deleted).SetProperty(r => r.Failed, failed)
                .SetProperty(r => r.PagesDone, pagesDone).SetProperty(r => r.PagesTotal, pagesTotal)
                .SetProperty(r => r.RecordsDone, recordsDone).SetProperty(r => r.RecordsTotal, recordsTotal)
                .SetProperty(r => r.Cursor, cursor).SetProperty(r => r.MaxModified, maxModified)
                .SetProperty(r => r.Heartbeat, now), cancellationToken);
        if (changed == 0)
        {
            throw new LostLeaseException();
        }
    }

    private async Task FinishAsync(HarvestRunStatus status, string? message, CancellationToken cancellationToken)
    {
        await SaveProgressAsync(cancellationToken);
        var now = clock.GetStoredNow();
        await db.Set<HarvestRun>().Where(r => r.Id == run.Id && r.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, status).SetProperty(r => r.Finished, now)
                .SetProperty(r => r.Message, message).SetProperty(r => r.LeaseOwner, (string?)null), cancellationToken);
        if (status == HarvestRunStatus.Succeeded && run.MaxModified is { } mark)
        {
            await db.Set<HarvestSource>().Where(s => s.Id == source.Id && (s.HighWaterMark == null || s.HighWaterMark < mark))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.HighWaterMark, mark), cancellationToken);
        }
    }

    private async Task FailAsync(string message)
    {
        try
        {
            db.ChangeTracker.Clear();
            db.Add(new HarvestRunError { Id = Guid.CreateVersion7(), RunId = run.Id, Message = message.Length > 4000 ? message[..4000] : message, Occurred = clock.GetStoredNow() });
            await db.SaveChangesAsync(CancellationToken.None);
            await FinishAsync(HarvestRunStatus.Failed, message.Length > 2000 ? message[..2000] : message, CancellationToken.None);
        }
        catch (LostLeaseException)
        {
            logger.LostLease(run.Id);
        }
    }

    private async Task ReleaseAsync() =>
        await db.Set<HarvestRun>().Where(r => r.Id == run.Id && r.LeaseOwner == owner && r.Status == HarvestRunStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, HarvestRunStatus.Queued).SetProperty(r => r.LeaseOwner, (string?)null), CancellationToken.None);

    private sealed class LostLeaseException : Exception;
}
