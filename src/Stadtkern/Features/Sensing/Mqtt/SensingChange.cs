using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Stadtkern.Platform.Mqtt;

namespace Stadtkern.Features.Sensing.Mqtt;

/// <summary>
/// An entity that was created, or updated (with the names of the properties the request set), in a tenant. A created
/// Observation written by the observation writer carries what was written (<paramref name="Observation"/>), so that its
/// publication needs no read back (<see cref="ObservationNotification"/>).
/// </summary>
internal sealed record SensingChange(Guid TenantId, string Set, long Id, bool Created, IReadOnlyList<string> Properties,
    Ingest.IncomingObservation? Observation = null);

/// <summary>
/// The bounded queue between writers and <see cref="PublishSensingChanges"/> (singleton). Enqueueing never waits: when MQTT
/// is off nothing is queued, when the queue is full the change is dropped and counted. Publications are at most once.
/// </summary>
internal sealed class SensingChanges
{
    private readonly Channel<SensingChange> channel;
    private readonly SensingMqttMetrics metrics;

    public SensingChanges(MqttConnection connection, IOptions<SensingMqttOptions> options, SensingMqttMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        this.metrics = metrics;
        Enabled = connection.IsEnabled && options.Value.Publish;
        channel = Channel.CreateBounded<SensingChange>(new BoundedChannelOptions(Math.Max(1, options.Value.QueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    public bool Enabled { get; }

    public ChannelReader<SensingChange> Reader => channel.Reader;

    public void Add(SensingChange change)
    {
        if (Enabled && !channel.Writer.TryWrite(change))
        {
            metrics.Dropped();
        }
    }
}
