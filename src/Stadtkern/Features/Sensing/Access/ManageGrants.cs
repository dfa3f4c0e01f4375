using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Sensing.Model;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Access;

/// <summary>A steward's grant of a restricted Thing or Datastream to one person or one app.</summary>
/// <param name="ThingId">The Thing (with its Datastreams); or null when <paramref name="DatastreamId"/> is given.</param>
/// <param name="DatastreamId">One Datastream; or null when <paramref name="ThingId"/> is given.</param>
/// <param name="UserId">The person; or null when <paramref name="TokenId"/> is given.</param>
/// <param name="TokenId">The app (API token id); or null when <paramref name="UserId"/> is given.</param>
internal sealed record GrantRequest(long? ThingId, long? DatastreamId, Guid? UserId, Guid? TokenId);

internal sealed record GrantResponse(Guid Id, long? ThingId, long? DatastreamId, string GranteeKind, Guid GranteeId, string GrantedBy, DateTimeOffset Created)
{
    public static GrantResponse From(SensingGrant g) => new(g.Id, g.ThingId, g.DatastreamId, g.GranteeKind, g.GranteeId, g.GrantedBy, g.Created);
}

/// <summary><c>/api/sensing/grants</c>: data stewards list, give and revoke grants on restricted Things and Datastreams.</summary>
internal static class ManageGrants
{
    public static IEndpointRouteBuilder MapSensingGrants(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/sensing/grants").WithTags("Sensing");
        api.MapGet("", ListAsync).WithName("ListSensingGrants").WithSummary("Grants on restricted Things and Datastreams of the tenant (stewards)");
        api.MapPost("", GrantAsync).WithName("GrantSensingAccess").WithSummary("Grant a person or app access to a restricted Thing or Datastream (stewards)");
        api.MapDelete("/{id:guid}", RevokeAsync).WithName("RevokeSensingGrant").WithSummary("Revoke a grant (stewards)");
        return endpoints;
    }

    private static IResult? Refuse(SensingCaller caller) => caller.IsSteward
        ? null
        : caller.IsSignedIn ? TypedResults.Problem(statusCode: 403, title: "Only data stewards and admins manage grants.") : TypedResults.Unauthorized();

    private static async Task<IResult> ListAsync(HttpContext context, StadtkernDb db, long? thingId, long? datastreamId, CancellationToken cancellationToken)
    {
        if (Refuse(SensingCaller.From(context.User)) is { } refusal)
        {
            return refusal;
        }

        var grants = db.Set<SensingGrant>().AsNoTracking();
        grants = thingId is { } t ? grants.Where(g => g.ThingId == t) : grants;
        grants = datastreamId is { } d ? grants.Where(g => g.DatastreamId == d) : grants;
        var list = await grants.OrderBy(g => g.Created).ToListAsync(cancellationToken);
        return TypedResults.Ok(list.Select(GrantResponse.From).ToList());
    }

    private static async Task<IResult> GrantAsync(HttpContext context, StadtkernDb db, TimeProvider clock, GrantRequest request, CancellationToken cancellationToken)
    {
        var caller = SensingCaller.From(context.User);
        if (Refuse(caller) is { } refusal)
        {
            return refusal;
        }

        var errors = new Dictionary<string, string[]>();
        if ((request.ThingId is null) == (request.DatastreamId is null))
        {
            errors["target"] = ["Give exactly one of thingId and datastreamId."];
        }

        if ((request.UserId is null) == (request.TokenId is null))
        {
            errors["grantee"] = ["Give exactly one of userId and tokenId."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var exists = request.ThingId is { } thingId
            ? await db.Set<Thing>().AnyAsync(t => t.Id == thingId, cancellationToken)
            : await db.Set<Datastream>().AnyAsync(d => d.Id == request.DatastreamId, cancellationToken);
        if (!exists)
        {
            return TypedResults.Problem(statusCode: 404, title: "No such Thing or Datastream in this tenant.");
        }

        var grant = new SensingGrant
        {
            Id = Guid.NewGuid(),
            ThingId = request.ThingId,
            DatastreamId = request.DatastreamId,
            GranteeKind = request.UserId is not null ? SensingGranteeKinds.User : SensingGranteeKinds.Token,
            GranteeId = request.UserId ?? request.TokenId!.Value,
            GrantedBy = caller.Actor,
            Created = clock.GetStoredNow(),
        };
        db.Add(grant);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/sensing/grants/{grant.Id}", GrantResponse.From(grant));
    }

    private static async Task<IResult> RevokeAsync(HttpContext context, StadtkernDb db, Guid id, CancellationToken cancellationToken)
    {
        if (Refuse(SensingCaller.From(context.User)) is { } refusal)
        {
            return refusal;
        }

        var deleted = await db.Set<SensingGrant>().Where(g => g.Id == id).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }
}
