using Microsoft.EntityFrameworkCore;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Access;

/// <summary>A steward approves a request (conditions, expiry; a grant is created in the same save) or rejects it with a note.</summary>
internal sealed class DecideAccessRequest(StadtkernDb db, TimeProvider clock)
{
    public async Task<MarketResult<AccessRequest>> ApproveAsync(Guid id, string? conditions, DateTimeOffset? expires, CatalogCaller caller, CancellationToken cancellationToken)
    {
        var now = clock.GetStoredNow();
        var errors = new Dictionary<string, string[]>();
        conditions = string.IsNullOrWhiteSpace(conditions) ? null : conditions.Trim();
        if (conditions is { Length: > AccessRules.TextMaxLength })
        {
            errors["conditions"] = [$"Die Bedingungen dürfen höchstens {AccessRules.TextMaxLength} Zeichen lang sein."];
        }

        if (expires is { } end && end <= now)
        {
            errors["expires"] = ["Das Ablaufdatum muss in der Zukunft liegen."];
        }

        var (request, problem) = await FindPendingAsync(id, cancellationToken);
        if (request is null)
        {
            return problem!;
        }

        if (errors.Count > 0)
        {
            return MarketResult<AccessRequest>.Invalid(errors);
        }

        var (kind, granteeId) = request.Grantee;
        var grant = new AccessGrant
        {
            Id = Guid.CreateVersion7(now),
            TenantId = request.TenantId,
            DatasetId = request.DatasetId,
            GranteeKind = kind,
            GranteeId = granteeId,
            RequestId = request.Id,
            GrantedBy = caller.Actor,
            Conditions = conditions,
            ValidFrom = now,
            ValidUntil = expires is { } e ? Truncate(e) : null,
            CreatedAt = now,
        };
        db.Add(grant);
        request.Status = AccessRequestStatus.Approved;
        request.DecidedAt = now;
        request.DecidedBy = caller.Actor;
        request.Conditions = conditions;
        request.ExpiresAt = grant.ValidUntil;
        request.GrantId = grant.Id;
        await db.SaveChangesAsync(cancellationToken);
        return MarketResult<AccessRequest>.Ok(request);
    }

    public async Task<MarketResult<AccessRequest>> RejectAsync(Guid id, string? note, CatalogCaller caller, CancellationToken cancellationToken)
    {
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note is null)
        {
            return MarketResult<AccessRequest>.Invalid("note", "Bitte begründen Sie die Ablehnung.");
        }

        if (note.Length > AccessRules.TextMaxLength)
        {
            return MarketResult<AccessRequest>.Invalid("note", $"Die Begründung darf höchstens {AccessRules.TextMaxLength} Zeichen lang sein.");
        }

        var (request, problem) = await FindPendingAsync(id, cancellationToken);
        if (request is null)
        {
            return problem!;
        }

        request.Status = AccessRequestStatus.Rejected;
        request.DecidedAt = clock.GetStoredNow();
        request.DecidedBy = caller.Actor;
        request.DecisionNote = note;
        await db.SaveChangesAsync(cancellationToken);
        return MarketResult<AccessRequest>.Ok(request);
    }

    /// <summary>Only requests of the current tenant are found (query filter): a steward of another tenant gets "not found".</summary>
    private async Task<(AccessRequest? Request, MarketResult<AccessRequest>? Problem)> FindPendingAsync(Guid id, CancellationToken cancellationToken)
    {
        var request = await db.Set<AccessRequest>().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null)
        {
            return (null, MarketResult<AccessRequest>.Missing);
        }

        return request.Status == AccessRequestStatus.Pending
            ? (request, null)
            : (null, MarketResult<AccessRequest>.Conflict($"Der Antrag ist bereits {request.Status.German()}."));
    }

    internal static DateTimeOffset Truncate(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }
}
