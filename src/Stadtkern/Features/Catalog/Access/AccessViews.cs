using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Access;

/// <summary>A requester, grantee or caller as stewards see it: kind (<c>user</c>, <c>token</c>, <c>tenant</c>, <c>anonymous</c>), id and a readable name.</summary>
internal sealed record PartyView(string Kind, Guid? Id, string Name);

internal sealed record AccessRequestView(
    Guid Id,
    string Tenant,
    string Dataset,
    string DatasetTitle,
    string Status,
    string Purpose,
    string? Organization,
    PartyView Requester,
    PartyView? ForTenant,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DecidedAt,
    string? DecidedBy,
    string? DecisionNote,
    string? Conditions,
    DateTimeOffset? ExpiresAt,
    Guid? GrantId);

internal sealed record DatasetLabel(string Name, string Title);

internal sealed record AccessGrantView(
    Guid Id,
    string Dataset,
    string DatasetTitle,
    PartyView Grantee,
    string? Conditions,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidUntil,
    DateTimeOffset? RevokedAt,
    string? RevokedBy,
    string GrantedBy,
    Guid? RequestId,
    bool Active);

/// <summary>Reads requests and grants for the API and the pages, with names resolved in batches.</summary>
internal sealed class ListAccess(StadtkernDb db, TimeProvider clock)
{
    /// <summary>Requests of the current tenant, newest first; all statuses when <paramref name="status"/> is null.</summary>
    public async Task<List<AccessRequestView>> RequestsAsync(AccessRequestStatus? status, CancellationToken cancellationToken)
    {
        var query = db.Set<AccessRequest>().AsNoTracking();
        if (status is { } s)
        {
            query = query.Where(r => r.Status == s);
        }

        var requests = await query.OrderByDescending(r => r.CreatedAt).Take(1000).ToListAsync(cancellationToken);
        return await ViewAsync(requests, crossTenant: false, cancellationToken);
    }

    /// <summary>The caller's own requests in every tenant (a person of another administration asks in this tenant's URL space).</summary>
    public async Task<List<AccessRequestView>> OwnRequestsAsync(CatalogCaller caller, CancellationToken cancellationToken)
    {
        if (!caller.IsSignedIn)
        {
            return [];
        }

        var requests = await db.Set<AccessRequest>().IgnoreQueryFilters().AsNoTracking()
            .Where(r => (caller.UserId != null && r.RequesterUserId == caller.UserId) || (caller.TokenId != null && r.RequesterTokenId == caller.TokenId))
            .OrderByDescending(r => r.CreatedAt).Take(1000).ToListAsync(cancellationToken);
        return await ViewAsync(requests, crossTenant: true, cancellationToken);
    }

    public async Task<AccessRequestView> ViewAsync(AccessRequest request, CancellationToken cancellationToken) =>
        (await ViewAsync([request], crossTenant: false, cancellationToken))[0];

    /// <summary>Grants of the current tenant, optionally of one dataset, newest first; only those in force when <paramref name="activeOnly"/>.</summary>
    public async Task<List<AccessGrantView>> GrantsAsync(string? dataset, bool activeOnly, CancellationToken cancellationToken)
    {
        var query = db.Set<AccessGrant>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(dataset))
        {
            var ids = db.Set<Dataset>().Where(d => d.Name == dataset).Select(d => d.Id);
            query = query.Where(g => ids.Contains(g.DatasetId));
        }

        var now = clock.GetUtcNow();
        if (activeOnly)
        {
            query = query.Where(g => g.RevokedAt == null && (g.ValidUntil == null || g.ValidUntil > now));
        }

        var grants = await query.OrderByDescending(g => g.CreatedAt).Take(1000).ToListAsync(cancellationToken);
        return await ViewAsync(grants, cancellationToken);
    }

    public async Task<AccessGrantView> ViewAsync(AccessGrant grant, CancellationToken cancellationToken) =>
        (await ViewAsync([grant], cancellationToken))[0];

    private async Task<List<AccessGrantView>> ViewAsync(List<AccessGrant> grants, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var datasets = await DatasetsAsync(grants.Select(g => g.DatasetId), crossTenant: false, cancellationToken);
        var names = await PartyNames.LoadAsync(
            db,
            grants.Where(g => g.GranteeKind == GranteeKind.User).Select(g => g.GranteeId),
            grants.Where(g => g.GranteeKind == GranteeKind.Token).Select(g => g.GranteeId),
            grants.Where(g => g.GranteeKind == GranteeKind.Tenant).Select(g => g.GranteeId),
            cancellationToken);
        return grants.Select(g => new AccessGrantView(
            g.Id,
            datasets.GetValueOrDefault(g.DatasetId)?.Name ?? "?",
            datasets.GetValueOrDefault(g.DatasetId)?.Title ?? "?",
            names.Party(g.GranteeKind, g.GranteeId),
            g.Conditions,
            g.ValidFrom,
            g.ValidUntil,
            g.RevokedAt,
            g.RevokedBy,
            g.GrantedBy,
            g.RequestId,
            AccessRules.IsValid(g, now))).ToList();
    }

    private async Task<List<AccessRequestView>> ViewAsync(List<AccessRequest> requests, bool crossTenant, CancellationToken cancellationToken)
    {
        var datasets = await DatasetsAsync(requests.Select(r => r.DatasetId), crossTenant, cancellationToken);
        var names = await PartyNames.LoadAsync(
            db,
            requests.Select(r => r.RequesterUserId).OfType<Guid>(),
            requests.Select(r => r.RequesterTokenId).OfType<Guid>(),
            requests.Select(r => r.ForTenantId).OfType<Guid>().Concat(requests.Select(r => r.TenantId)),
            cancellationToken);
        return requests.Select(r => new AccessRequestView(
            r.Id,
            names.TenantSlug(r.TenantId),
            datasets.GetValueOrDefault(r.DatasetId)?.Name ?? "?",
            datasets.GetValueOrDefault(r.DatasetId)?.Title ?? "?",
            r.Status.Key(),
            r.Purpose,
            r.Organization,
            r.RequesterTokenId is { } token ? names.Party(GranteeKind.Token, token) : names.Party(GranteeKind.User, r.RequesterUserId!.Value),
            r.ForTenantId is { } tenant ? names.Party(GranteeKind.Tenant, tenant) : null,
            r.CreatedAt,
            r.DecidedAt,
            r.DecidedBy,
            r.DecisionNote,
            r.Conditions,
            r.ExpiresAt,
            r.GrantId)).ToList();
    }

    private async Task<Dictionary<Guid, DatasetLabel>> DatasetsAsync(IEnumerable<Guid> ids, bool crossTenant, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        var query = crossTenant ? db.Set<Dataset>().IgnoreQueryFilters() : db.Set<Dataset>();
        var rows = await query.AsNoTracking().Where(d => wanted.Contains(d.Id)).Select(d => new { d.Id, d.Name, d.Title }).ToListAsync(cancellationToken);
        return rows.ToDictionary(d => d.Id, d => new DatasetLabel(d.Name, d.Title));
    }
}

/// <summary>Readable names for user, token and tenant ids, loaded once per page of results.</summary>
internal sealed class PartyNames
{
    private readonly Dictionary<Guid, string> users = [];
    private readonly Dictionary<Guid, string> tokens = [];
    private readonly Dictionary<Guid, (string Slug, string Name)> tenants = [];

    public static async Task<PartyNames> LoadAsync(StadtkernDb db, IEnumerable<Guid> userIds, IEnumerable<Guid> tokenIds, IEnumerable<Guid> tenantIds, CancellationToken cancellationToken)
    {
        var names = new PartyNames();
        var u = userIds.Distinct().ToList();
        var k = tokenIds.Distinct().ToList();
        var t = tenantIds.Distinct().ToList();
        if (u.Count > 0)
        {
            foreach (var user in await db.Users.AsNoTracking().Where(x => u.Contains(x.Id)).Select(x => new { x.Id, x.DisplayName, x.Email }).ToListAsync(cancellationToken))
            {
                names.users[user.Id] = user.DisplayName is { Length: > 0 } display ? $"{display} <{user.Email}>" : user.Email ?? user.Id.ToString();
            }
        }

        if (k.Count > 0)
        {
            foreach (var token in await db.ApiTokens.AsNoTracking().Where(x => k.Contains(x.Id)).Select(x => new { x.Id, x.Name }).ToListAsync(cancellationToken))
            {
                names.tokens[token.Id] = token.Name;
            }
        }

        if (t.Count > 0)
        {
            foreach (var tenant in await db.Tenants.AsNoTracking().Where(x => t.Contains(x.Id)).Select(x => new { x.Id, x.Slug, x.Name }).ToListAsync(cancellationToken))
            {
                names.tenants[tenant.Id] = (tenant.Slug, tenant.Name);
            }
        }

        return names;
    }

    public string TenantSlug(Guid id) => tenants.TryGetValue(id, out var t) ? t.Slug : id.ToString();

    public PartyView Party(GranteeKind kind, Guid id) => kind switch
    {
        GranteeKind.User => new PartyView("user", id, users.GetValueOrDefault(id) ?? "(gelöschtes Konto)"),
        GranteeKind.Token => new PartyView("token", id, tokens.GetValueOrDefault(id) ?? "(gelöschtes Token)"),
        GranteeKind.Tenant => new PartyView("tenant", id, tenants.TryGetValue(id, out var t) ? $"{t.Name} ({t.Slug})" : "(gelöschte Kommune)"),
    };

    public PartyView Caller(Guid? userId, Guid? tokenId) =>
        userId is { } u ? Party(GranteeKind.User, u) : tokenId is { } k ? Party(GranteeKind.Token, k) : new PartyView("anonymous", null, "anonym");
}
