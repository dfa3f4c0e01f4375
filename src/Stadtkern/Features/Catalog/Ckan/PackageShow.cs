using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Catalog.Model;

namespace Stadtkern.Features.Catalog.Ckan;

/// <summary><c>package_show</c>: one dataset by id or name (404 for internal datasets unless the caller is a member).</summary>
internal sealed class PackageShow(CkanPackages packages) : ICkanAction
{
    public string Name => "package_show";

    public async Task<object?> ExecuteAsync(CkanCall call, CancellationToken cancellationToken)
    {
        var dataset = await packages.VisibleAsync(new CkanJson(call.Parameters).Text("id") ?? call.String("name"), call, cancellationToken);
        return await packages.ToPackageAsync(dataset, call, cancellationToken);
    }
}

/// <summary><c>package_list</c>: names of the active datasets that are not internal, by name (limit, offset).</summary>
internal sealed class PackageList(CkanPackages packages) : ICkanAction
{
    public string Name => "package_list";

    public async Task<object?> ExecuteAsync(CkanCall call, CancellationToken cancellationToken)
    {
        var json = new CkanJson(call.Parameters);
        var limit = json.Int("limit", int.MaxValue, 0, int.MaxValue);
        var offset = json.Int("offset", 0, 0, int.MaxValue);
        json.ThrowIfInvalid();
        return await packages.Store.Datasets
            .Where(d => d.State == DatasetState.Active && d.Access != AccessLevel.Internal)
            .OrderBy(d => d.Name).Skip(offset).Take(limit).Select(d => d.Name)
            .ToListAsync(cancellationToken);
    }
}
