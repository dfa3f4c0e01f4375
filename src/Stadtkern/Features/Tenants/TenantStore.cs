using Microsoft.EntityFrameworkCore;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Tenants;

internal enum TenantWriteStatus
{
    Ok,
    Invalid,
    NotFound,
    SlugTaken,
}

internal sealed record TenantWriteResult(TenantWriteStatus Status, Tenant? Tenant, Dictionary<string, string[]> Errors);

/// <summary>
/// Creates, changes and reads tenants. Tenants sit above tenancy, so this is the one place that
/// reads across tenants (<c>IgnoreQueryFilters</c>) on purpose.
/// </summary>
internal sealed class TenantStore(StadtkernDb db, TenantDirectory directory, TimeProvider clock)
{
    public Task<List<Tenant>> ListAsync(CancellationToken cancellationToken) =>
        db.Tenants.IgnoreQueryFilters().Include(t => t.Departments).AsNoTracking()
            .OrderBy(t => t.Name).ToListAsync(cancellationToken);

    public Task<Tenant?> FindAsync(string slug, CancellationToken cancellationToken) =>
        db.Tenants.IgnoreQueryFilters().Include(t => t.Departments).AsNoTracking()
            .FirstOrDefaultAsync(t => t.Slug == slug, cancellationToken);

    public async Task<TenantWriteResult> CreateAsync(TenantRequest request, CancellationToken cancellationToken)
    {
        var (valid, errors) = ValidateTenant.Check(request);
        if (valid is null)
        {
            return new(TenantWriteStatus.Invalid, null, errors);
        }

        if (await db.Tenants.AnyAsync(t => t.Slug == valid.Slug, cancellationToken))
        {
            return new(TenantWriteStatus.SlugTaken, null, new() { ["slug"] = [$"Den Kurznamen '{valid.Slug}' gibt es schon."] });
        }

        var now = clock.GetStoredNow();
        var tenant = new Tenant { Id = Guid.CreateVersion7(now), Slug = valid.Slug, CreatedAt = now };
        Apply(tenant, valid, now);
        db.Tenants.Add(tenant);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request may have created the same slug between our check and our insert.
            db.ChangeTracker.Clear();
            if (!await db.Tenants.AsNoTracking().AnyAsync(t => t.Slug == valid.Slug, CancellationToken.None))
            {
                throw;
            }

            return new(TenantWriteStatus.SlugTaken, null, new() { ["slug"] = [$"Den Kurznamen '{valid.Slug}' gibt es schon."] });
        }

        return new(TenantWriteStatus.Ok, tenant, []);
    }

    public async Task<TenantWriteResult> UpdateAsync(string slug, TenantRequest request, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.IgnoreQueryFilters().Include(t => t.Departments)
            .FirstOrDefaultAsync(t => t.Slug == slug, cancellationToken);
        if (tenant is null)
        {
            return new(TenantWriteStatus.NotFound, null, []);
        }

        if (request.Slug is { Length: > 0 } given && given != slug)
        {
            return new(TenantWriteStatus.Invalid, null, new() { ["slug"] = ["Der Kurzname kann nicht geändert werden (er ist Teil aller Adressen)."] });
        }

        var (valid, errors) = ValidateTenant.Check(request with { Slug = slug });
        if (valid is null)
        {
            return new(TenantWriteStatus.Invalid, null, errors);
        }

        Apply(tenant, valid, clock.GetStoredNow());
        await db.SaveChangesAsync(cancellationToken);
        directory.Invalidate(slug);
        return new(TenantWriteStatus.Ok, tenant, []);
    }

    private static void Apply(Tenant tenant, ValidateTenant.Valid valid, DateTimeOffset now)
    {
        tenant.Name = valid.Name;
        tenant.Ars = valid.Ars;
        tenant.Ags = valid.Ags;
        tenant.Contact = valid.Contact;
        tenant.Branding = valid.Branding;
        tenant.Modules = valid.Modules;
        tenant.UpdatedAt = now;

        // Departments are matched by key so their ids (and what refers to them) survive edits.
        var wanted = valid.Departments.ToDictionary(d => d.Key, StringComparer.Ordinal);
        tenant.Departments.RemoveAll(d => !wanted.ContainsKey(d.Key));
        foreach (var (key, name, email) in valid.Departments)
        {
            var department = tenant.Departments.FirstOrDefault(d => d.Key == key);
            if (department is null)
            {
                department = new Department { Id = Guid.CreateVersion7(now), TenantId = tenant.Id, Key = key };
                tenant.Departments.Add(department);
            }

            department.Name = name;
            department.Email = email;
        }
    }
}
