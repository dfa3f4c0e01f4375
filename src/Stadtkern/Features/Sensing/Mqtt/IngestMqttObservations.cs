using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Stadtkern.Features.Sensing.Api;
using Stadtkern.Features.Sensing.Ingest;
using Stadtkern.Platform.Mqtt;
using Stadtkern.Platform.Mqtt.Protocol;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Sensing.Mqtt;

/// <summary>
/// Stores observations that clients publish (QoS 1) to <c>v1.1/Datastreams(n)/Observations</c> or
/// <c>t/{slug}/v1.1/Datastreams(n)/Observations</c>. The payload is read exactly like the body of
/// <c>POST /v1.1/Datastreams(n)/Observations</c> and written through the observation writer; the handler returns (and so the
/// PUBACK is sent) only after the writer committed. A redelivered message is stored once (the writer's duplicate rule).
/// A plain message (only Observation properties) takes the fast way: the Datastream from <see cref="MqttDatastreams"/>' cache,
/// and the observation, together with those of other messages handled at the same time, in one write
/// (<see cref="BatchMqttObservations"/>). Anything else goes through <see cref="WriteEntities"/> as the HTTP POST does.
/// Malformed or refused messages are logged, counted and acknowledged, so they are not redelivered forever. Messages carrying
/// <c>@iot.id</c> are this service's own publications coming back through the subscription and are ignored.
/// MQTT 3.1.1 carries no identity per message: whoever the broker lets publish on these topics may write (restrict with the
/// broker's ACL).
/// </summary>
internal sealed partial class IngestMqttObservations(
    MqttConnection connection,
    IServiceScopeFactory scopes,
    TenantDirectory tenants,
    IOptions<SensingMqttOptions> options,
    MqttDatastreams datastreams,
    BatchMqttObservations batch,
    TimeProvider clock,
    SensingMqttMetrics metrics,
    ILogger<IngestMqttObservations> logger) : IHostedService
{
    public const string DefaultTopic = "v1.1/Datastreams(+)/Observations";
    public const string TenantTopic = "t/+/v1.1/Datastreams(+)/Observations";

    private static readonly byte[] IdMarker = "\"@iot.id\""u8.ToArray();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!connection.IsEnabled || !options.Value.Ingest)
        {
            return;
        }

        // Subscriptions are remembered by the connection and (re)sent on every connect.
        await connection.SubscribeAsync(DefaultTopic, MqttQos.AtLeastOnce, HandleAsync, cancellationToken);
        await connection.SubscribeAsync(TenantTopic, MqttQos.AtLeastOnce, HandleAsync, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The tenant slug (null: the default tenant) and datastream id of an ingest topic; null if it is none.</summary>
    internal static (string? Slug, long DatastreamId)? ParseTopic(string topic)
    {
        string? slug = null;
        var rest = topic;
        if (rest.StartsWith("t/", StringComparison.Ordinal))
        {
            var end = rest.IndexOf('/', 2);
            if (end <= 2)
            {
                return null;
            }

            slug = rest[2..end];
            rest = rest[(end + 1)..];
        }

        const string Head = "v1.1/Datastreams(";
        const string Tail = ")/Observations";
        if (!rest.StartsWith(Head, StringComparison.Ordinal) || !rest.EndsWith(Tail, StringComparison.Ordinal) || rest.Length <= Head.Length + Tail.Length)
        {
            return null;
        }

        var id = rest.AsSpan(Head.Length, rest.Length - Head.Length - Tail.Length);
        return long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var datastreamId) ? (slug, datastreamId) : null;
    }

    internal async Task HandleAsync(MqttMessage message, CancellationToken ct)
    {
        if (ParseTopic(message.Topic) is not { } target)
        {
            metrics.Received("malformed");
            return;
        }

        if (message.Payload.Span.IndexOf(IdMarker) >= 0)
        {
            metrics.Received("own");
            return;
        }

        var tenantSlug = target.Slug ?? tenants.DefaultSlug;
        IncomingObservation? fast;
        try
        {
            ReadMqttObservation.TryReadPlain(message.Payload.Span, target.DatastreamId, clock.GetStoredNow(), out fast);
        }
        catch (SensingException e)
        {
            metrics.Received("malformed");
            LogRefused(logger, message.Topic, e.Message);
            return;
        }

        if (fast is not null)
        {
            if (await tenants.FindAsync(tenantSlug, ct) is not { } known)
            {
                metrics.Received("rejected");
                LogRefused(logger, message.Topic, "no such tenant");
                return;
            }

            await WritePlainAsync(message.Topic, known, fast, ct);
            return;
        }

        JsonObject? body;
        try
        {
            body = JsonNode.Parse(message.Payload.Span) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body is null)
        {
            metrics.Received("malformed");
            LogRefused(logger, message.Topic, "the payload is not a JSON object");
            return;
        }

        var tenant = await tenants.FindAsync(tenantSlug, ct);
        if (tenant is null)
        {
            metrics.Received("rejected");
            LogRefused(logger, message.Topic, "no such tenant");
            return;
        }

        IncomingObservation? plain;
        try
        {
            plain = ReadMqttObservation.TryRead(body, target.DatastreamId, clock.GetStoredNow());
        }
        catch (SensingException e)
        {
            metrics.Received("malformed");
            LogRefused(logger, message.Topic, e.Message);
            return;
        }

        if (plain is not null)
        {
            await WritePlainAsync(message.Topic, tenant, plain, ct);
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        var writer = scope.ServiceProvider.GetRequiredService<WriteEntities>();
        var path = SensingPath.Parse($"/Datastreams({target.DatastreamId.ToString(CultureInfo.InvariantCulture)})/Observations");
        try
        {
            // Completes after the observation writer committed; an overload or database failure propagates, so the PUBACK is
            // withheld and the broker redelivers.
            await writer.CreateAsync(path, body, ct);
            metrics.Received("stored");
        }
        catch (SensingException e) when (e.Status == StatusCodes.Status409Conflict)
        {
            metrics.Received("duplicate");
        }
        catch (SensingException e)
        {
            metrics.Received(e.Status == StatusCodes.Status404NotFound ? "rejected" : "malformed");
            LogRefused(logger, message.Topic, e.Message);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            metrics.Received("malformed");
            LogRefused(logger, message.Topic, e.Message);
        }
    }

    /// <summary>The fast way: cached Datastream, bulk write; completes after the commit (an overload or database failure throws).</summary>
    private async Task WritePlainAsync(string topic, TenantInfo tenant, IncomingObservation observation, CancellationToken ct)
    {
        var datastream = await datastreams.FindAsync(tenant, observation.DatastreamId, ct);
        if (!datastream.Exists)
        {
            metrics.Received("rejected");
            LogRefused(logger, topic, "no such Datastream in the tenant");
            return;
        }

        if (datastream.DefaultFeatureOfInterestId is not { } feature)
        {
            metrics.Received("malformed");
            LogRefused(logger, topic, "Observation: 'FeatureOfInterest' is required, as the Thing of its Datastream has no Location.");
            return;
        }

        var (outcome, _) = await batch.WriteAsync(tenant.Id, observation with { FeatureOfInterestId = feature }, ct);
        switch (outcome)
        {
            case IngestOutcome.Stored:
                metrics.Received("stored");
                break;
            case IngestOutcome.Duplicate:
                metrics.Received("duplicate");
                break;
            default:
                metrics.Received("rejected");
                LogRefused(logger, topic, "the writer rejected the observation (its Datastream is gone or its result cannot be stored)");
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SensorThings MQTT: observation on {Topic} not stored: {Reason}")]
    private static partial void LogRefused(ILogger logger, string topic, string reason);
}
