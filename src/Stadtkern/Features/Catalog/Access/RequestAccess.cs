using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Access;

/// <summary>What a requester sends: why, optionally for which organisation (free text) and for which administration (tenant slug).</summary>
internal sealed record AccessRequestInput(string? Purpose, string? Organization = null, string? ForTenant = null);

/// <summary>A signed-in person or app asks for the data of a restricted dataset; they may withdraw while it is open.</summary>
internal sealed class RequestAccess(StadtkernDb db, DatasetStore datasets, TimeProvider clock)
{
    public async Task<MarketResult<AccessRequest>> RequestAsync(string datasetName, AccessRequestInput input, CatalogCaller caller, CancellationToken cancellationToken)
    {
        if (!caller.IsSignedIn)
        {
            throw new InvalidOperationException("Access requests need a signed-in caller (the endpoint requires it).");
        }

        var dataset = await datasets.FindAsync(datasetName, cancellationToken);
        if (dataset is null || !DataAccess.CanSeeMetadata(dataset, caller))
        {
            return MarketResult<AccessRequest>.Missing;
        }

        var errors = new Dictionary<string, string[]>();
        var purpose = input.Purpose?.Trim() ?? "";
        if (purpose.Length < AccessRules.PurposeMinLength)
        {
            errors["purpose"] = [$"Bitte beschreiben Sie den Zweck (mindestens {AccessRules.PurposeMinLength} Zeichen)."];
        }
        else if (purpose.Length > AccessRules.PurposeMaxLength)
        {
            errors["purpose"] = [$"Der Zweck darf höchstens {AccessRules.PurposeMaxLength} Zeichen lang sein."];
        }

        var organization = string.IsNullOrWhiteSpace(input.Organization) ? null : input.Organization.Trim();
        if (organization is { Length: > AccessRules.OrganizationMaxLength })
        {
            errors["organization"] = [$"Die Organisation darf höchstens {AccessRules.OrganizationMaxLength} Zeichen lang sein."];
        }

        Guid? forTenant = null;
        if (!string.IsNullOrWhiteSpace(input.ForTenant))
        {
            var slug = input.ForTenant.Trim();
            var tenant = await db.Tenants.AsNoTracking().Where(t => t.Slug == slug).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken);
            var identity = await CallerTenants.IdentifyAsync(db, caller, clock.GetUtcNow(), cancellationToken);
            if (tenant is not { } id || !identity.MemberOfTenants.Contains(id))
            {
                errors["forTenant"] = ["Nur Beschäftigte einer Verwaltung können Zugang für ihre Verwaltung beantragen; Sie gehören dieser Verwaltung nicht an."];
            }
            else
            {
                forTenant = id;
            }
        }

        if (errors.Count > 0)
        {
            return MarketResult<AccessRequest>.Invalid(errors);
        }

        if (dataset.Access != AccessLevel.Restricted)
        {
            return MarketResult<AccessRequest>.Conflict("Dieser Datensatz ist nicht zugangsbeschränkt; ein Antrag ist nicht nötig.");
        }

        if (await HasOpenRequestAsync(dataset.Id, caller, cancellationToken))
        {
            return MarketResult<AccessRequest>.Conflict("Sie haben für diesen Datensatz bereits einen offenen Antrag.");
        }

        var now = clock.GetStoredNow();
        var request = new AccessRequest
        {
            Id = Guid.CreateVersion7(now),
            TenantId = dataset.TenantId,
            DatasetId = dataset.Id,
            RequesterUserId = caller.UserId,
            RequesterTokenId = caller.TokenId,
            ForTenantId = forTenant,
            Organization = organization,
            Purpose = purpose,
            Status = AccessRequestStatus.Pending,
            CreatedAt = now,
        };
        db.Add(request);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique index on open requests: a parallel request won the race.
            db.Entry(request).State = EntityState.Detached;
            if (await HasOpenRequestAsync(dataset.Id, caller, cancellationToken))
            {
                return MarketResult<AccessRequest>.Conflict("Sie haben für diesen Datensatz bereits einen offenen Antrag.");
            }

            throw;
        }

        return MarketResult<AccessRequest>.Ok(request);
    }

    /// <summary>The requester takes back an open request.</summary>
    public async Task<MarketResult<AccessRequest>> WithdrawAsync(Guid id, CatalogCaller caller, CancellationToken cancellationToken)
    {
        var request = await db.Set<AccessRequest>().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null || !IsRequester(request, caller))
        {
            return MarketResult<AccessRequest>.Missing;
        }

        if (request.Status != AccessRequestStatus.Pending)
        {
            return MarketResult<AccessRequest>.Conflict($"Der Antrag ist bereits {request.Status.German()}.");
        }

        request.Status = AccessRequestStatus.Withdrawn;
        request.DecidedAt = clock.GetStoredNow();
        await db.SaveChangesAsync(cancellationToken);
        return MarketResult<AccessRequest>.Ok(request);
    }

    public static bool IsRequester(AccessRequest request, CatalogCaller caller) =>
        (caller.UserId is { } user && request.RequesterUserId == user) || (caller.TokenId is { } token && request.RequesterTokenId == token);

    private Task<bool> HasOpenRequestAsync(Guid datasetId, CatalogCaller caller, CancellationToken cancellationToken) =>
        db.Set<AccessRequest>().AnyAsync(
            r => r.DatasetId == datasetId && r.Status == AccessRequestStatus.Pending
                && ((caller.UserId != null && r.RequesterUserId == caller.UserId) || (caller.TokenId != null && r.RequesterTokenId == caller.TokenId)),
            cancellationToken);
}
