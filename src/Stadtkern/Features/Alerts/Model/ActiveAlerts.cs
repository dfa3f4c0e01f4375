using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Alerts.Model;

/// <summary>What the banner, lists, displays and the app show of an active alert.</summary>
internal sealed record ActiveAlert(
    Guid Id,
    string Headline,
    string Event,
    string Severity,
    string Urgency,
    string AreaDesc,
    DateTimeOffset? Expires,
    DateTimeOffset? PublishedAt,
    string Source,
    string? SourceProvider,
    int Version);

/// <summary>
/// The current tenant's active alerts (state active, not a Cancel, not expired), most severe first. <see cref="CachedAsync"/> is
/// what every page's banner uses: a cheap indexed query, cached a few seconds per tenant and dropped when this instance publishes.
/// </summary>
internal sealed partial class ActiveAlerts(
    StadtkernDb db,
    TenantContext tenant,
    TenantSettingsStore settingsStore,
    IMemoryCache cache,
    IOptionsMonitor<AlertsOptions> options,
    TimeProvider clock,
    ILogger<ActiveAlerts> logger)
{
    public async Task<IReadOnlyList<ActiveAlert>> ListAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rows = await db.Set<Alert>().AsNoTracking()
            .Where(a => a.State == AlertStates.Active && a.MsgType != "Cancel" && (a.Expires == null || a.Expires > now))
            .Where(a => a.Status == "Actual" || a.Status == "Exercise")
            .Select(a => new ActiveAlert(a.Id, a.Headline, a.Event, a.Severity, a.Urgency, a.AreaDesc, a.Expires, a.PublishedAt,
                a.Source, a.SourceProvider, a.Version))
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(a => SeverityRank(a.Severity)).ThenByDescending(a => a.PublishedAt)];
    }

    public async Task<IReadOnlyList<ActiveAlert>> CachedAsync(CancellationToken cancellationToken)
    {
        var seconds = options.CurrentValue.BannerCacheSeconds;
        if (seconds <= 0 || tenant.Current is null)
        {
            return await ListAsync(cancellationToken);
        }

        var key = CacheKey(tenant.TenantId);
        if (cache.TryGetValue(key, out IReadOnlyList<ActiveAlert>? cached) && cached is not null)
        {
            // An alert that expired while cached must not linger.
            var now = clock.GetUtcNow();
            return [.. cached.Where(a => a.Expires is null || a.Expires > now)];
        }

        var list = await ListAsync(cancellationToken);
        cache.Set(key, list, TimeSpan.FromSeconds(seconds));
        return list;
    }

    /// <summary>What the banner on every page shows: the cached active alerts, unless the tenant switched the web channel off.</summary>
    public async Task<IReadOnlyList<ActiveAlert>> BannerAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await BannerCoreAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The banner must never take a page down (error pages render while the database is unreachable).
            LogBannerFailed(logger, e);
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The alert banner could not be read")]
    private static partial void LogBannerFailed(ILogger logger, Exception exception);

    private async Task<IReadOnlyList<ActiveAlert>> BannerCoreAsync(CancellationToken cancellationToken)
    {
        if (tenant.Current is not { } current || !current.Has(Module.Alerts))
        {
            return [];
        }

        var seconds = options.CurrentValue.BannerCacheSeconds;
        var webKey = "alerts:web:" + current.Id.ToString("N");
        if (!cache.TryGetValue(webKey, out bool web))
        {
            web = (await settingsStore.GetAsync<AlertSettings>(AlertSettings.Section, cancellationToken)).HasChannel(Delivery.AlertChannels.Web);
            if (seconds > 0)
            {
                cache.Set(webKey, web, TimeSpan.FromSeconds(seconds));
            }
        }

        return web ? await CachedAsync(cancellationToken) : [];
    }

    public void Invalidate(Guid tenantId)
    {
        cache.Remove(CacheKey(tenantId));
        cache.Remove("alerts:web:" + tenantId.ToString("N"));
    }

    public static int SeverityRank(string severity) => severity switch
    {
        "Extreme" => 0,
        "Severe" => 1,
        "Moderate" => 2,
        "Minor" => 3,
        _ => 4,
    };

    private static string CacheKey(Guid tenantId) => "alerts:active:" + tenantId.ToString("N");
}
