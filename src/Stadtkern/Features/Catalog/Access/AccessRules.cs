using Stadtkern.Features.Catalog.Model;

namespace Stadtkern.Features.Catalog.Access;

/// <summary>Who a caller is for grant matching: a person or a token, and the tenants whose administration they belong to.</summary>
internal sealed record GranteeIdentity(Guid? UserId, Guid? TokenId, IReadOnlySet<Guid> MemberOfTenants)
{
    public static GranteeIdentity Nobody { get; } = new(null, null, new HashSet<Guid>());
}

/// <summary>A decision about restricted data and what it rests on.</summary>
internal sealed record AccessDecision(bool Allowed, AccessBasis Basis, Guid? GrantId)
{
    public static AccessDecision Denied { get; } = new(false, AccessBasis.None, null);
}

/// <summary>The marketplace's decisions as pure functions: grant validity, grant matching, the decision itself.</summary>
internal static class AccessRules
{
    public const int PurposeMinLength = 10;
    public const int PurposeMaxLength = 4000;
    public const int TextMaxLength = 2000;
    public const int OrganizationMaxLength = 300;

    /// <summary>In force at <paramref name="now"/>: started, not ended, not revoked.</summary>
    public static bool IsValid(AccessGrant grant, DateTimeOffset now) =>
        grant.RevokedAt is null && grant.ValidFrom <= now && (grant.ValidUntil is null || grant.ValidUntil > now);

    /// <summary>Whether a grant is for this caller: their user id, their token id, or a tenant whose administration they belong to.</summary>
    public static bool Matches(AccessGrant grant, GranteeIdentity caller) => grant.GranteeKind switch
    {
        GranteeKind.User => caller.UserId == grant.GranteeId,
        GranteeKind.Token => caller.TokenId == grant.GranteeId,
        GranteeKind.Tenant => caller.MemberOfTenants.Contains(grant.GranteeId),
    };

    /// <summary>
    /// Restricted data: stewards of the owning tenant always (also for deleted datasets, to clean up), everyone
    /// else with a valid matching grant on an active dataset. The oldest matching grant is named as the basis.
    /// </summary>
    public static AccessDecision Decide(Dataset dataset, bool isSteward, IEnumerable<AccessGrant> grants, GranteeIdentity caller, DateTimeOffset now)
    {
        if (isSteward)
        {
            return new AccessDecision(true, AccessBasis.Steward, null);
        }

        if (dataset.State != DatasetState.Active)
        {
            return AccessDecision.Denied;
        }

        var grant = grants
            .Where(g => g.DatasetId == dataset.Id && IsValid(g, now) && Matches(g, caller))
            .OrderBy(g => g.CreatedAt)
            .FirstOrDefault();
        return grant is null ? AccessDecision.Denied : new AccessDecision(true, AccessBasis.Grant, grant.Id);
    }
}
