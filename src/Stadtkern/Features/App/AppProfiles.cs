using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.App;

/// <summary>The current tenant's <see cref="AppProfile"/>, cached for a few seconds because the layout reads it on every page.</summary>
internal sealed class AppProfiles(TenantContext tenant, TenantSettingsStore settings, IMemoryCache cache, IOptionsMonitor<TenancyOptions> tenancy)
{
    public async Task<AppProfile?> CurrentAsync(CancellationToken cancellationToken)
    {
        if (tenant.Current is not { } current)
        {
            return null;
        }

        var key = CacheKey(current.Id);
        if (cache.TryGetValue(key, out AppProfile? cached) && cached is not null)
        {
            return cached;
        }

        var profile = AppProfile.Resolve(await settings.GetAsync<AppSettings>(AppSettings.Section, cancellationToken), current);
        if (tenancy.CurrentValue.CacheSeconds > 0)
        {
            cache.Set(key, profile, TimeSpan.FromSeconds(tenancy.CurrentValue.CacheSeconds));
        }

        return profile;
    }

    public async Task SaveAsync(AppSettings value, CancellationToken cancellationToken)
    {
        await settings.SaveAsync(AppSettings.Section, value, cancellationToken);
        cache.Remove(CacheKey(tenant.TenantId));
    }

    public Task<AppSettings> ReadSettingsAsync(CancellationToken cancellationToken) =>
        settings.GetAsync<AppSettings>(AppSettings.Section, cancellationToken);

    private static string CacheKey(Guid tenantId) => "app-profile:" + tenantId.ToString("N", System.Globalization.CultureInfo.InvariantCulture);
}
