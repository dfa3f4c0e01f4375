using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stadtkern.Features.Tenants;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Pages.Verwaltung;

/// <summary>Creates (instance admin) or edits (tenant admin) a municipality with the same rules as the API.</summary>
internal sealed class MandantModel(TenantStore store, TenantContext current) : PageModel
{
    [BindProperty]
    public TenantForm Form { get; set; } = new();

    public string? Slug { get; private set; }

    public Dictionary<string, string[]> Errors { get; private set; } = [];

    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? slug, CancellationToken cancellationToken)
    {
        if (!TenantAccess.MayAdminister(User, current, slug))
        {
            return Forbid();
        }

        Slug = slug;
        if (slug is null)
        {
            Form = new TenantForm { Modules = [.. ModuleList.All.Select(m => m.Key())] };
            return Page();
        }

        var tenant = await store.FindAsync(slug, cancellationToken);
        if (tenant is null)
        {
            return NotFound();
        }

        Form = TenantForm.From(tenant);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? slug, CancellationToken cancellationToken)
    {
        if (!TenantAccess.MayAdminister(User, current, slug))
        {
            return Forbid();
        }

        Slug = slug;
        var request = Form.ToRequest();
        var result = slug is null
            ? await store.CreateAsync(request, cancellationToken)
            : await store.UpdateAsync(slug, request, cancellationToken);
        switch (result.Status)
        {
            case TenantWriteStatus.Ok when slug is null:
                return Redirect(Url.Content($"~/verwaltung/mandant/{result.Tenant!.Slug}"));
            case TenantWriteStatus.Ok:
                Saved = true;
                Form = TenantForm.From(result.Tenant!);
                return Page();
            case TenantWriteStatus.NotFound:
                return NotFound();
            default:
                Errors = result.Errors;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
        }
    }
}

/// <summary>The admin form's fields; departments are edited as lines "key; name; e-mail".</summary>
internal sealed class TenantForm
{
    public string? Slug { get; set; }
    public string? Name { get; set; }
    public string? Ars { get; set; }
    public string? Ags { get; set; }
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }
    public string? Website { get; set; }
    public string? LogoUrl { get; set; }
    public string? PrimaryColor { get; set; } = BrandColor.Default;
    public string? Description { get; set; }
    public List<string> Modules { get; set; } = [];
    public string? Departments { get; set; }

    public static TenantForm From(Tenant tenant) => new()
    {
        Slug = tenant.Slug,
        Name = tenant.Name,
        Ars = tenant.Ars,
        Ags = tenant.Ags,
        ContactName = tenant.Contact.Name,
        ContactEmail = tenant.Contact.Email,
        ContactPhone = tenant.Contact.Phone,
        Website = tenant.Contact.Website,
        LogoUrl = tenant.Branding.LogoUrl,
        PrimaryColor = tenant.Branding.PrimaryColor,
        Description = tenant.Branding.Description,
        Modules = [.. tenant.Modules.Select(m => m.Key())],
        Departments = string.Join('\n', tenant.Departments.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}; {d.Name}; {d.Email}".TrimEnd(' ', ';'))),
    };

    public TenantRequest ToRequest() => new(
        Slug, Name, Ars, Ags,
        new ContactDto(ContactName, ContactEmail, ContactPhone, Website),
        new BrandingDto(LogoUrl, PrimaryColor, Description),
        Modules,
        [.. (Departments ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(';', StringSplitOptions.TrimEntries))
            .Select(parts => new DepartmentDto(parts.ElementAtOrDefault(0), parts.ElementAtOrDefault(1), parts.ElementAtOrDefault(2) is { Length: > 0 } email ? email : null))]);
}
