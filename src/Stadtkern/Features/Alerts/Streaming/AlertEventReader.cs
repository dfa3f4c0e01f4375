using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Alerts.Delivery;
using Stadtkern.Features.Alerts.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Alerts.Streaming;

/// <summary>
/// Reads alert_events with their alert's current summary and encodes each as the SSE frame, for the pump (all tenants, after
/// its watermark) and for resuming connections (one tenant, after Last-Event-ID). Events of alerts that are not public
/// (waiting for approval, rejected) are read (so the pump's watermark passes them) but never encoded.
/// </summary>
internal sealed class AlertEventReader(IServiceScopeFactory scopes, TenantDirectory tenants)
{
    public async Task<long> MaxSeqAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        return await db.Set<AlertEvent>().IgnoreQueryFilters().MaxAsync(e => (long?)e.Seq, ct) ?? 0;
    }

    /// <summary>The alert of event <paramref name="seq"/>, or null when there is no such event (any more).</summary>
    public async Task<Guid?> AlertOfAsync(long seq, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        return await db.Set<AlertEvent>().IgnoreQueryFilters().Where(e => e.Seq == seq).Select(e => (Guid?)e.AlertId).FirstOrDefaultAsync(ct);
    }

    /// <summary>Every event after <paramref name="afterSeq"/> (up to <paramref name="limit"/>), in seq order; Event is null for hidden ones.</summary>
    public async Task<List<(long Seq, Guid AlertId, AlertStreamEvent? Event)>> ReadAllAsync(long afterSeq, int limit, CancellationToken ct) =>
        await ReadAsync(null, afterSeq, limit, ct);

    /// <summary>The tenant's public events after <paramref name="afterSeq"/>, in seq order.</summary>
    public async Task<List<AlertStreamEvent>> ReadTenantAsync(TenantInfo tenant, long afterSeq, int limit, CancellationToken ct) =>
        [.. (await ReadAsync(tenant.Id, afterSeq, limit, ct)).Select(r => r.Event).OfType<AlertStreamEvent>()];

    /// <summary>Whether the tenant has the "sse" channel switched on (alert settings).</summary>
    public async Task<bool> StreamEnabledAsync(TenantInfo tenant, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        var settings = await scope.ServiceProvider.GetRequiredService<TenantSettingsStore>().GetAsync<AlertSettings>(AlertSettings.Section, ct);
        return settings.HasChannel(AlertChannels.Sse);
    }

    private async Task<List<(long Seq, Guid AlertId, AlertStreamEvent? Event)>> ReadAsync(Guid? tenantId, long afterSeq, int limit, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        var events = db.Set<AlertEvent>().IgnoreQueryFilters().Where(e => e.Seq > afterSeq);
        if (tenantId is { } id)
        {
            events = events.Where(e => e.TenantId == id);
        }

        var rows = await (
            from e in events
            join a in db.Set<Alert>().IgnoreQueryFilters() on e.AlertId equals a.Id
            join t in db.Tenants on e.TenantId equals t.Id
            orderby e.Seq
            select new
            {
                e.Seq,
                e.TenantId,
                e.Kind,
                e.Version,
                a.Id,
                a.Identifier,
                a.MsgType,
                a.State,
                a.Headline,
                a.Severity,
                a.Event,
                a.AreaDesc,
                a.Expires,
                t.Slug,
            }).Take(limit).AsNoTracking().ToListAsync(ct);

        var defaultSlug = tenants.DefaultSlug;
        return [.. rows.Select(r =>
        {
            if (r.State is not (AlertStates.Active or AlertStates.Cancelled))
            {
                return (r.Seq, r.Id, (AlertStreamEvent?)null);
            }

            var payload = new AlertStreamPayload(
                r.Seq, r.Kind, r.Id, r.Version, r.Identifier, r.Kind == AlertEventKinds.Cancelled ? "Cancel" : r.MsgType, r.State,
                Empty(r.Headline), Empty(r.Severity), Empty(r.Event), Empty(r.AreaDesc), r.Expires, r.Slug,
                string.Equals(r.Slug, defaultSlug, StringComparison.Ordinal));
            return (r.Seq, r.Id, new AlertStreamEvent(r.Seq, r.TenantId, payload.ToFrame()));
        })];
    }

    private static string? Empty(string value) => value.Length == 0 ? null : value;
}
