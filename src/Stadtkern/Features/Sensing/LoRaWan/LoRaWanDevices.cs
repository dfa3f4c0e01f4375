using System.Collections.Concurrent;
using Stadtkern.Features.Sensing.Api;

namespace Stadtkern.Features.Sensing.LoRaWan;

/// <summary>The Things bound to one DevEUI and their Datastreams, as <see cref="IngestUplink"/> reads them.</summary>
internal sealed record LoRaWanDevice(IReadOnlyList<(long Id, string? Properties)> Things, IReadOnlyList<(long Id, long SensorId, string? Properties)> Datastreams);

/// <summary>
/// Caches <see cref="LoRaWanDevice"/> per tenant and DevEUI (singleton), so an uplink, and each of its copies from other
/// gateways, costs no lookup in the database. An entry is used while the tenant's <see cref="SensingEntityVersions"/> counter
/// is unchanged (any write through this instance's SensorThings API drops it) and for at most <see cref="MaxAge"/> (changes
/// made elsewhere). A Datastream deleted in between is still caught by the observation writer, which rejects its rows.
/// </summary>
internal sealed class LoRaWanDevices(SensingEntityVersions versions, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(Guid Tenant, string DevEui), Entry> entries = new();

    public LoRaWanDevice? Find(Guid tenantId, string devEui) =>
        entries.TryGetValue((tenantId, devEui), out var entry) && entry.Version == versions.Of(tenantId) && clock.GetElapsedTime(entry.LoadedAt) < MaxAge
            ? entry.Device
            : null;

    /// <summary>The version to store a freshly loaded device with: read it before loading, so a change during the load is not hidden.</summary>
    public long VersionOf(Guid tenantId) => versions.Of(tenantId);

    public void Remember(Guid tenantId, string devEui, LoRaWanDevice device, long version)
    {
        if (entries.Count > 100_000)
        {
            entries.Clear();
        }

        entries[(tenantId, devEui)] = new Entry(device, version, clock.GetTimestamp());
    }

    private sealed record Entry(LoRaWanDevice Device, long Version, long LoadedAt);
}
