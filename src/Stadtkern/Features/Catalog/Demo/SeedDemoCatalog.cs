using Microsoft.Extensions.Options;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Platform.Demo;

namespace Stadtkern.Features.Catalog.Demo;

/// <summary>
/// The demo catalog of Musterstadt: its publishers, collections and datasets (<see cref="DemoDatasets"/>).
/// Idempotent: adds only organisations, groups and datasets that do not exist yet (deleted ones stay deleted).
/// </summary>
internal sealed class SeedDemoCatalog(OrganizationStore organizations, DatasetStore datasets)
{
    public static readonly CatalogCaller Actor = CatalogCaller.System("Demo-Katalog");

    /// <summary>Seeds what is missing; returns the number of datasets created.</summary>
    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        var existingOrganizations = (await organizations.ListAsync(cancellationToken)).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var organization in DemoDatasets.Organizations.Where(o => !existingOrganizations.Contains(o.Name)))
        {
            var (_, errors) = await organizations.CreateAsync(
                organization.Name, organization.Title, organization.Description, organization.Email, "https://musterstadt.example/" + organization.Name, organization.DepartmentKey, cancellationToken);
            Ensure(errors, organization.Name);
        }

        var existingGroups = (await organizations.ListGroupsAsync(cancellationToken)).Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, title, description) in DemoDatasets.Groups.Where(g => !existingGroups.Contains(g.Name)))
        {
            var (_, errors) = await organizations.CreateGroupAsync(name, title, description, cancellationToken);
            Ensure(errors, name);
        }

        var created = 0;
        foreach (var input in DemoDatasets.All())
        {
            if (await datasets.FindAsync(input.Name, cancellationToken, includeDeleted: true) is not null)
            {
                continue;
            }

            var result = await datasets.CreateAsync(input, Actor, cancellationToken);
            Ensure(result.Errors, input.Name);
            created++;
        }

        return created;
    }

    private static void Ensure(IReadOnlyDictionary<string, string[]> errors, string what)
    {
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"Demo catalog: {what} was rejected: " + string.Join("; ", errors.Select(e => e.Key + ": " + string.Join(" ", e.Value))));
        }
    }
}

/// <summary>Seeds the demo catalog with the demo city unless <c>Demo:Catalog</c> is false.</summary>
internal sealed class CatalogDemoContent(SeedDemoCatalog seed, SeedDemoDatastore datastore, IOptions<DemoOptions> options) : IDemoContent
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Catalog)
        {
            await seed.SeedAsync(cancellationToken);
            await datastore.SeedAsync(cancellationToken);
        }
    }
}

internal static class DemoCatalogSetup
{
    public static IServiceCollection AddDemoCatalog(this IServiceCollection services)
    {
        services.AddScoped<SeedDemoCatalog>();
        services.AddScoped<SeedDemoDatastore>();
        services.AddScoped<IDemoContent, CatalogDemoContent>();
        return services;
    }
}
