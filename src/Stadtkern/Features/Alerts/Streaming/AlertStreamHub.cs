namespace Stadtkern.Features.Alerts.Streaming;

/// <summary>One alert event as it goes out on every stream of its tenant: the SSE frame is encoded once, here.</summary>
/// <param name="Seq">alert_events.seq, the SSE event id.</param>
/// <param name="TenantId">Whose streams get it.</param>
/// <param name="Frame">UTF-8 <c>id: …\nevent: alert\ndata: {…}\n\n</c>.</param>
internal sealed record AlertStreamEvent(long Seq, Guid TenantId, byte[] Frame);

/// <summary>
/// The in-process fan-out of alert events to SSE connections. The pump (one per instance) appends each new event once to
/// its tenant's ring of recent pre-encoded frames and wakes that tenant's connections through one shared task; every
/// connection then copies the same bytes to its socket. No connection polls or queries the database for fan-out; a
/// connection reads the database only when it resumes (Last-Event-ID) or fell more than a ring behind.
/// </summary>
internal sealed class AlertStreamHub
{
    /// <summary>Frames kept per tenant for connections that are momentarily behind.</summary>
    public const int RingSize = 1024;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, TenantStream> tenants = new();
    private int connections;

    /// <summary>Open SSE connections on this instance.</summary>
    public int Connections => Volatile.Read(ref connections);

    public TenantStream For(Guid tenantId) => tenants.GetOrAdd(tenantId, _ => new TenantStream());

    /// <summary>Appends events (in the order given) to their tenants' rings and wakes those tenants' connections.</summary>
    public void Publish(IEnumerable<AlertStreamEvent> events)
    {
        foreach (var group in events.GroupBy(e => e.TenantId))
        {
            For(group.Key).Append(group);
        }
    }

    /// <summary>Forgets which event numbers were seen (the numbering started again); connections keep their positions.</summary>
    public void Reset()
    {
        foreach (var tenant in tenants.Values)
        {
            tenant.ForgetSeen();
        }
    }

    /// <summary>Wakes every connection; those without news write a keep-alive comment.</summary>
    public void Heartbeat()
    {
        foreach (var tenant in tenants.Values)
        {
            tenant.Wake();
        }
    }

    public IDisposable Connect()
    {
        Interlocked.Increment(ref connections);
        return new Disconnect(this);
    }

    private sealed class Disconnect(AlertStreamHub hub) : IDisposable
    {
        private int done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref done, 1) == 0)
            {
                Interlocked.Decrement(ref hub.connections);
            }
        }
    }
}

/// <summary>The recent events of one tenant, numbered by arrival (positions), and the task its connections wait on.</summary>
internal sealed class TenantStream
{
    private readonly Lock gate = new();
    private readonly AlertStreamEvent[] ring = new AlertStreamEvent[AlertStreamHub.RingSize];
    private readonly HashSet<long> known = [];
    private readonly Queue<long> knownOrder = new();
    private long position; // number of events ever appended
    private TaskCompletionSource changed = NewSignal();

    /// <summary>Arrival count so far: a new connection starts here.</summary>
    public long Position
    {
        get
        {
            lock (gate)
            {
                return position;
            }
        }
    }

    /// <summary>The task completed at the next append or heartbeat; take it BEFORE reading <see cref="Since"/>.</summary>
    public Task Changed
    {
        get
        {
            lock (gate)
            {
                return changed.Task;
            }
        }
    }

    internal void Append(IEnumerable<AlertStreamEvent> events)
    {
        TaskCompletionSource wake;
        lock (gate)
        {
            var added = false;
            foreach (var e in events)
            {
                if (!known.Add(e.Seq))
                {
                    continue; // the same event from a NOTIFY and a catch-up read
                }

                knownOrder.Enqueue(e.Seq);
                if (knownOrder.Count > AlertStreamHub.RingSize * 4)
                {
                    known.Remove(knownOrder.Dequeue());
                }

                ring[position % AlertStreamHub.RingSize] = e;
                position++;
                added = true;
            }

            if (!added)
            {
                return;
            }

            wake = changed;
            changed = NewSignal();
        }

        wake.TrySetResult();
    }

    internal void ForgetSeen()
    {
        lock (gate)
        {
            known.Clear();
            knownOrder.Clear();
        }
    }

    internal void Wake()
    {
        TaskCompletionSource wake;
        lock (gate)
        {
            wake = changed;
            changed = NewSignal();
        }

        wake.TrySetResult();
    }

    /// <summary>Events appended at or after <paramref name="from"/>; <c>Missed</c> when some of them already left the ring.</summary>
    public (List<AlertStreamEvent> Events, long Next, bool Missed) Since(long from)
    {
        lock (gate)
        {
            var oldest = Math.Max(0, position - AlertStreamHub.RingSize);
            var missed = from < oldest;
            var start = Math.Max(from, oldest);
            var result = new List<AlertStreamEvent>((int)Math.Max(0, position - start));
            for (var p = start; p < position; p++)
            {
                result.Add(ring[p % AlertStreamHub.RingSize]);
            }

            return (result, position, missed);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
