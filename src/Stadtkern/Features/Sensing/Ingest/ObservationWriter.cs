using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Ingest;

/// <summary>
/// The one observation writer. Requests wait in a queue; each writer loop takes as many as are waiting (up to
/// <see cref="IngestOptions.MaxBatch"/> observations, lingering <see cref="IngestOptions.LingerMilliseconds"/> for more),
/// writes them in one transaction and completes every waiting task only after the commit. A batch that fails because of
/// one request's data is retried request by request, and a failing request observation by observation, so one bad row
/// never fails the others. See docs/sensing/ingest.md.
/// </summary>
internal sealed partial class ObservationWriter(
    ObservationSinks sinks, IOptions<IngestOptions> options, DatabaseTarget target, TimeProvider clock, ILogger<ObservationWriter> logger)
    : IObservationWriter, IHostedService, IAsyncDisposable
{
    private readonly Channel<PendingWrite> queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Lock startLock = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly SemaphoreSlim paused = new(1, 1);
    private Task[] loops = [];
    private long queued;
    private int disposed;

    /// <summary>Observations waiting for a writer loop.</summary>
    public long Queued => Interlocked.Read(ref queued);

    public Task<IngestResult> WriteAsync(IReadOnlyList<IncomingObservation> observations, string? idempotencyKey, Guid tenantId, CancellationToken ct)
    {
        if (observations.Count == 0)
        {
            return Task.FromResult(new IngestResult([], []));
        }

        EnsureStarted();
        var settings = options.Value;
        var pending = new PendingWrite(observations, string.IsNullOrEmpty(idempotencyKey) ? null : idempotencyKey, tenantId); // normalises here
        var after = Interlocked.Add(ref queued, observations.Count);
        if (after > settings.MaxQueue && after != observations.Count)
        {
            Interlocked.Add(ref queued, -observations.Count);
            throw new IngestOverloadedException(TimeSpan.FromSeconds(Math.Max(1, settings.RetryAfterSeconds)));
        }

        if (!queue.Writer.TryWrite(pending))
        {
            Interlocked.Add(ref queued, -observations.Count);
            throw new IngestOverloadedException(TimeSpan.FromSeconds(Math.Max(1, settings.RetryAfterSeconds)));
        }

        // Once queued the write happens even if this caller goes away; the caller only stops waiting for it.
        return pending.Completion.Task.WaitAsync(ct);
    }

    /// <summary>Tests: holds the writer loops before their next batch until the returned handle is disposed.</summary>
    internal async Task<IAsyncDisposable> PauseAsync()
    {
        await paused.WaitAsync();
        return new Resume(paused);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        EnsureStarted();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Writer.TryComplete();
        try
        {
            // Drain what was accepted; the host's shutdown timeout bounds the wait.
            await Task.WhenAll(loops).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await stopping.CancelAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Registered as the writer, its interface and a hosted service: the container may dispose it more than once.
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        queue.Writer.TryComplete();
        await stopping.CancelAsync();
        try
        {
            await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
        }

        stopping.Dispose();
    }

    private void EnsureStarted()
    {
        if (loops.Length > 0)
        {
            return;
        }

        lock (startLock)
        {
            if (loops.Length == 0)
            {
                var count = target.Provider == DatabaseProvider.Postgres ? Math.Clamp(options.Value.PostgresWriters, 1, 16) : 1;
                loops = [.. Enumerable.Range(0, count).Select(_ => Task.Run(() => LoopAsync(stopping.Token)))];
            }
        }
    }

    private async Task LoopAsync(CancellationToken ct)
    {
        IObservationSink? sink = null;
        var batch = new List<PendingWrite>();
        try
        {
            while (await queue.Reader.WaitToReadAsync(ct))
            {
                await paused.WaitAsync(ct);
                paused.Release();
                batch.Clear();
                var count = Take(batch, 0);
                var settings = options.Value;
                if (count == 0)
                {
                    continue;
                }

                if (count < settings.MaxBatch && settings.LingerMilliseconds > 0)
                {
                    await Task.Delay(settings.LingerMilliseconds, ct);
                    Take(batch, count);
                }

                try
                {
                    sink ??= await sinks.CreateAsync(ct);
                    await RunAsync(sink, batch, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    // The connection or the database failed: nothing of this batch was acknowledged; the callers learn it.
                    LogBatchFailed(e, batch.Sum(p => p.Observations.Count));
                    foreach (var pending in batch)
                    {
                        pending.Completion.TrySetException(e);
                    }

                    if (sink is not null)
                    {
                        await sink.DisposeAsync();
                        sink = null;
                    }

                    await Task.Delay(100, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var pending in batch)
            {
                pending.Completion.TrySetCanceled(CancellationToken.None);
            }

            if (sink is not null)
            {
                await sink.DisposeAsync();
            }
        }
    }

    private int Take(List<PendingWrite> batch, int count)
    {
        var max = Math.Max(1, options.Value.MaxBatch);
        while (count < max && queue.Reader.TryRead(out var pending))
        {
            batch.Add(pending);
            count += pending.Observations.Count;
            Interlocked.Add(ref queued, -pending.Observations.Count);
        }

        return count;
    }

    /// <summary>Writes <paramref name="batch"/> in one transaction; isolates data errors; completes every request.</summary>
    private async Task RunAsync(IObservationSink sink, IReadOnlyList<PendingWrite> batch, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var results = await WriteBatchAsync(sink, batch, ct);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(results[i]);
                }

                return;
            }
            catch (Exception e) when (sink.IsTransient(e) && attempt < 5)
            {
                await sink.RollbackAsync();
                await Task.Delay(10 * attempt, ct);
            }
            catch (Exception e) when (sink.IsDataError(e))
            {
                await sink.RollbackAsync();
                if (batch.Count > 1)
                {
                    foreach (var pending in batch)
                    {
                        await RunAsync(sink, [pending], ct);
                    }

                    return;
                }

                await RunObservationByObservationAsync(sink, batch[0], e, ct);
                return;
            }
            catch
            {
                await sink.RollbackAsync();
                throw;
            }
        }
    }

    /// <summary>A request whose batch failed on data: each observation alone; the bad ones are rejected.</summary>
    private async Task RunObservationByObservationAsync(IObservationSink sink, PendingWrite request, Exception cause, CancellationToken ct)
    {
        LogIsolating(cause.Message, request.Observations.Count);
        var outcomes = new IngestOutcome[request.Observations.Count];
        var ids = new long?[request.Observations.Count];
        if (request.Key is { } key)
        {
            var claimed = await InTransactionAsync(sink, () => sink.InsertKeysAsync([(request.TenantId, key)], clock.GetStoredNow(), ct), ct);
            if (!claimed.Contains((request.TenantId, key)))
            {
                var repeat = await WriteBatchAsync(sink, [request with { Completion = new() }], ct);
                request.Completion.TrySetResult(repeat[0]);
                return;
            }
        }

        for (var i = 0; i < request.Observations.Count; i++)
        {
            var single = new PendingWrite([request.Observations[i]], null, request.TenantId);
            try
            {
                var result = (await WriteBatchAsync(sink, [single], ct))[0];
                outcomes[i] = result.Outcomes[0];
                ids[i] = result.ObservationIds[0];
            }
            catch (Exception e) when (sink.IsDataError(e))
            {
                await sink.RollbackAsync();
                outcomes[i] = IngestOutcome.Rejected;
            }
        }

        request.Completion.TrySetResult(new IngestResult(outcomes, ids));
    }

    private static async Task<T> InTransactionAsync<T>(IObservationSink sink, Func<Task<T>> work, CancellationToken ct)
    {
        await sink.BeginAsync(ct);
        var result = await work();
        await sink.CommitAsync(ct);
        return result;
    }

    /// <summary>The batch in one transaction: keys, rows, datastreams, aggregates, commit. Returns one result per request.</summary>
    private async Task<IngestResult[]> WriteBatchAsync(IObservationSink sink, IReadOnlyList<PendingWrite> batch, CancellationToken ct)
    {
        // Normalise; the first of equal duplicate keys in the batch is the candidate, later ones point at it.
        var rows = new ObservationRow?[batch.Count][];
        var candidates = new List<ObservationRow>();
        var candidateOf = new Dictionary<(long, long, long), int>(batch.Sum(p => p.Rows.Length));
        var slots = new int[batch.Count][];
        var total = 0;
        for (var r = 0; r < batch.Count; r++)
        {
            // Normalised by the caller (PendingWrite), outside this loop; copied because rows of vanished datastreams are dropped below.
            rows[r] = [.. batch[r].Rows];
            slots[r] = new int[rows[r].Length];
            for (var i = 0; i < rows[r].Length; i++)
            {
                if (rows[r][i] is null)
                {
                    slots[r][i] = -1;
                }
                else
                {
                    total++;
                }
            }
        }

        var prepared = new List<ObservationRow>(total);
        foreach (var requestRows in rows)
        {
            foreach (var row in requestRows)
            {
                if (row is not null)
                {
                    prepared.Add(row);
                }
            }
        }

        await sink.PrepareAsync(prepared, ct);

        var watch = Stopwatch.StartNew();
        await sink.BeginAsync(ct);

        // Rows of a datastream that no longer exists are rejected.
        var existing = await sink.ExistingDatastreamsAsync(prepared.Select(r => r.DatastreamId).Distinct().Order().ToList(), ct);
        for (var r = 0; r < batch.Count; r++)
        {
            for (var i = 0; i < rows[r].Length; i++)
            {
                if (rows[r][i] is { } row && !existing.Contains(row.DatastreamId))
                {
                    rows[r][i] = null;
                    slots[r][i] = -1;
                }
            }
        }

        // Idempotency keys: the first request with a key in this batch owns it; a key used before makes the request a repeat.
        var keyOwner = new Dictionary<(Guid, string), int>();
        var repeatOf = new int?[batch.Count];
        var isRepeat = new bool[batch.Count];
        for (var r = 0; r < batch.Count; r++)
        {
            if (batch[r].Key is { } key)
            {
                if (keyOwner.TryGetValue((batch[r].TenantId, key), out var owner))
                {
                    repeatOf[r] = owner;
                }
                else
                {
                    keyOwner[(batch[r].TenantId, key)] = r;
                }
            }
        }

        if (keyOwner.Count > 0)
        {
            var fresh = await sink.InsertKeysAsync([.. keyOwner.Keys], clock.GetStoredNow(), ct);
            foreach (var ((tenant, key), r) in keyOwner)
            {
                isRepeat[r] = !fresh.Contains((tenant, key));
            }
        }

        for (var r = 0; r < batch.Count; r++)
        {
            if (repeatOf[r] is not null || isRepeat[r])
            {
                continue;
            }

            for (var i = 0; i < rows[r].Length; i++)
            {
                if (rows[r][i] is not { } row)
                {
                    continue;
                }

                if (!candidateOf.TryGetValue(row.Key, out var c))
                {
                    c = candidates.Count;
                    candidates.Add(row);
                    candidateOf[row.Key] = c;
                }

                slots[r][i] = c;
            }
        }

        var ids = candidates.Count > 0 ? await sink.InsertAsync(candidates, ct) : [];
        var inserted = new List<(ObservationRow, long)>(candidates.Count);
        var missing = new List<int>();
        for (var c = 0; c < candidates.Count; c++)
        {
            if (ids[c] is { } id)
            {
                inserted.Add((candidates[c], id));
            }
            else
            {
                missing.Add(c);
            }
        }

        var original = new long?[candidates.Count];
        if (missing.Count > 0)
        {
            var found = await sink.FindAsync([.. missing.Select(c => candidates[c])], ct);
            for (var m = 0; m < missing.Count; m++)
            {
                original[missing[m]] = found[m];
            }
        }

        // A repeated key: nothing is written; the observations' ids are looked up for the answer.
        var repeatRows = new List<ObservationRow>();
        for (var r = 0; r < batch.Count; r++)
        {
            if (isRepeat[r])
            {
                repeatRows.AddRange(rows[r].OfType<ObservationRow>());
            }
        }

        var repeatIds = repeatRows.Count > 0 ? await sink.FindAsync(repeatRows, ct) : [];
        if (inserted.Count > 0)
        {
            var (changes, aggregates) = SummariseBatch.Of(inserted);
            await sink.ApplyAsync(changes, aggregates, ct);
        }

        await sink.CommitAsync(ct);
        LogBatch(batch.Count, inserted.Count, candidates.Count - inserted.Count, watch.Elapsed.TotalMilliseconds);

        var results = new IngestResult[batch.Count];
        var claimedBy = new HashSet<int>();
        var repeatIndex = 0;
        for (var r = 0; r < batch.Count; r++)
        {
            if (repeatOf[r] is not null)
            {
                continue;
            }

            var n = rows[r].Length;
            var outcomes = new IngestOutcome[n];
            var resultIds = new long?[n];
            for (var i = 0; i < n; i++)
            {
                if (rows[r][i] is null)
                {
                    outcomes[i] = IngestOutcome.Rejected;
                }
                else if (isRepeat[r])
                {
                    outcomes[i] = IngestOutcome.Duplicate;
                    resultIds[i] = repeatIds[repeatIndex++];
                }
                else
                {
                    var c = slots[r][i];
                    var stored = ids[c] is not null && claimedBy.Add(c);
                    outcomes[i] = stored ? IngestOutcome.Stored : IngestOutcome.Duplicate;
                    resultIds[i] = ids[c] ?? original[c];
                }
            }

            results[r] = new IngestResult(outcomes, resultIds);
        }

        for (var r = 0; r < batch.Count; r++)
        {
            if (repeatOf[r] is { } owner)
            {
                var first = results[owner];
                results[r] = new IngestResult([.. first.Outcomes.Select(o => o == IngestOutcome.Rejected ? o : IngestOutcome.Duplicate)], first.ObservationIds);
            }
        }

        return results;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ingest batch: {Requests} requests, {Stored} stored, {Duplicates} duplicates, {Milliseconds:0.0} ms")]
    private partial void LogBatch(int requests, int stored, int duplicates, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingest batch refused by the database ({Reason}); writing its {Count} observations one by one")]
    private partial void LogIsolating(string reason, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ingest batch of {Count} observations failed; the callers were told")]
    private partial void LogBatchFailed(Exception e, int count);

    private sealed class Resume(SemaphoreSlim gate) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            gate.Release();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>A request waiting for its batch.</summary>
internal sealed record PendingWrite(IReadOnlyList<IncomingObservation> Observations, string? Key, Guid TenantId)
{
    public TaskCompletionSource<IngestResult> Completion { get; init; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The observations normalised (null where one cannot be stored), on the caller's thread: the writer loops,
    /// which run one batch at a time each, only write.</summary>
    public ObservationRow?[] Rows { get; } = Normalise(Observations);

    private static ObservationRow?[] Normalise(IReadOnlyList<IncomingObservation> observations)
    {
        var rows = new ObservationRow?[observations.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = ObservationRow.From(observations[i]);
        }

        return rows;
    }
}
