using System.Text;
using Stadtkern.Features.Alerts.Streaming;

namespace Stadtkern.Tests.Features.Alerts.Streaming;

public sealed class AlertStreamHubTests
{
    private static AlertStreamEvent Event(Guid tenant, long seq) => new(seq, tenant, Encoding.ASCII.GetBytes($"id: {seq}\n\n"));

    [Fact]
    public async Task Waiting_connections_wake_once_and_read_each_event_once_even_when_it_arrives_twice()
    {
        var hub = new AlertStreamHub();
        var tenant = Guid.NewGuid();
        var stream = hub.For(tenant);
        var start = stream.Position;
        var changed = stream.Changed;
        changed.IsCompleted.ShouldBeFalse();

        hub.Publish([Event(tenant, 7), Event(Guid.NewGuid(), 8)]);
        await changed.WaitAsync(TestContext.Current.CancellationToken);
        hub.Publish([Event(tenant, 7)]); // the NOTIFY and the catch-up read both saw it

        var (events, next, missed) = stream.Since(start);
        events.Select(e => e.Seq).ShouldBe([7L]);
        missed.ShouldBeFalse();
        stream.Since(next).Events.ShouldBeEmpty();
        stream.Changed.IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public void Out_of_order_sequence_numbers_are_delivered_in_arrival_order_without_loss()
    {
        var hub = new AlertStreamHub();
        var tenant = Guid.NewGuid();
        var stream = hub.For(tenant);
        var start = stream.Position;
        hub.Publish([Event(tenant, 10)]);
        hub.Publish([Event(tenant, 9)]);
        stream.Since(start).Events.Select(e => e.Seq).ShouldBe([10L, 9L]);
    }

    [Fact]
    public void A_connection_more_than_a_ring_behind_is_told_it_missed_events()
    {
        var hub = new AlertStreamHub();
        var tenant = Guid.NewGuid();
        var stream = hub.For(tenant);
        hub.Publish(Enumerable.Range(1, AlertStreamHub.RingSize + 5).Select(i => Event(tenant, i)));
        var (events, _, missed) = stream.Since(0);
        missed.ShouldBeTrue();
        events.Count.ShouldBe(AlertStreamHub.RingSize);
        events[0].Seq.ShouldBe(6);
    }

    [Fact]
    public async Task The_heartbeat_wakes_every_tenant()
    {
        var hub = new AlertStreamHub();
        var a = hub.For(Guid.NewGuid()).Changed;
        var b = hub.For(Guid.NewGuid()).Changed;
        hub.Heartbeat();
        await Task.WhenAll(a, b).WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }
}
