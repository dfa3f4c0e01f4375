using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stadtkern.Features.Sensing.Access;
using Stadtkern.Features.Sensing.Api;
using Stadtkern.Features.Sensing.Query;
using Stadtkern.Features.Sensing.Schema;
using Stadtkern.Platform.Mqtt;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Sensing.Mqtt;

/// <summary>
/// Publishes queued changes to the SensorThings MQTT topics (see docs/sensing/mqtt.md). Each change is read back with the
/// same code and representation as a GET, as an anonymous caller, so only PUBLIC entities are ever published. Created
/// entities go to their collection topic (<c>v1.1/Observations</c>) and to the navigation topics of the entities they belong
/// to (<c>v1.1/Datastreams(5)/Observations</c>); updated ones to their entity topic (<c>v1.1/Things(1)</c>) and the topic of
/// every property the request set (<c>v1.1/Things(1)/name</c>). Other tenants than the default one get <c>t/{slug}/</c>
/// before <c>v1.1/</c>. QoS 0, never waits for the broker: what cannot be queued is dropped and counted.
/// </summary>
internal sealed partial class PublishSensingChanges(
    SensingChanges changes,
    MqttConnection connection,
    IServiceScopeFactory scopes,
    TenantDirectory tenants,
    IOptions<SensingMqttOptions> options,
    IOptions<SensingOptions> sensingOptions,
    SensingMqttMetrics metrics,
    ILogger<PublishSensingChanges> logger) : BackgroundService
{
    private const int MaxBatch = 500;
    private readonly ConcurrentDictionary<Guid, string> slugs = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!changes.Enabled)
        {
            return;
        }

        var batch = new List<SensingChange>();
        try
        {
            while (await changes.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && changes.Reader.TryRead(out var change))
                {
                    batch.Add(change);
                }

                foreach (var group in batch.GroupBy(c => (c.TenantId, c.Set, c.Created)))
                {
                    try
                    {
                        await PublishAsync(group.Key.TenantId, SensingSchema.Sets[group.Key.Set], group.Key.Created, [.. group], stoppingToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        metrics.Dropped(group.Count());
                        LogPublishFailed(logger, group.Key.Set, e.Message);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PublishAsync(Guid tenantId, SensingEntitySet set, bool created, List<SensingChange> batch, CancellationToken ct)
    {
        var slug = await SlugAsync(tenantId, ct);
        var tenant = slug is null ? null : await tenants.FindAsync(slug, ct);
        if (tenant is null)
        {
            metrics.Dropped(batch.Count);
            return;
        }

        var topicBase = (tenant.IsDefault ? "" : $"t/{tenant.Slug}/") + SensingLinks.Version + "/";
        var links = new SensingLinks(options.Value.PublicUrl.TrimEnd('/') + (tenant.IsDefault ? "" : $"/t/{tenant.Slug}") + "/" + SensingLinks.Version);
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        var reader = scope.ServiceProvider.GetRequiredService<ReadEntities>();
        var sql = scope.ServiceProvider.GetRequiredService<SensingSql>();
        var anonymous = new SensingVisibility(SensingCaller.Anonymous, tenant.Id);
        if (created && set == SensingSchema.Observations && batch.TrueForAll(c => c.Observation is not null))
        {
            await PublishObservationsAsync(sql, anonymous, topicBase, links, batch, ct);
            return;
        }

        foreach (var chunk in batch.Chunk(200))
        {
            var ids = chunk.Select(c => c.Id).Distinct().ToList();
            var filter = "id in (" + string.Join(",", ids.Select(i => i.ToString(CultureInfo.InvariantCulture))) + ")";
            var query = QueryOptions.Parse([new("$filter", filter), new("$top", "1000")], set, sensingOptions.Value);
            var read = (JsonObject)(await reader.ReadAsync(SensingPath.Parse("/" + set.Name), query, anonymous, links, "", ct))!;
            var entities = read["value"]!.AsArray().OfType<JsonObject>().ToDictionary(e => e["@iot.id"]!.GetValue<long>());
            var owners = created ? await OwnersAsync(sql, set, [.. entities.Keys], ct) : [];
            foreach (var change in chunk)
            {
                if (!entities.TryGetValue(change.Id, out var entity))
                {
                    continue; // not public (or gone): never published
                }

                var payload = Encoding.UTF8.GetBytes(entity.ToJsonString());
                var self = $"{set.Name}({change.Id.ToString(CultureInfo.InvariantCulture)})";
                if (created)
                {
                    Send(topicBase + set.Name, payload);
                    foreach (var owner in owners.GetValueOrDefault(change.Id) ?? [])
                    {
                        Send(topicBase + owner, payload);
                    }
                }
                else
                {
                    Send(topicBase + self, payload);
                    foreach (var property in change.Properties.Distinct(StringComparer.Ordinal))
                    {
                        var value = new JsonObject { [property] = entity[property]?.DeepClone() };
                        Send($"{topicBase}{self}/{property}", Encoding.UTF8.GetBytes(value.ToJsonString()));
                    }
                }
            }
        }
    }

    /// <summary>
    /// New Observations from the observation writer: written from what was stored (<see cref="ObservationNotification"/>),
    /// published when their Datastream is public, which is asked once per batch with the same rule as every read.
    /// </summary>
    private async Task PublishObservationsAsync(SensingSql sql, SensingVisibility anonymous, string topicBase, SensingLinks links,
        List<SensingChange> batch, CancellationToken ct)
    {
        var parameters = sql.NewParameters();
        var condition = anonymous.Predicate(SensingSchema.Datastreams, "d", parameters);
        var list = string.Join(", ", batch.Select(c => c.Observation!.DatastreamId).Distinct().Select(id => parameters.Add(id)));
        var visible = (await sql.ReadAsync($"SELECT d.id FROM sensing_datastreams d WHERE d.id IN ({list}) AND {condition}", parameters,
            r => Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), ct)).ToHashSet();
        var collection = topicBase + SensingSchema.Observations.Name;
        using var scratch = new ObservationNotification.Scratch();
        foreach (var change in batch)
        {
            var observation = change.Observation!;
            if (!visible.Contains(observation.DatastreamId) || ObservationNotification.Write(change.Id, observation, links, scratch) is not { } payload)
            {
                continue; // not public: never published
            }

            Send(collection, payload);
            foreach (var owner in ObservationNotification.OwnerTopics(observation))
            {
                Send(topicBase + owner, payload);
            }
        }
    }

    private void Send(string topic, byte[] payload)
    {
        if (connection.TryPublish(topic, payload))
        {
            metrics.Published();
        }
        else
        {
            metrics.Dropped();
        }
    }

    /// <summary>
    /// The navigation topics (<c>Datastreams(5)/Observations</c>) of new entities: for every to-one navigation with a foreign key
    /// (an Observation's Datastream and FeatureOfInterest, a Datastream's Thing, Sensor and ObservedProperty, ...), the inverse collection.
    /// </summary>
    private static async Task<Dictionary<long, List<string>>> OwnersAsync(SensingSql sql, SensingEntitySet set, List<long> ids, CancellationToken ct)
    {
        var result = new Dictionary<long, List<string>>();
        var keys = set.Navigations
            .Where(n => !n.IsCollection && n.ForeignKey is not null)
            .Select(n => (Navigation: n, Inverse: SensingSchema.TargetOf(n).Navigations.FirstOrDefault(i => i.TargetForeignKey == n.ForeignKey && i.Target == set.Name)))
            .Where(k => k.Inverse is not null)
            .ToList();
        if (keys.Count == 0 || ids.Count == 0)
        {
            return result;
        }

        var parameters = sql.NewParameters();
        var list = string.Join(", ", ids.Select(i => parameters.Add(i)));
        var columns = string.Join(", ", keys.Select(k => "e0." + k.Navigation.ForeignKey));
        var rows = await sql.ReadAsync($"SELECT e0.id, {columns} FROM {set.Table} e0 WHERE e0.id IN ({list})", parameters, r =>
        {
            var values = new long?[keys.Count];
            for (var i = 0; i < keys.Count; i++)
            {
                values[i] = r.IsDBNull(i + 1) ? null : Convert.ToInt64(r.GetValue(i + 1), CultureInfo.InvariantCulture);
            }

            return (Id: Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), Values: values);
        }, ct);
        foreach (var (id, values) in rows)
        {
            var topics = new List<string>();
            for (var i = 0; i < keys.Count; i++)
            {
                if (values[i] is { } owner)
                {
                    topics.Add($"{keys[i].Navigation.Target}({owner.ToString(CultureInfo.InvariantCulture)})/{keys[i].Inverse!.Name}");
                }
            }

            result[id] = topics;
        }

        return result;
    }

    private async Task<string?> SlugAsync(Guid tenantId, CancellationToken ct)
    {
        if (slugs.TryGetValue(tenantId, out var known))
        {
            return known;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        var slug = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.Slug).FirstOrDefaultAsync(ct);
        if (slug is not null)
        {
            slugs[tenantId] = slug;
        }

        return slug;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SensorThings MQTT: publishing changed {Set} failed: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, string set, string reason);
}
