using Stadtkern.Features.Catalog.Store;

namespace Stadtkern.Features.Catalog.Ckan;

/// <summary><c>package_create</c>: stewards and admins only; DCAT-AP.de fields as top-level keys or extras.</summary>
internal sealed class PackageCreate(CkanPackages packages) : ICkanAction
{
    public string Name => "package_create";

    public async Task<object?> ExecuteAsync(CkanCall call, CancellationToken cancellationToken)
    {
        CkanPackages.RequireSteward(call, "create package");
        var json = new CkanJson(call.Parameters);
        var input = CkanPackageMapping.Apply(new DatasetInput(), json);
        json.ThrowIfInvalid();
        var created = CkanPackages.Unwrap(await packages.Store.CreateAsync(input, call.Caller, cancellationToken));
        var dataset = await packages.VisibleAsync(created.Id.ToString(), call, cancellationToken);
        return await packages.ToPackageAsync(dataset, call, cancellationToken);
    }
}

/// <summary>
/// <c>package_update</c> (replace: fields not given are cleared) and <c>package_patch</c> (only the given
/// fields change). Unlike CKAN, an update without <c>resources</c>, <c>owner_org</c> or an access level
/// (<c>private</c>/<c>access_level</c>) keeps the stored ones, so an incomplete client can neither drop
/// files nor publish an internal dataset by accident.
/// </summary>
internal sealed class PackageUpdate(CkanPackages packages, bool patch) : ICkanAction
{
    public string Name => patch ? "package_patch" : "package_update";

    public async Task<object?> ExecuteAsync(CkanCall call, CancellationToken cancellationToken)
    {
        CkanPackages.RequireSteward(call, patch ? "patch package" : "update package");
        var json = new CkanJson(call.Parameters);
        var id = json.Text("id") ?? json.Text("name");
        var existing = await packages.VisibleAsync(id, call, cancellationToken);
        var stored = await packages.Store.ToInputAsync(existing, cancellationToken);
        var basis = patch ? stored : new DatasetInput
        {
            Name = stored.Name,
            Title = stored.Title,
            Organization = stored.Organization,
            Access = stored.Access,
            Issued = stored.Issued,
            Resources = stored.Resources,
            HarvestSourceId = stored.HarvestSourceId,
            HarvestIdentifier = stored.HarvestIdentifier,
        };
        var input = CkanPackageMapping.Apply(basis, json);
        json.ThrowIfInvalid();
        var updated = CkanPackages.Unwrap(await packages.Store.UpdateAsync(existing.Id.ToString(), input, call.Caller, cancellationToken));
        return await packages.ToPackageAsync(await packages.VisibleAsync(updated.Id.ToString(), call, cancellationToken), call, cancellationToken);
    }
}

/// <summary><c>package_delete</c>: marks the dataset deleted (it leaves search and the portal, its history stays).</summary>
internal sealed class PackageDelete(CkanPackages packages) : ICkanAction
{
    public string Name => "package_delete";

    public async Task<object?> ExecuteAsync(CkanCall call, CancellationToken cancellationToken)
    {
        CkanPackages.RequireSteward(call, "delete package");
        var id = new CkanJson(call.Parameters).Text("id");
        if (string.IsNullOrWhiteSpace(id))
        {
            throw CkanException.Validation("id", "Missing value");
        }

        return await packages.Store.DeleteAsync(id.Trim(), call.Caller, cancellationToken) ? null : throw CkanException.NotFound("Not found");
    }
}
