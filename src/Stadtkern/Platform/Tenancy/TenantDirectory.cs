using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Platform.Tenancy;

/// <summary>Looks tenants up by slug, with a short per-instance cache.</summary>
internal sealed class TenantDirectory(
    IServiceScopeFactory scopes,
    IMemoryCache cache,
    IOptionsMonitor<TenancyOptions> options)
{
    public string DefaultSlug => options.CurrentValue.DefaultTenant;

    public async Task<TenantInfo?> FindAsync(string slug, CancellationToken cancellationToken)
    {
        slug = slug.ToLowerInvariant();
        if (cache.TryGetValue(CacheKey(slug), out TenantInfo? cached))
        {
            return cached;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Slug == slug, cancellationToken);
        var info = tenant is null ? null : TenantInfo.From(tenant, slug == DefaultSlug);
        if (info is not null && options.CurrentValue.CacheSeconds > 0)
        {
            cache.Set(CacheKey(slug), info, TimeSpan.FromSeconds(options.CurrentValue.CacheSeconds));
        }

        return info;
    }

    public void Invalidate(string slug) => cache.Remove(CacheKey(slug.ToLowerInvariant()));

    private static string CacheKey(string slug) => "tenant:" + slug;
}
