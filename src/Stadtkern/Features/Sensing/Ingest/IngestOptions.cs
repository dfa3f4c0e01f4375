namespace Stadtkern.Features.Sensing.Ingest;

/// <summary>Observation writer settings (section <c>Sensing:Ingest</c>).</summary>
internal sealed class IngestOptions
{
    public const string Section = "Sensing:Ingest";

    /// <summary>Most observations written in one transaction. Default 5,000.</summary>
    public int MaxBatch { get; set; } = 5_000;

    /// <summary>Most observations waiting for the writer (not yet taken into a batch); beyond it writes are refused with
    /// <see cref="IngestOverloadedException"/> (HTTP 503 + Retry-After). One request larger than this is still accepted when
    /// the queue is empty. Default 200,000.</summary>
    public int MaxQueue { get; set; } = 200_000;

    /// <summary>Milliseconds the writer waits for more requests when a batch is not full. 0 writes at once. Default 2.</summary>
    public int LingerMilliseconds { get; set; } = 2;

    /// <summary>Concurrent batch writers on PostgreSQL (each with its own connection). SQLite always uses one. Default 2.</summary>
    public int PostgresWriters { get; set; } = 2;

    /// <summary>Seconds a refused client is told to wait (<c>Retry-After</c>). Default 1.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Most observations in one <c>CreateObservations</c> request. Default 100,000.</summary>
    public int MaxObservationsPerRequest { get; set; } = 100_000;

    /// <summary>False stops this instance's retention job. Default true.</summary>
    public bool RetentionEnabled { get; set; } = true;

    /// <summary>Minutes between retention rounds. Default 60.</summary>
    public int RetentionPollMinutes { get; set; } = 60;

    /// <summary>Rows deleted per statement when retention deletes row by row. Default 10,000.</summary>
    public int RetentionChunk { get; set; } = 10_000;
}
