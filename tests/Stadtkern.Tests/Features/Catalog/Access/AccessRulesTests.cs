using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Model;

namespace Stadtkern.Tests.Features.Catalog.Access;

public sealed class AccessRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);
    private static readonly Dataset Data = new() { Id = Guid.NewGuid(), Name = "netz", Access = AccessLevel.Restricted, State = DatasetState.Active };
    private static readonly Guid Person = Guid.NewGuid();
    private static readonly Guid Token = Guid.NewGuid();
    private static readonly Guid Nachbarort = Guid.NewGuid();

    private static AccessGrant Grant(GranteeKind kind, Guid id, DateTimeOffset? until = null, DateTimeOffset? revoked = null, DateTimeOffset? from = null) => new()
    {
        Id = Guid.NewGuid(),
        DatasetId = Data.Id,
        GranteeKind = kind,
        GranteeId = id,
        ValidFrom = from ?? Now.AddDays(-1),
        ValidUntil = until,
        RevokedAt = revoked,
        CreatedAt = Now.AddDays(-1),
    };

    [Fact]
    public void A_grant_is_valid_from_its_start_until_just_before_its_end_unless_revoked()
    {
        AccessRules.IsValid(Grant(GranteeKind.User, Person), Now).ShouldBeTrue();
        AccessRules.IsValid(Grant(GranteeKind.User, Person, until: Now), Now).ShouldBeFalse();
        AccessRules.IsValid(Grant(GranteeKind.User, Person, until: Now.AddTicks(1)), Now).ShouldBeTrue();
        AccessRules.IsValid(Grant(GranteeKind.User, Person, from: Now.AddTicks(1)), Now).ShouldBeFalse();
        AccessRules.IsValid(Grant(GranteeKind.User, Person, revoked: Now.AddDays(-1)), Now).ShouldBeFalse();
    }

    [Fact]
    public void Grants_match_by_person_token_or_administration_membership()
    {
        var person = new GranteeIdentity(Person, null, new HashSet<Guid> { Nachbarort });
        var app = new GranteeIdentity(null, Token, new HashSet<Guid>());

        AccessRules.Matches(Grant(GranteeKind.User, Person), person).ShouldBeTrue();
        AccessRules.Matches(Grant(GranteeKind.User, Person), app).ShouldBeFalse();
        AccessRules.Matches(Grant(GranteeKind.Token, Token), app).ShouldBeTrue();
        AccessRules.Matches(Grant(GranteeKind.Token, Person), person).ShouldBeFalse("a user id in a token grant is not the person");
        AccessRules.Matches(Grant(GranteeKind.Tenant, Nachbarort), person).ShouldBeTrue();
        AccessRules.Matches(Grant(GranteeKind.Tenant, Nachbarort), app).ShouldBeFalse();
        AccessRules.Matches(Grant(GranteeKind.User, Person), GranteeIdentity.Nobody).ShouldBeFalse();
    }

    [Fact]
    public void Stewards_always_decide_yes_and_others_need_a_valid_matching_grant_on_an_active_dataset()
    {
        var person = new GranteeIdentity(Person, null, new HashSet<Guid>());
        var expired = Grant(GranteeKind.User, Person, until: Now.AddMinutes(-1));
        var valid = Grant(GranteeKind.User, Person);

        AccessRules.Decide(Data, isSteward: true, [], GranteeIdentity.Nobody, Now).ShouldBe(new AccessDecision(true, AccessBasis.Steward, null));
        AccessRules.Decide(Data, isSteward: false, [expired], person, Now).ShouldBe(AccessDecision.Denied);
        AccessRules.Decide(Data, isSteward: false, [expired, valid], person, Now).ShouldBe(new AccessDecision(true, AccessBasis.Grant, valid.Id));
        var deleted = new Dataset { Id = Data.Id, Access = AccessLevel.Restricted, State = DatasetState.Deleted };
        AccessRules.Decide(deleted, isSteward: false, [valid], person, Now).ShouldBe(AccessDecision.Denied);
        var other = new Dataset { Id = Guid.NewGuid(), Access = AccessLevel.Restricted, State = DatasetState.Active };
        AccessRules.Decide(other, isSteward: false, [valid], person, Now).ShouldBe(AccessDecision.Denied, "a grant is for its own dataset only");
    }

    [Fact]
    public void Csv_cells_are_quoted_and_defused()
    {
        ReadAuditLog.Csv("plain").ShouldBe("plain");
        ReadAuditLog.Csv("a,b").ShouldBe("\"a,b\"");
        ReadAuditLog.Csv("sagt \"hallo\"").ShouldBe("\"sagt \"\"hallo\"\"\"");
        ReadAuditLog.Csv("=SUM(A1)").ShouldBe("'=SUM(A1)");
        ReadAuditLog.Csv("-1,2").ShouldBe("\"'-1,2\"");
    }
}
