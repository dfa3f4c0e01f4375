using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Search;
using Stadtkern.Features.Catalog.Vocabularies;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Catalog.Ckan;

/// <summary><c>status_show</c>: which CKAN this behaves like, the site's title and the extensions it offers.</summary>
internal sealed class StatusShow(TenantContext tenant, IServiceProvider services) : ICkanAction
{
    /// <summary>The CKAN version whose Action API this implements (clients branch on it).</summary>
    public const string CkanVersion = "2.10.4";

    public string Name => "status_show";

    public Task<object?> ExecuteAsync(CkanCall call, CancellationToken cancellationToken)
    {
        var names = services.GetServices<ICkanAction>().Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var extensions = new List<string> { "stadtkern", "activity" };
        if (names.Any(n => n.StartsWith("datastore_", StringComparison.Ordinal)))
        {
            extensions.Add("datastore");
        }

        return Task.FromResult<object?>(new JsonObject
        {
            ["site_title"] = $"{tenant.Required.Name} – Offene Daten",
            ["site_description"] = tenant.Required.Description ?? "",
            ["site_url"] = CkanEndpoint.BaseUrl(call.Http.Request),
            ["ckan_version"] = CkanVersion,
            ["error_emails_to"] = null,
            ["locale_default"] = "de",
            ["extensions"] = new JsonArray([.. extensions.Select(e => (JsonNode)JsonValue.Create(e))]),
        });
    }
}

/// <summary><c>tag_list</c>: tags of the datasets the caller may see (<c>query</c> filters by substring, <c>all_fields</c> gives dicts).</summary>
internal sealed class TagList(DatasetSearch search) : ICkanAction
{
    public string Name => "tag_list";

    public async Task<object?> ExecuteAsync(CkanCall call, CancellationToken cancellationToken)
    {
        var json = new CkanJson(call.Parameters);
        var query = json.Text("query") ?? json.Text("q");
        var allFields = json.Bool("all_fields") ?? false;
        json.ThrowIfInvalid();
        var hits = await search.SearchAsync(new DatasetQuery { Rows = 0, FacetFields = ["tags"], FacetLimit = -1, IncludeInternal = true }, call.Caller, cancellationToken);
        var tags = (hits.Facets.GetValueOrDefault("tags") ?? []).Select(f => f.Value)
            .Where(t => string.IsNullOrEmpty(query) || t.Contains(query, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        return allFields
            ? new JsonArray([.. tags.Select(t => (JsonNode)new JsonObject { ["name"] = t, ["display_name"] = t, ["vocabulary_id"] = null })])
            : new JsonArray([.. tags.Select(t => (JsonNode)JsonValue.Create(t))]);
    }
}

/// <summary><c>license_list</c>: the DCAT-AP.de licences.</summary>
internal sealed class LicenseList : ICkanAction
{
    public string Name => "license_list";

    public Task<object?> ExecuteAsync(CkanCall call, CancellationToken cancellationToken) =>
        Task.FromResult<object?>(new JsonArray([.. Licenses.All.Select(l => (JsonNode)new JsonObject
        {
            ["id"] = l.Id,
            ["title"] = l.Title,
            ["url"] = l.Url,
            ["uri"] = l.Uri,
            ["od_conformance"] = l.IsOpen ? "approved" : "not reviewed",
            ["osd_conformance"] = "not reviewed",
            ["status"] = "active",
            ["maintainer"] = "",
            ["family"] = "",
            ["domain_content"] = false,
            ["domain_data"] = true,
            ["domain_software"] = false,
            ["is_generic"] = l.Id.StartsWith("other-", StringComparison.Ordinal),
            ["is_okd_compliant"] = l.IsOpen,
            ["is_osi_compliant"] = false,
        })]));
}

/// <summary><c>package_activity_list</c>: who changed a dataset when (newest first; limit, offset).</summary>
internal sealed class PackageActivityList(CkanPackages packages, StadtkernDb db) : ICkanAction
{
    public string Name => "package_activity_list";

    public async Task<object?> ExecuteAsync(CkanCall call, CancellationToken cancellationToken)
    {
        var json = new CkanJson(call.Parameters);
        var limit = json.Int("limit", 31, 0, 100);
        var offset = json.Int("offset", 0, 0, int.MaxValue);
        var id = json.Text("id");
        json.ThrowIfInvalid();
        var dataset = await packages.VisibleAsync(id, call, cancellationToken);
        var activities = await db.Set<DatasetActivity>().AsNoTracking().Where(a => a.DatasetId == dataset.Id)
            .OrderByDescending(a => a.Version).Skip(offset).Take(limit)
            .Select(a => new { a.Id, a.Timestamp, a.Actor, a.Action, a.Version })
            .ToListAsync(cancellationToken);

        // The snapshot is not returned: it holds resource links that restricted datasets keep from outsiders.
        return new JsonArray([.. activities.Select(a => (JsonNode)new JsonObject
        {
            ["id"] = a.Id.ToString(),
            ["timestamp"] = CkanPackageMapping.Timestamp(a.Timestamp),
            ["user_id"] = a.Actor,
            ["object_id"] = dataset.Id.ToString(),
            ["activity_type"] = a.Action,
            ["data"] = new JsonObject
            {
                ["package"] = new JsonObject { ["id"] = dataset.Id.ToString(), ["name"] = dataset.Name, ["title"] = dataset.Title, ["version"] = a.Version },
            },
        })]);
    }
}

/// <summary><c>help_show</c>: the target of every response's <c>help</c> link.</summary>
internal sealed class HelpShow(IServiceProvider services) : ICkanAction
{
    public string Name => "help_show";

    public Task<object?> ExecuteAsync(CkanCall call, CancellationToken cancellationToken)
    {
        var name = call.RequiredString("name");
        return services.GetServices<ICkanAction>().Any(a => a.Name == name)
            ? Task.FromResult<object?>($"Stadtkern implementiert die CKAN-Aktion {name} (CKAN {StatusShow.CkanVersion}); siehe docs/catalog/ckan.md.")
            : throw CkanException.NotFound("Not found: Action function not found");
    }
}
