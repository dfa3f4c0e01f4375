using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Sensing.Access;
using Stadtkern.Features.Sensing.Model;
using Stadtkern.Features.Sensing.Query;
using Stadtkern.Features.Sensing.Schema;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Sensing.Views;

/// <summary>Who looks at the sensor views, in the tenant of the request (the hub's <see cref="SensingCaller"/>).</summary>
internal sealed record SensingViewer(SensingCaller Caller)
{
    public static SensingViewer Anonymous { get; } = new(SensingCaller.Anonymous);

    public bool IsMember => Caller.IsMember;

    public bool IsSteward => Caller.IsSteward;

    public static SensingViewer From(ClaimsPrincipal principal) => new(SensingCaller.From(principal));
}

/// <summary>A Datastream the viewer may see, with what the views need of its Thing.</summary>
internal sealed record VisibleDatastream(Datastream Datastream, Thing Thing, string EffectiveLevel);

/// <summary>
/// The hub's access rule (<see cref="SensingVisibility"/>: public to everyone, internal to members, restricted to stewards and
/// grantees) applied to the views: the same SQL predicate the SensorThings API uses selects the visible ids. Invisible Datastreams
/// are reported as absent, so their existence is not revealed.
/// </summary>
internal sealed class ViewerAccess(StadtkernDb db, SensingSql sql, TenantContext tenant)
{
    public async Task<VisibleDatastream?> FindDatastreamAsync(long id, SensingViewer viewer, CancellationToken cancellationToken)
    {
        var parameters = sql.NewParameters();
        var visibility = new SensingVisibility(viewer.Caller, tenant.TenantId);
        var where = $"d.id = {parameters.Add(id)} AND {visibility.Predicate(SensingSchema.Datastreams, "d", parameters)}";
        var ids = await sql.ReadAsync("SELECT d.id FROM sensing_datastreams d WHERE " + where, parameters, r => r.GetInt64(0), cancellationToken);
        if (ids.Count == 0)
        {
            return null;
        }

        var found = await (from d in db.Set<Datastream>().AsNoTracking()
                           join t in db.Set<Thing>().AsNoTracking() on d.ThingId equals t.Id
                           where d.Id == id
                           select new { d, t }).FirstOrDefaultAsync(cancellationToken);
        return found is null ? null : new VisibleDatastream(found.d, found.t, found.d.AccessLevel ?? found.t.AccessLevel);
    }

    /// <summary>The Things and Datastreams the viewer may see in the current tenant (the map's scale: all of them at once).</summary>
    public async Task<(List<Thing> Things, List<VisibleDatastream> Datastreams)> ListAsync(SensingViewer viewer, CancellationToken cancellationToken)
    {
        var visibility = new SensingVisibility(viewer.Caller, tenant.TenantId);
        var thingParameters = sql.NewParameters();
        var thingIds = (await sql.ReadAsync(
            "SELECT t.id FROM sensing_things t WHERE " + visibility.Predicate(SensingSchema.Things, "t", thingParameters),
            thingParameters, r => r.GetInt64(0), cancellationToken)).ToHashSet();
        var streamParameters = sql.NewParameters();
        var streamIds = (await sql.ReadAsync(
            "SELECT d.id FROM sensing_datastreams d WHERE " + visibility.Predicate(SensingSchema.Datastreams, "d", streamParameters),
            streamParameters, r => r.GetInt64(0), cancellationToken)).ToHashSet();

        var things = await db.Set<Thing>().AsNoTracking().OrderBy(t => t.Name).ThenBy(t => t.Id).ToListAsync(cancellationToken);
        var datastreams = await db.Set<Datastream>().AsNoTracking().OrderBy(d => d.Name).ThenBy(d => d.Id).ToListAsync(cancellationToken);
        var byId = things.ToDictionary(t => t.Id);
        var visibleStreams = datastreams
            .Where(d => streamIds.Contains(d.Id) && byId.ContainsKey(d.ThingId))
            .Select(d => new VisibleDatastream(d, byId[d.ThingId], d.AccessLevel ?? byId[d.ThingId].AccessLevel))
            .ToList();
        return ([.. things.Where(t => thingIds.Contains(t.Id))], visibleStreams);
    }
}
