using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Sensing.Model;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Views;

/// <summary>Who looks at the sensor views, in the tenant of the request.</summary>
internal sealed record SensingViewer(Guid? UserId, Guid? TokenId, bool IsMember, bool IsSteward)
{
    public static SensingViewer Anonymous { get; } = new(null, null, false, false);

    public static SensingViewer From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return Anonymous;
        }

        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var admin = principal.IsPlatformAdmin();
        Guid? id = Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var parsed) ? parsed : null;
        var isToken = principal.Identity.AuthenticationType == ApiTokenAuthenticationHandler.SchemeName;
        return new SensingViewer(
            isToken ? null : id,
            isToken ? id : null,
            admin || roles.Any(r => r != Roles.Citizen),
            admin || roles.Contains(Roles.DataSteward) || roles.Contains(Roles.Admin));
    }
}

/// <summary>A Datastream the viewer may see, with what the views need of its Thing.</summary>
internal sealed record VisibleDatastream(Datastream Datastream, Thing Thing, string EffectiveLevel);

/// <summary>
/// The access rule of the sensor hub (docs/sensing: public to everyone, internal to members, restricted to stewards and grantees)
/// applied to the views. Invisible Datastreams are reported as absent, so their existence is not revealed.
/// </summary>
internal sealed class ViewerAccess(StadtkernDb db)
{
    /// <summary>The pure rule: may <paramref name="viewer"/> see something of <paramref name="level"/>?</summary>
    public static bool Allows(string level, SensingViewer viewer, bool hasGrant) => level switch
    {
        SensingAccessLevels.Public => true,
        SensingAccessLevels.Internal => viewer.IsMember,
        SensingAccessLevels.Restricted => viewer.IsSteward || hasGrant,
        _ => false,
    };

    public async Task<VisibleDatastream?> FindDatastreamAsync(long id, SensingViewer viewer, CancellationToken cancellationToken)
    {
        var found = await (from d in db.Set<Datastream>().AsNoTracking()
                           join t in db.Set<Thing>().AsNoTracking() on d.ThingId equals t.Id
                           where d.Id == id
                           select new { d, t }).FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        var level = found.d.AccessLevel ?? found.t.AccessLevel;
        var grants = level == SensingAccessLevels.Restricted && !viewer.IsSteward
            ? await GrantsOfAsync(viewer, cancellationToken)
            : Grants.None;
        return Allows(level, viewer, grants.Covers(found.t.Id, found.d.Id)) ? new VisibleDatastream(found.d, found.t, level) : null;
    }

    /// <summary>The Things and Datastreams the viewer may see in the current tenant (the map's scale: all of them at once).</summary>
    public async Task<(List<Thing> Things, List<VisibleDatastream> Datastreams)> ListAsync(SensingViewer viewer, CancellationToken cancellationToken)
    {
        var things = await db.Set<Thing>().AsNoTracking().OrderBy(t => t.Name).ThenBy(t => t.Id).ToListAsync(cancellationToken);
        var datastreams = await db.Set<Datastream>().AsNoTracking().OrderBy(d => d.Name).ThenBy(d => d.Id).ToListAsync(cancellationToken);
        var grants = viewer.IsSteward || (viewer.UserId is null && viewer.TokenId is null) ? Grants.None : await GrantsOfAsync(viewer, cancellationToken);
        var byId = things.ToDictionary(t => t.Id);
        var visibleThings = things.Where(t => Allows(t.AccessLevel, viewer, grants.Covers(t.Id, null))).ToList();
        var visibleStreams = datastreams
            .Where(d => byId.ContainsKey(d.ThingId))
            .Select(d => new VisibleDatastream(d, byId[d.ThingId], d.AccessLevel ?? byId[d.ThingId].AccessLevel))
            .Where(v => Allows(v.EffectiveLevel, viewer, grants.Covers(v.Thing.Id, v.Datastream.Id)))
            .ToList();
        return (visibleThings, visibleStreams);
    }

    private async Task<Grants> GrantsOfAsync(SensingViewer viewer, CancellationToken cancellationToken)
    {
        if (viewer.UserId is null && viewer.TokenId is null)
        {
            return Grants.None;
        }

        var (kind, id) = viewer.UserId is { } user ? (SensingGranteeKinds.User, user) : (SensingGranteeKinds.Token, viewer.TokenId!.Value);
        var rows = await db.Set<SensingGrant>().AsNoTracking()
            .Where(g => g.GranteeKind == kind && g.GranteeId == id)
            .Select(g => new { g.ThingId, g.DatastreamId })
            .ToListAsync(cancellationToken);
        return new Grants(
            [.. rows.Where(r => r.ThingId is not null).Select(r => r.ThingId!.Value)],
            [.. rows.Where(r => r.DatastreamId is not null).Select(r => r.DatastreamId!.Value)]);
    }

    private sealed record Grants(HashSet<long> Things, HashSet<long> Datastreams)
    {
        public static Grants None { get; } = new([], []);

        public bool Covers(long thingId, long? datastreamId) =>
            Things.Contains(thingId) || (datastreamId is { } d && Datastreams.Contains(d));
    }
}
