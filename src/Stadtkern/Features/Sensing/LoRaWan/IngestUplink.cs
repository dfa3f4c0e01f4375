using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Sensing.Ingest;
using Stadtkern.Features.Sensing.Model;
using Stadtkern.Features.Sensing.Scripting;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Sensing.LoRaWan;

internal enum UplinkStatus
{
    /// <summary>Bound values were handed to the observation writer (possibly none).</summary>
    Ingested,

    /// <summary>No Thing of the tenant has <c>properties.lorawan.devEui</c> equal to the uplink's DevEUI.</summary>
    UnknownDevice,

    /// <summary>The payload needed decoding and the codec failed or reported errors.</summary>
    CodecFailed,
}

internal sealed record UplinkOutcome(
    UplinkStatus Status,
    string? Detail,
    int Stored,
    int Duplicates,
    int Rejected,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Warnings);

/// <summary>
/// Turns one uplink into Observations: finds the Thing bound to the DevEUI, decodes the payload when the network server did
/// not (the Thing's <c>properties.lorawan.codec</c>, else a bound Sensor's), picks each bound Datastream's field and hands the
/// values to the <see cref="IObservationWriter"/> with the uplink identity as idempotency key.
/// </summary>
internal sealed class IngestUplink(StadtkernDb db, TenantContext tenant, CodecRunner codecs, IObservationWriter writer, LoRaWanDevices devices)
{
    public async Task<UplinkOutcome> IngestAsync(Uplink uplink, CancellationToken cancellationToken)
    {
        var device = devices.Find(tenant.TenantId, uplink.DevEui) ?? await LoadDeviceAsync(uplink.DevEui, cancellationToken);
        var things = device.Things;
        if (things.Count == 0)
        {
            return new UplinkOutcome(UplinkStatus.UnknownDevice, $"No Thing has properties.lorawan.devEui = {uplink.DevEui}.", 0, 0, 0, [], []);
        }

        var datastreams = device.Datastreams;
        var bound = datastreams
            .Select(d => (d.SensorId, Binding: UplinkBinding.ReadProperty(d.Properties, "field") is { Length: > 0 } field ? new BoundDatastream(d.Id, field) : null))
            .Where(d => d.Binding is not null)
            .ToList();
        var warnings = new List<string>();
        if (bound.Count == 0)
        {
            warnings.Add("The Thing has no Datastream with properties.lorawan.field.");
            return new UplinkOutcome(UplinkStatus.Ingested, null, 0, 0, 0, [], warnings);
        }

        var decoded = uplink.Decoded;
        var needsPayload = bound.Any(b => !b.Binding!.Field.StartsWith('$') || b.Binding.Field == "$battery");
        if (decoded is null && needsPayload && uplink.Bytes.Length > 0)
        {
            var codec = things.Select(t => UplinkBinding.ReadProperty(t.Properties, "codec")).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c))
                ?? await SensorCodecAsync(bound.Select(b => b.SensorId).Distinct().ToList(), cancellationToken);
            if (codec is null)
            {
                warnings.Add("The network server sent no decoded payload and neither the Thing nor a Sensor has properties.lorawan.codec.");
            }
            else
            {
                CodecResult result;
                try
                {
                    result = codecs.DecodeUplink(codec, new CodecInput(uplink.Bytes, uplink.FPort, uplink.ReceivedAt), cancellationToken);
                }
                catch (CodecException e)
                {
                    return new UplinkOutcome(UplinkStatus.CodecFailed, "The codec failed: " + e.Message, 0, 0, 0, [], []);
                }

                if (result.Errors.Count > 0)
                {
                    return new UplinkOutcome(UplinkStatus.CodecFailed, "The codec reported errors: " + string.Join("; ", result.Errors), 0, 0, 0, [], result.Warnings);
                }

                warnings.AddRange(result.Warnings);
                decoded = result.Data;
            }
        }

        var values = UplinkBinding.Values(uplink, decoded, bound.Select(b => b.Binding!));
        var missing = values.Where(v => v.Value is null).Select(v => v.Field).Distinct(StringComparer.Ordinal).ToList();
        var time = DateTimeOffset.FromUnixTimeMilliseconds(uplink.ReceivedAt.ToUnixTimeMilliseconds());
        var parameters = new JsonObject
        {
            ["lorawan"] = new JsonObject { ["devEui"] = uplink.DevEui, ["fCnt"] = uplink.FCnt, ["fPort"] = uplink.FPort },
        }.ToJsonString();
        var observations = values
            .Where(v => v.Value is not null)
            .Select(v => new IncomingObservation(v.DatastreamId, time, null, time, v.Value, null, null, null, parameters, null))
            .ToList();
        if (observations.Count == 0)
        {
            return new UplinkOutcome(UplinkStatus.Ingested, null, 0, 0, 0, missing, warnings);
        }

        var written = await writer.WriteAsync(observations, uplink.Identity, tenant.TenantId, cancellationToken);
        return new UplinkOutcome(
            UplinkStatus.Ingested,
            null,
            written.Outcomes.Count(o => o == IngestOutcome.Stored),
            written.Outcomes.Count(o => o == IngestOutcome.Duplicate),
            written.Outcomes.Count(o => o == IngestOutcome.Rejected),
            missing,
            warnings);
    }

    /// <summary>The Things bound to the DevEUI and their Datastreams, from the database; remembered in <see cref="LoRaWanDevices"/>.</summary>
    private async Task<LoRaWanDevice> LoadDeviceAsync(string devEui, CancellationToken cancellationToken)
    {
        var version = devices.VersionOf(tenant.TenantId);
        var things = await FindThingsAsync(devEui, cancellationToken);
        var thingIds = things.Select(t => t.Id).ToList();
        var datastreams = thingIds.Count == 0
            ? []
            : await db.Set<Datastream>().AsNoTracking()
                .Where(d => thingIds.Contains(d.ThingId))
                .Select(d => new { d.Id, d.SensorId, d.Properties })
                .ToListAsync(cancellationToken);
        var device = new LoRaWanDevice([.. things.Select(t => (t.Id, t.Properties))], [.. datastreams.Select(d => (d.Id, d.SensorId, d.Properties))]);
        devices.Remember(tenant.TenantId, devEui, device, version);
        return device;
    }

    private async Task<List<Thing>> FindThingsAsync(string devEui, CancellationToken cancellationToken)
    {
        // The comparison runs in SQL so a tenant with thousands of Things does not load them all; the tenant filter still applies.
        var query = db.Database.IsNpgsql()
            ? db.Set<Thing>().FromSqlInterpolated($"SELECT * FROM sensing_things WHERE upper(properties -> 'lorawan' ->> 'devEui') = {devEui}")
            : db.Set<Thing>().FromSqlInterpolated(
                $"SELECT * FROM sensing_things WHERE CASE WHEN json_valid(properties) THEN upper(json_extract(properties, '$.lorawan.devEui')) END = {devEui}");
        return await query.AsNoTracking().OrderBy(t => t.Id).ToListAsync(cancellationToken);
    }

    private async Task<string?> SensorCodecAsync(List<long> sensorIds, CancellationToken cancellationToken)
    {
        var sensors = await db.Set<Sensor>().AsNoTracking()
            .Where(s => sensorIds.Contains(s.Id) && s.Properties != null)
            .OrderBy(s => s.Id)
            .Select(s => s.Properties)
            .ToListAsync(cancellationToken);
        return sensors.Select(p => UplinkBinding.ReadProperty(p, "codec")).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c));
    }
}
