using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Access;

/// <summary>
/// A direct grant: <c>granteeKind</c> <c>user</c> (user id or e-mail address), <c>tenant</c> (slug or id) or
/// <c>token</c> (API token id); optional conditions and end.
/// </summary>
internal sealed record GrantInput(string? GranteeKind, string? Grantee, string? Conditions = null, DateTimeOffset? ValidUntil = null);

/// <summary>A steward grants access without a request, or revokes any grant of the tenant.</summary>
internal sealed class GrantAccess(StadtkernDb db, DatasetStore datasets, TimeProvider clock)
{
    public async Task<MarketResult<AccessGrant>> GrantAsync(string datasetName, GrantInput input, CatalogCaller caller, CancellationToken cancellationToken)
    {
        var dataset = await datasets.FindAsync(datasetName, cancellationToken);
        if (dataset is null)
        {
            return MarketResult<AccessGrant>.Missing;
        }

        var now = clock.GetStoredNow();
        var errors = new Dictionary<string, string[]>();
        Guid? granteeId = null;
        if (!GranteeKinds.TryParse(input.GranteeKind, out var kind))
        {
            errors["granteeKind"] = ["Art des Empfängers: user, tenant oder token."];
        }
        else if (string.IsNullOrWhiteSpace(input.Grantee))
        {
            errors["grantee"] = ["Bitte den Empfänger angeben."];
        }
        else
        {
            granteeId = await ResolveAsync(kind, input.Grantee.Trim(), now, cancellationToken);
            if (granteeId is null)
            {
                errors["grantee"] = [kind switch
                {
                    GranteeKind.User => "Kein Konto mit dieser Kennung oder E-Mail-Adresse.",
                    GranteeKind.Tenant => "Keine Kommune mit diesem Kürzel.",
                    GranteeKind.Token => "Kein aktives API-Token mit dieser Kennung.",
                }];
            }
        }

        var conditions = string.IsNullOrWhiteSpace(input.Conditions) ? null : input.Conditions.Trim();
        if (conditions is { Length: > AccessRules.TextMaxLength })
        {
            errors["conditions"] = [$"Die Bedingungen dürfen höchstens {AccessRules.TextMaxLength} Zeichen lang sein."];
        }

        if (input.ValidUntil is { } until && until <= now)
        {
            errors["validUntil"] = ["Das Ende muss in der Zukunft liegen."];
        }

        if (errors.Count > 0)
        {
            return MarketResult<AccessGrant>.Invalid(errors);
        }

        if (dataset.Access != AccessLevel.Restricted)
        {
            return MarketResult<AccessGrant>.Conflict("Freigaben gibt es nur für zugangsbeschränkte Datensätze.");
        }

        var grant = new AccessGrant
        {
            Id = Guid.CreateVersion7(now),
            TenantId = dataset.TenantId,
            DatasetId = dataset.Id,
            GranteeKind = kind,
            GranteeId = granteeId!.Value,
            GrantedBy = caller.Actor,
            Conditions = conditions,
            ValidFrom = now,
            ValidUntil = input.ValidUntil is { } end ? DecideAccessRequest.Truncate(end) : null,
            CreatedAt = now,
        };
        db.Add(grant);
        await db.SaveChangesAsync(cancellationToken);
        return MarketResult<AccessGrant>.Ok(grant);
    }

    /// <summary>Revokes a grant of the current tenant; revoking twice keeps the first time.</summary>
    public async Task<MarketResult<AccessGrant>> RevokeAsync(Guid id, CatalogCaller caller, CancellationToken cancellationToken)
    {
        var grant = await db.Set<AccessGrant>().FirstOrDefaultAsync(g => g.Id == id, cancellationToken);
        if (grant is null)
        {
            return MarketResult<AccessGrant>.Missing;
        }

        if (grant.RevokedAt is null)
        {
            grant.RevokedAt = clock.GetStoredNow();
            grant.RevokedBy = caller.Actor;
            await db.SaveChangesAsync(cancellationToken);
        }

        return MarketResult<AccessGrant>.Ok(grant);
    }

    private async Task<Guid?> ResolveAsync(GranteeKind kind, string grantee, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var isId = Guid.TryParse(grantee, out var id);
        switch (kind)
        {
            case GranteeKind.User:
                var email = grantee.ToUpperInvariant();
                return await db.Users.AsNoTracking()
                    .Where(u => isId ? u.Id == id : u.NormalizedEmail == email)
                    .Select(u => (Guid?)u.Id).FirstOrDefaultAsync(cancellationToken);
            case GranteeKind.Tenant:
                return await db.Tenants.AsNoTracking()
                    .Where(t => isId ? t.Id == id : t.Slug == grantee)
                    .Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken);
            case GranteeKind.Token:
                if (!isId)
                {
                    return null;
                }

                var token = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
                return token is not null && token.IsActive(now) ? token.Id : null;
        }

        return null;
    }
}
