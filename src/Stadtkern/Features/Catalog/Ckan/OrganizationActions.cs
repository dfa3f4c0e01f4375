using System.Text.Json.Nodes;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Search;
using Stadtkern.Features.Catalog.Store;

namespace Stadtkern.Features.Catalog.Ckan;

/// <summary>
/// <c>organization_list</c>/<c>group_list</c> (names, or dicts with <c>all_fields</c>; package counts only
/// count what the caller may see) and <c>organization_show</c>/<c>group_show</c> (with <c>include_datasets</c>).
/// </summary>
internal sealed class OwnerList(OrganizationStore store, DatasetSearch search, bool groups) : ICkanAction
{
    public string Name => groups ? "group_list" : "organization_list";

    public async Task<object?> ExecuteAsync(CkanCall call, CancellationToken cancellationToken)
    {
        var json = new CkanJson(call.Parameters);
        var allFields = json.Bool("all_fields") ?? false;
        var limit = json.Int("limit", int.MaxValue, 0, int.MaxValue);
        var offset = json.Int("offset", 0, 0, int.MaxValue);
        var sort = (json.Text("sort") ?? json.Text("order_by") ?? "name asc").Trim().ToLowerInvariant();
        var only = (json.List(groups ? "groups" : "organizations") ?? []).Select(n => json.Text(n, "organizations")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (sort is not ("name" or "name asc" or "name desc" or "title" or "title asc" or "title desc" or "package_count" or "package_count desc" or "packages"))
        {
            json.Fail("sort", "Möglich: name asc|desc, title asc|desc, package_count desc.");
        }

        json.ThrowIfInvalid();
        var counts = await CkanOwners.CountsAsync(search, groups ? "groups" : "organization", call, cancellationToken);
        var owners = groups
            ? (await store.ListGroupsAsync(cancellationToken)).Select(g => (g.Name, g.Title, Dict: (Func<int, JsonObject>)(c => CkanPackageMapping.Group(g, c))))
            : (await store.ListAsync(cancellationToken)).Select(o => (o.Name, o.Title, Dict: (Func<int, JsonObject>)(c => CkanPackageMapping.Organization(o, c))));
        var list = owners.Where(o => only.Count == 0 || only.Contains(o.Name)).ToList();
        IEnumerable<(string Name, string Title, Func<int, JsonObject> Dict)> sorted = sort switch
        {
            "name desc" => list.OrderByDescending(o => o.Name, StringComparer.Ordinal),
            "title" or "title asc" => list.OrderBy(o => o.Title, StringComparer.CurrentCultureIgnoreCase),
            "title desc" => list.OrderByDescending(o => o.Title, StringComparer.CurrentCultureIgnoreCase),
            "package_count" or "package_count desc" or "packages" => list.OrderByDescending(o => counts.GetValueOrDefault(o.Name)).ThenBy(o => o.Name, StringComparer.Ordinal),
            _ => list.OrderBy(o => o.Name, StringComparer.Ordinal),
        };
        var page = sorted.Skip(offset).Take(limit);
        return allFields
            ? new JsonArray([.. page.Select(o => (JsonNode)o.Dict(counts.GetValueOrDefault(o.Name)))])
            : new JsonArray([.. page.Select(o => (JsonNode)JsonValue.Create(o.Name))]);
    }
}

internal sealed class OwnerShow(DatasetStore datasets, DatasetSearch search, CkanPackages packages, bool groups) : ICkanAction
{
    public string Name => groups ? "group_show" : "organization_show";

    public async Task<object?> ExecuteAsync(CkanCall call, CancellationToken cancellationToken)
    {
        var json = new CkanJson(call.Parameters);
        var id = json.Text("id");
        var includeDatasets = json.Bool("include_datasets") ?? false;
        var rows = json.Int("rows", 1000, 0, PackageSearch.MaxRows);
        json.ThrowIfInvalid();
        if (string.IsNullOrWhiteSpace(id))
        {
            throw CkanException.Validation("id", "Missing value");
        }

        Organization? organization = null;
        CatalogGroup? group = null;
        string? name;
        if (groups)
        {
            group = await datasets.FindGroupAsync(id.Trim(), cancellationToken);
            name = group?.Name;
        }
        else
        {
            organization = await datasets.FindOrganizationAsync(id.Trim(), cancellationToken);
            name = organization?.Name;
        }

        if (name is null)
        {
            throw CkanException.NotFound(groups ? "Not found: Group was not found." : "Not found: Organization was not found.");
        }

        var hits = await search.SearchAsync(new DatasetQuery
        {
            Filters = [new FacetFilter(groups ? "groups" : "organization", name)],
            Sort = DatasetSort.NameAscending,
            Rows = includeDatasets ? rows : 0,
            IncludeInternal = true,
        }, call.Caller, cancellationToken);
        var dict = groups ? CkanPackageMapping.Group(group!, hits.Total) : CkanPackageMapping.Organization(organization!, hits.Total);
        if (organization is not null)
        {
            dict["email"] = organization.Email;
            dict["homepage"] = organization.Homepage;
        }

        dict["users"] = new JsonArray();
        dict["extras"] = new JsonArray();
        if (includeDatasets)
        {
            dict["packages"] = new JsonArray([.. await packages.PackagesAsync(hits.Ids, hits.Stamp, call, cancellationToken)]);
        }

        return dict;
    }
}

/// <summary><c>organization_create</c> (stewards and admins): name, title, description, plus Stadtkern's email and homepage.</summary>
internal sealed class OrganizationCreate(OrganizationStore store) : ICkanAction
{
    public string Name => "organization_create";

    public async Task<object?> ExecuteAsync(CkanCall call, CancellationToken cancellationToken)
    {
        CkanPackages.RequireSteward(call, "create organization");
        var json = new CkanJson(call.Parameters);
        var name = json.Text("name")?.Trim() ?? "";
        var title = json.Text("title") is { Length: > 0 } given ? given : name;
        var description = json.Text("description");
        var email = json.Text("email");
        var homepage = json.Text("homepage") ?? json.Text("url");
        json.ThrowIfInvalid();
        var (organization, errors) = await store.CreateAsync(name, title, description, email, homepage, null, cancellationToken);
        return organization is null ? throw CkanException.Validation(errors) : CkanPackageMapping.Organization(organization, 0);
    }
}

internal static class CkanOwners
{
    /// <summary>Visible dataset counts per organisation or group name (internal ones only for members).</summary>
    public static async Task<Dictionary<string, int>> CountsAsync(DatasetSearch search, string facet, CkanCall call, CancellationToken cancellationToken)
    {
        var hits = await search.SearchAsync(new DatasetQuery { Rows = 0, FacetFields = [facet], FacetLimit = -1, IncludeInternal = true }, call.Caller, cancellationToken);
        return hits.Facets.GetValueOrDefault(facet)?.ToDictionary(f => f.Value, f => f.Count, StringComparer.Ordinal) ?? [];
    }
}
