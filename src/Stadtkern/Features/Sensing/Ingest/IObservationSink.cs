namespace Stadtkern.Features.Sensing.Ingest;

/// <summary>
/// One database connection of the writer and the few statements a batch needs, per provider. The writer calls
/// <see cref="PrepareAsync"/>, then <see cref="BeginAsync"/>, the statements, and <see cref="CommitAsync"/>; one batch, one transaction.
/// </summary>
internal interface IObservationSink : IAsyncDisposable
{
    /// <summary>Work outside the transaction before it (PostgreSQL: create the monthly partitions the rows need).</summary>
    Task PrepareAsync(IReadOnlyList<ObservationRow> rows, CancellationToken ct);

    Task BeginAsync(CancellationToken ct);

    Task CommitAsync(CancellationToken ct);

    Task RollbackAsync();

    /// <summary>Which of the datastreams exist. Observations have no foreign keys; this keeps rows of a deleted datastream out.
    /// (A datastream deleted after this check is caught by <see cref="ApplyAsync"/>, which then throws
    /// <see cref="DatastreamVanishedException"/> and the batch is tried again.)</summary>
    Task<HashSet<long>> ExistingDatastreamsAsync(IReadOnlyCollection<long> ids, CancellationToken ct);

    /// <summary>Records idempotency keys; returns those that were new (the others were used before).</summary>
    Task<HashSet<(Guid Tenant, string Key)>> InsertKeysAsync(IReadOnlyList<(Guid Tenant, string Key)> keys, DateTimeOffset now, CancellationToken ct);

    /// <summary>Inserts rows whose keys are distinct; returns each row's new id, or null where it was already present.</summary>
    Task<long?[]> InsertAsync(IReadOnlyList<ObservationRow> rows, CancellationToken ct);

    /// <summary>The ids of stored rows with the same duplicate key (null where none).</summary>
    Task<long?[]> FindAsync(IReadOnlyList<ObservationRow> rows, CancellationToken ct);

    /// <summary>Locks the touched datastreams in id order (so concurrent batches never deadlock; the rows' COPY before it runs in
    /// parallel), applies the batch's datastream changes and aggregate deltas.</summary>
    Task ApplyAsync(IReadOnlyList<DatastreamChange> changes, IReadOnlyList<AggregateDelta> aggregates, CancellationToken ct);

    /// <summary>True when the error is caused by some row's data (a foreign key, a constraint, a bad value): retried row by row.</summary>
    bool IsDataError(Exception e);

    /// <summary>True for a deadlock, serialisation failure or busy database: the same batch is tried again.</summary>
    bool IsTransient(Exception e);
}

/// <summary>A datastream of the batch was deleted while the batch was being written; the batch is tried again.</summary>
internal sealed class DatastreamVanishedException() : Exception("A datastream was deleted while its observations were being written.");
