using System.Globalization;
using System.Text.Json.Nodes;
using Stadtkern.Features.Catalog.Files;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Catalog.Ckan;

/// <summary><c>resource_show</c>: one resource; its link is empty unless the caller may use the data.</summary>
internal sealed class ResourceShow(CkanPackages packages) : ICkanAction
{
    public string Name => "resource_show";

    public async Task<object?> ExecuteAsync(CkanCall call, CancellationToken cancellationToken)
    {
        var (dataset, resource) = await packages.ResourceAsync(new CkanJson(call.Parameters).Text("id"), call, cancellationToken);
        return CkanPackageMapping.Resource(dataset, resource, await packages.ViewAsync(dataset, call, cancellationToken));
    }
}

internal enum ResourceChange
{
    Create,
    Update,
    Patch,
    Delete,
}

/// <summary>
/// <c>resource_create</c>, <c>resource_update</c>, <c>resource_patch</c>, <c>resource_delete</c>. A multipart
/// <c>upload</c> file goes to the file store (streamed, SHA-256 computed on the way); the resource then points
/// at this instance's download URL, with size, hash and (unless given) format and media type from the file.
/// </summary>
internal sealed class ResourceWrite(CkanPackages packages, FileStore files, TenantContext tenant, ResourceChange change) : ICkanAction
{
    public string Name => change switch
    {
        ResourceChange.Create => "resource_create",
        ResourceChange.Update => "resource_update",
        ResourceChange.Patch => "resource_patch",
        ResourceChange.Delete => "resource_delete",
    };

    public async Task<object?> ExecuteAsync(CkanCall call, CancellationToken cancellationToken)
    {
        CkanPackages.RequireSteward(call, Name.Replace('_', ' '));
        var json = new CkanJson(call.Parameters);
        Dataset dataset;
        Resource? existing = null;
        if (change == ResourceChange.Create)
        {
            dataset = await packages.VisibleAsync(json.Text("package_id") is { Length: > 0 } packageId ? packageId
                : throw CkanException.Validation("package_id", "Missing value"), call, cancellationToken);
        }
        else
        {
            (dataset, existing) = await packages.ResourceAsync(json.Text("id"), call, cancellationToken);
        }

        var input = await packages.Store.ToInputAsync(dataset, cancellationToken);
        var resources = input.Resources.ToList();
        var index = existing is null ? resources.Count : resources.FindIndex(r => r.Id == existing.Id);
        if (change == ResourceChange.Delete)
        {
            resources.RemoveAt(index);
            CkanPackages.Unwrap(await packages.Store.UpdateAsync(dataset.Id.ToString(), input with { Resources = resources }, call.Caller, cancellationToken));
            DeleteFile(existing!.StorageKey);
            return null;
        }

        var resource = Basis(existing, resources.ElementAtOrDefault(index), call.Parameters);
        resource = CkanPackageMapping.ApplyResource(resource, call.Parameters, json, "");
        json.ThrowIfInvalid();

        StoredFile? stored = null;
        if (call.Files?.GetFile("upload") is { } upload)
        {
            var fileName = CkanFormats.SafeFileName(upload.FileName);
            await using (var content = upload.OpenReadStream())
            {
                stored = await files.SaveAsync(tenant.Required.Id, content, cancellationToken);
            }

            resource = resource with
            {
                StorageKey = stored.Key,
                Size = stored.Size,
                Checksum = stored.Sha256,
                Url = CkanPackageMapping.DownloadUrl(CkanEndpoint.BaseUrl(call.Http.Request), dataset.Id, resource.Id!.Value, fileName),
                Format = call.Parameters.ContainsKey("format") && !string.IsNullOrWhiteSpace(resource.Format) ? resource.Format : CkanFormats.FormatOf(fileName),
                MediaType = call.Parameters.ContainsKey("mimetype") && !string.IsNullOrWhiteSpace(resource.MediaType) ? resource.MediaType : CkanFormats.MediaTypeOf(fileName),
                Name = string.IsNullOrWhiteSpace(resource.Name) ? fileName : resource.Name,
            };
        }

        if (index < resources.Count)
        {
            resources[index] = resource;
        }
        else
        {
            resources.Add(resource);
        }

        var result = await packages.Store.UpdateAsync(dataset.Id.ToString(), input with { Resources = resources }, call.Caller, cancellationToken);
        if (!result.Succeeded)
        {
            DeleteFile(stored?.Key);
            var prefix = $"resources[{index.ToString(CultureInfo.InvariantCulture)}].";
            throw result.NotFound ? CkanException.NotFound("Not found")
                : CkanException.Validation(result.Errors.ToDictionary(e => e.Key.StartsWith(prefix, StringComparison.Ordinal) ? e.Key[prefix.Length..] : e.Key, e => e.Value));
        }

        if (stored is not null && existing?.StorageKey is { } replaced && replaced != stored.Key)
        {
            DeleteFile(replaced);
        }

        var saved = await packages.VisibleAsync(dataset.Id.ToString(), call, cancellationToken);
        return CkanPackageMapping.Resource(saved, saved.Resources.First(r => r.Id == resource.Id), await packages.ViewAsync(saved, call, cancellationToken));
    }

    /// <summary>
    /// What a change starts from: a new id for a create, the stored resource for a patch, and for an update
    /// only its id and link (an upload keeps its file facts unless a new link or file replaces it).
    /// </summary>
    private ResourceInput Basis(Resource? existing, ResourceInput? stored, JsonObject parameters)
    {
        if (existing is null || stored is null)
        {
            return new ResourceInput { Id = Guid.CreateVersion7() };
        }

        if (change == ResourceChange.Patch)
        {
            return stored with { StorageKey = null };
        }

        var keepsFile = existing.StorageKey is not null && !parameters.ContainsKey("url");
        return new ResourceInput
        {
            Id = existing.Id,
            Url = stored.Url,
            Size = keepsFile ? stored.Size : null,
            Checksum = keepsFile ? stored.Checksum : null,
            MediaType = keepsFile ? stored.MediaType : null,
            Format = keepsFile ? stored.Format : null,
        };
    }

    private void DeleteFile(string? key)
    {
        if (key is not null && files.Exists(key))
        {
            files.Delete(key);
        }
    }
}
