namespace Stadtkern.Features.Sensing.Ingest;

/// <summary>One observation as HTTP, MQTT and LoRaWAN hand it to the writer (see docs/sensing/ingest.md).</summary>
internal sealed record IncomingObservation(long DatastreamId, DateTimeOffset PhenomenonTimeStart, DateTimeOffset? PhenomenonTimeEnd,
    DateTimeOffset? ResultTime, System.Text.Json.Nodes.JsonNode? Result, string? ResultQualityJson, DateTimeOffset? ValidTimeStart,
    DateTimeOffset? ValidTimeEnd, string? ParametersJson, long? FeatureOfInterestId);

/// <summary>What became of one observation.</summary>
internal enum IngestOutcome
{
    /// <summary>Written now.</summary>
    Stored,

    /// <summary>Already present (same datastream, phenomenon time and result, or a repeated idempotency key); nothing written.</summary>
    Duplicate,

    /// <summary>Not written: the database refused it (e.g. its datastream or feature of interest no longer exists) or it is invalid.</summary>
    Rejected,
}

/// <summary>Outcomes and ids in the order of the request; the id of a duplicate is the stored original's when it could be found.</summary>
internal sealed record IngestResult(IReadOnlyList<IngestOutcome> Outcomes, IReadOnlyList<long?> ObservationIds);

/// <summary>The one writer for observations (singleton).</summary>
internal interface IObservationWriter
{
    /// <summary>
    /// Completes only after the batch containing these observations is committed. Throws <see cref="IngestOverloadedException"/>
    /// (→ 503/429 with Retry-After) when the queue is full. The caller has already checked the datastreams exist, belong to the
    /// tenant and may be written.
    /// </summary>
    Task<IngestResult> WriteAsync(IReadOnlyList<IncomingObservation> observations, string? idempotencyKey, Guid tenantId, CancellationToken ct);
}

/// <summary>The writer's queue is full; the caller should answer 503 (or 429) with <c>Retry-After</c>.</summary>
internal sealed class IngestOverloadedException(TimeSpan retryAfter)
    : Exception($"The observation queue is full; retry after {retryAfter.TotalSeconds:0} s.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
