using System.Collections.Concurrent;

namespace Stadtkern.Features.Sensing.Api;

/// <summary>
/// A change counter per tenant, raised after every write of the SensorThings API (POST, PATCH, PUT, DELETE, <c>$ref</c>) in
/// this process (singleton). Caches of entity lookups on the ingest paths (MQTT datastreams, LoRaWAN device bindings) remember
/// the counter they were filled at and reload when it moved; their time limit covers changes made elsewhere (another
/// instance, the UI, the CLI).
/// </summary>
internal sealed class SensingEntityVersions
{
    private readonly ConcurrentDictionary<Guid, long> versions = new();

    public long Of(Guid tenantId) => versions.TryGetValue(tenantId, out var version) ? version : 0;

    public void Changed(Guid tenantId) => versions.AddOrUpdate(tenantId, 1, (_, version) => version + 1);
}
