using System.Collections.Concurrent;
using Stadtkern.Features.Sensing.Model;
using Stadtkern.Features.Sensing.Query;

namespace Stadtkern.Features.Sensing.Access;

/// <summary>
/// Each Datastream's tenant and effective level (its own, else its Thing's), kept in memory on PostgreSQL (singleton) so that
/// a read of <c>Datastreams(n)/Observations</c>, above all the latest value, need not check the Datastream in its statement
/// when the answer is certain without grants: same tenant and public, internal for a member, or any level for a steward.
/// Restricted Datastreams, unknown ids and every doubt fall back to the check in SQL, which stays the rule
/// (<see cref="SensingVisibility"/>); this class can only skip it when it would certainly pass.
/// </summary>
/// <remarks>
/// <para>Freshness: a trigger notifies at the commit of every change that can alter a decision (levels, Thing, tenant,
/// deletions, in any client, also raw SQL); <see cref="SensingAccessListener"/> forgets everything on each notification. The
/// instance that changes something through the API forgets synchronously before it answers. Between another instance's commit
/// and the arrival of its notification (milliseconds on one network) a decision can be stale.</para>
/// <para>Failing closed: decisions are used only while the listener is connected (<see cref="Enable"/> clears and starts,
/// <see cref="Disable"/> clears and stops). A connection that dies silently is noticed within about two probe intervals.</para>
/// <para>Races: a decision read from the database is stored only if no notification arrived while it was read (a generation
/// counter), so a value read before a change can never outlive that change's notification.</para>
/// </remarks>
internal sealed class DatastreamAccessCache
{
    /// <summary>At most this many Datastreams are remembered; past it, all are forgotten at once.</summary>
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<long, Decision> stored = new();
    private readonly Lock gate = new();
    private long generation;
    private volatile bool enabled;

    /// <summary>The stored facts about one Datastream.</summary>
    internal readonly record struct Decision(Guid TenantId, string Level);

    /// <summary>True while decisions are used (PostgreSQL, listener connected, not switched off).</summary>
    public bool Enabled => enabled;

    public int Count => stored.Count;

    /// <summary>The generation a reader must remember before it reads a decision (<see cref="Store"/>).</summary>
    internal long Generation => Interlocked.Read(ref generation);

    /// <summary>True when Datastream <paramref name="id"/> is certainly visible to the caller of <paramref name="visibility"/>
    /// without looking at grants; false when the statement must check (also when the Datastream does not exist).</summary>
    public async ValueTask<bool> IsCertainlyVisibleAsync(long id, SensingVisibility visibility, SensingSql sql, CancellationToken cancellationToken)
    {
        if (!enabled || !sql.ReadsOutsideTransactions)
        {
            return false;
        }

        if (!stored.TryGetValue(id, out var decision))
        {
            var seen = Generation;
            var parameters = sql.NewParameters();
            var rows = await sql.ReadAsync(
                "SELECT d.tenant_id, COALESCE(d.access_level, t.access_level) FROM sensing_datastreams d JOIN sensing_things t ON t.id = d.thing_id "
                + $"WHERE d.id = {parameters.Add(id)}",
                parameters, r => new Decision(r.GetGuid(0), r.GetString(1)), cancellationToken);
            if (rows.Count == 0)
            {
                return false;
            }

            decision = rows[0];
            Store(id, decision, seen);
        }

        return Allows(decision, visibility);
    }

    /// <summary>The rule of <see cref="SensingVisibility"/> for a Datastream, without its grant branch.</summary>
    internal static bool Allows(Decision decision, SensingVisibility visibility) =>
        decision.TenantId == visibility.TenantId
        && (visibility.Caller.IsSteward
            || decision.Level == SensingAccessLevels.Public
            || (decision.Level == SensingAccessLevels.Internal && visibility.Caller.IsMember));

    /// <summary>Stores a decision read while the generation was <paramref name="seen"/>, unless something changed since.</summary>
    internal bool Store(long id, Decision decision, long seen)
    {
        lock (gate)
        {
            if (!enabled || generation != seen)
            {
                return false;
            }

            // Count takes every lock of the dictionary: only on a miss, never on the read path.
            if (stored.Count >= Capacity && !stored.ContainsKey(id))
            {
                stored.Clear();
            }

            stored[id] = decision;
            return true;
        }
    }

    /// <summary>Forgets every decision (a change was committed, here or elsewhere).</summary>
    public void Invalidate() => Reset(enabled);

    /// <summary>Forgets everything and starts using decisions (the listener is connected).</summary>
    public void Enable() => Reset(true);

    /// <summary>Forgets everything and stops using decisions until <see cref="Enable"/> (the listener is gone).</summary>
    public void Disable() => Reset(false);

    private void Reset(bool use)
    {
        lock (gate)
        {
            Interlocked.Increment(ref generation);
            stored.Clear();
            enabled = use;
        }
    }
}
