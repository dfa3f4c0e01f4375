using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Tenants;

/// <summary>Body of <c>POST /api/tenants</c> and <c>PUT /api/tenants/{slug}</c>.</summary>
internal sealed record TenantRequest(
    string? Slug,
    string? Name,
    string? Ars,
    string? Ags,
    ContactDto? Contact,
    BrandingDto? Branding,
    List<string>? Modules,
    List<DepartmentDto>? Departments);

internal sealed record ContactDto(string? Name, string? Email, string? Phone, string? Website);

internal sealed record BrandingDto(string? LogoUrl, string? PrimaryColor, string? Description);

internal sealed record DepartmentDto(string? Key, string? Name, string? Email);

internal sealed record TenantResponse(
    Guid Id,
    string Slug,
    string Name,
    string Ars,
    string Ags,
    ContactDto Contact,
    BrandingDto Branding,
    IReadOnlyList<string> Modules,
    IReadOnlyList<DepartmentDto> Departments,
    string HomePath,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static TenantResponse From(Tenant tenant) => new(
        tenant.Id,
        tenant.Slug,
        tenant.Name,
        tenant.Ars,
        tenant.Ags,
        new ContactDto(tenant.Contact.Name, tenant.Contact.Email, tenant.Contact.Phone, tenant.Contact.Website),
        new BrandingDto(tenant.Branding.LogoUrl, tenant.Branding.PrimaryColor, tenant.Branding.Description),
        [.. tenant.Modules.Select(m => m.Key())],
        [.. tenant.Departments.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => new DepartmentDto(d.Key, d.Name, d.Email))],
        $"/t/{tenant.Slug}/",
        tenant.CreatedAt,
        tenant.UpdatedAt);
}
