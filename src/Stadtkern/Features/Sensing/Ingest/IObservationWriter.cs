using System.Text.Json.Nodes;

namespace Stadtkern.Features.Sensing.Ingest;

/// <summary>One Observation to store, already checked by the caller (its Datastream exists, is the tenant's and may be written).</summary>
internal sealed record IncomingObservation(
    long DatastreamId,
    DateTimeOffset PhenomenonTimeStart,
    DateTimeOffset? PhenomenonTimeEnd,
    DateTimeOffset? ResultTime,
    JsonNode? Result,
    string? ResultQualityJson,
    DateTimeOffset? ValidTimeStart,
    DateTimeOffset? ValidTimeEnd,
    string? ParametersJson,
    long? FeatureOfInterestId);

internal enum IngestOutcome
{
    Stored,
    Duplicate,
    Rejected,
}

/// <summary>What happened to each observation of a batch, in order; ids of stored ones (null for duplicates and rejects).</summary>
internal sealed record IngestResult(IReadOnlyList<IngestOutcome> Outcomes, IReadOnlyList<long?> ObservationIds);

/// <summary>
/// The one way Observations enter the database (HTTP, MQTT, LoRaWAN). Singleton. Completes only after the batch containing these
/// observations is committed; throws <see cref="IngestOverloadedException"/> when the queue is full.
/// </summary>
internal interface IObservationWriter
{
    Task<IngestResult> WriteAsync(IReadOnlyList<IncomingObservation> observations, string? idempotencyKey, Guid tenantId, CancellationToken ct);
}

/// <summary>The writer's queue is full: answer 503 (or 429) with <c>Retry-After</c>.</summary>
internal sealed class IngestOverloadedException(TimeSpan retryAfter) : Exception("The observation writer is overloaded; retry later.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
