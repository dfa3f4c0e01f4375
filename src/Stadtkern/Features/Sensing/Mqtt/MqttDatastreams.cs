using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stadtkern.Features.Sensing.Api;
using Stadtkern.Features.Sensing.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Sensing.Mqtt;

/// <summary>What the MQTT ingest needs to know about a Datastream: whether it exists in the tenant, and the FeatureOfInterest for
/// Observations that name none (from its Thing's Location; null when the Thing has none).</summary>
internal sealed record MqttDatastream(bool Exists, long? DefaultFeatureOfInterestId);

/// <summary>
/// Caches <see cref="MqttDatastream"/> per tenant and Datastream id (singleton), so an MQTT message costs no database read. An
/// entry is reloaded when the tenant's <see cref="SensingEntityVersions"/> counter moved (any write through the SensorThings
/// API of this process) or after <see cref="SensingMqttOptions.CacheSeconds"/> (changes elsewhere). A Datastream deleted in
/// between is still caught: the observation writer checks existence inside its transaction and rejects such rows.
/// </summary>
internal sealed class MqttDatastreams(
    IServiceScopeFactory scopes, SensingEntityVersions versions, IOptions<SensingMqttOptions> options, TimeProvider clock) : IDisposable
{
    private readonly ConcurrentDictionary<(Guid Tenant, long Id), Entry> entries = new();
    private readonly SemaphoreSlim loading = new(1, 1);

    public async ValueTask<MqttDatastream> FindAsync(TenantInfo tenant, long datastreamId, CancellationToken ct)
    {
        var key = (tenant.Id, datastreamId);
        if (Fresh(key, versions.Of(tenant.Id)) is { } cached)
        {
            return cached;
        }

        // One load at a time: loading may create the default FeatureOfInterest, which must happen once.
        await loading.WaitAsync(ct);
        try
        {
            var version = versions.Of(tenant.Id);
            if (Fresh(key, version) is { } loaded)
            {
                return loaded;
            }

            var value = await LoadAsync(tenant, datastreamId, ct);
            if (entries.Count > 100_000)
            {
                entries.Clear();
            }

            entries[key] = new Entry(value, version, clock.GetTimestamp());
            return value;
        }
        finally
        {
            loading.Release();
        }
    }

    public void Dispose() => loading.Dispose();

    private MqttDatastream? Fresh((Guid, long) key, long version) =>
        entries.TryGetValue(key, out var entry) && entry.Version == version
            && clock.GetElapsedTime(entry.LoadedAt) < TimeSpan.FromSeconds(Math.Max(0, options.Value.CacheSeconds))
            ? entry.Value
            : null;

    private async Task<MqttDatastream> LoadAsync(TenantInfo tenant, long datastreamId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        var db = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        if (!await db.Set<Datastream>().AnyAsync(d => d.Id == datastreamId, ct))
        {
            return new MqttDatastream(false, null);
        }

        var feature = await scope.ServiceProvider.GetRequiredService<WriteEntities>().DefaultFeatureOfInterestAsync(datastreamId, ct);
        return new MqttDatastream(true, feature);
    }

    private sealed record Entry(MqttDatastream Value, long Version, long LoadedAt);
}
