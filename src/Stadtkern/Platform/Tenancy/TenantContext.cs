namespace Stadtkern.Platform.Tenancy;

/// <summary>An immutable snapshot of a tenant, as the request pipeline and pages see it.</summary>
internal sealed record TenantInfo(
    Guid Id,
    string Slug,
    string Name,
    string Ars,
    string Ags,
    string PrimaryColor,
    string? LogoUrl,
    string? Description,
    string? ContactName,
    string? ContactEmail,
    string? ContactPhone,
    string? Website,
    IReadOnlyList<Module> Modules,
    bool IsDefault)
{
    public bool Has(Module module) => Modules.Contains(module);

    public static TenantInfo From(Tenant tenant, bool isDefault) => new(
        tenant.Id, tenant.Slug, tenant.Name, tenant.Ars, tenant.Ags,
        tenant.Branding.PrimaryColor, tenant.Branding.LogoUrl, tenant.Branding.Description,
        tenant.Contact.Name, tenant.Contact.Email, tenant.Contact.Phone, tenant.Contact.Website,
        tenant.Modules.ToArray(), isDefault);
}

/// <summary>
/// The tenant of the current request (or CLI command). Scoped: set once by
/// <see cref="TenantResolutionMiddleware"/> or by a command, read by the database context's query filter.
/// </summary>
internal sealed class TenantContext
{
    public TenantInfo? Current { get; private set; }

    /// <summary>The current tenant's id, or <see cref="Guid.Empty"/> (which matches no row) when none is set.</summary>
    public Guid TenantId => Current?.Id ?? Guid.Empty;

    public TenantInfo Required => Current ?? throw new InvalidOperationException("No tenant is set for this operation.");

    public void Set(TenantInfo tenant)
    {
        if (Current is not null && Current.Id != tenant.Id)
        {
            throw new InvalidOperationException("The tenant of a scope cannot change once set.");
        }

        Current = tenant;
    }
}

/// <summary>Tenancy settings, bound from the <c>Tenancy</c> section.</summary>
public sealed class TenancyOptions
{
    public const string Section = "Tenancy";

    /// <summary>Slug of the tenant served at the root path <c>/</c>. Default <c>demo</c>.</summary>
    public string DefaultTenant { get; set; } = "demo";

    /// <summary>Seconds a tenant's settings are cached per instance. Default 10; changes made on
    /// another instance become visible after at most this time.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 3600)]
    public int CacheSeconds { get; set; } = 10;
}
