using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Store;

/// <summary>Publishers and groups of the current tenant's catalog.</summary>
internal sealed partial class OrganizationStore(StadtkernDb db, TimeProvider clock)
{
    /// <summary>The tenant whose organisations this store reads and writes.</summary>
    public Guid TenantId => db.CurrentTenantId;

    public Task<List<Organization>> ListAsync(CancellationToken cancellationToken) =>
        db.Set<Organization>().AsNoTracking().OrderBy(o => o.Name).ToListAsync(cancellationToken);

    public Task<List<CatalogGroup>> ListGroupsAsync(CancellationToken cancellationToken) =>
        db.Set<CatalogGroup>().AsNoTracking().OrderBy(g => g.Name).ToListAsync(cancellationToken);

    /// <summary>Creates an organisation; errors by CKAN field name when the name is invalid or taken.</summary>
    public async Task<(Organization? Organization, Dictionary<string, string[]> Errors)> CreateAsync(
        string name, string title, string? description, string? email, string? homepage, string? departmentKey, CancellationToken cancellationToken)
    {
        var errors = CheckNameAndTitle(name, title);
        if (errors.Count == 0 && await db.Set<Organization>().AnyAsync(o => o.Name == name, cancellationToken))
        {
            errors["name"] = ["Diese Organisation gibt es bereits."];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var organization = new Organization
        {
            Id = Guid.CreateVersion7(),
            Name = name,
            Title = title.Trim(),
            Description = description,
            Email = email,
            Homepage = homepage,
            DepartmentKey = departmentKey,
            Created = StoredTime.GetStoredNow(clock),
        };
        db.Add(organization);
        await db.SaveChangesAsync(cancellationToken);
        return (organization, errors);
    }

    public async Task<(CatalogGroup? Group, Dictionary<string, string[]> Errors)> CreateGroupAsync(
        string name, string title, string? description, CancellationToken cancellationToken)
    {
        var errors = CheckNameAndTitle(name, title);
        if (errors.Count == 0 && await db.Set<CatalogGroup>().AnyAsync(g => g.Name == name, cancellationToken))
        {
            errors["name"] = ["Diese Gruppe gibt es bereits."];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var group = new CatalogGroup { Id = Guid.CreateVersion7(), Name = name, Title = title.Trim(), Description = description, Created = StoredTime.GetStoredNow(clock) };
        db.Add(group);
        await db.SaveChangesAsync(cancellationToken);
        return (group, errors);
    }

    private static Dictionary<string, string[]> CheckNameAndTitle(string name, string title)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!NamePattern().IsMatch(name))
        {
            errors["name"] = ["Der Name muss 2–100 Zeichen lang sein und darf nur Kleinbuchstaben, Ziffern, - und _ enthalten."];
        }

        if (string.IsNullOrWhiteSpace(title) || title.Length > 300)
        {
            errors["title"] = ["Der Titel fehlt oder ist länger als 300 Zeichen."];
        }

        return errors;
    }

    [GeneratedRegex("^[a-z0-9_-]{2,100}$")]
    private static partial Regex NamePattern();
}
