using Stadtkern.Features.Sensing.Ingest;

namespace Stadtkern.Features.Sensing.Mqtt;

/// <summary>
/// Wraps the registered <see cref="IObservationWriter"/>: after a write completed (that is, after its commit) every observation
/// stored now is queued for publication. Every ingest path (HTTP, CreateObservations, LoRaWAN, MQTT) goes through the writer,
/// so every path is published; queueing never waits and never fails the write.
/// </summary>
internal sealed class PublishingObservationWriter(IObservationWriter inner, SensingChanges changes) : IObservationWriter
{
    public async Task<IngestResult> WriteAsync(IReadOnlyList<IncomingObservation> observations, string? idempotencyKey, Guid tenantId, CancellationToken ct)
    {
        var result = await inner.WriteAsync(observations, idempotencyKey, tenantId, ct);
        if (changes.Enabled)
        {
            for (var i = 0; i < result.Outcomes.Count && i < result.ObservationIds.Count; i++)
            {
                if (result.Outcomes[i] == IngestOutcome.Stored && result.ObservationIds[i] is { } id)
                {
                    changes.Add(new SensingChange(tenantId, "Observations", id, Created: true, [], observations[i]));
                }
            }
        }

        return result;
    }
}
