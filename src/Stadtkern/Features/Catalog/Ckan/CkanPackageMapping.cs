using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Features.Catalog.Vocabularies;

namespace Stadtkern.Features.Catalog.Ckan;

/// <summary>What the caller may see of a dataset's data, decided by <c>DataAccess</c> before mapping.</summary>
internal sealed record CkanView(string BaseUrl, bool DataVisible);

/// <summary>
/// The CKAN package dict both ways: <see cref="Dataset"/> to CKAN JSON (with the DCAT-AP.de fields GovData
/// harvests as extras), and CKAN JSON (top-level keys or extras) onto a <see cref="DatasetInput"/>.
/// </summary>
internal static partial class CkanPackageMapping
{
    public const string ThemeUri = "http://publications.europa.eu/resource/authority/data-theme/";

    public const string FrequencyUri = "http://publications.europa.eu/resource/authority/frequency/";

    /// <summary>Extras that are dataset fields, read from extras or top-level keys and written as extras.</summary>
    private static readonly HashSet<string> FieldExtras = new(StringComparer.Ordinal)
    {
        "theme", "dcat_theme", "temporal_start", "temporal_end", "spatial", "politicalGeocodingURI",
        "frequency", "licenseAttributionByText", "access_level", "issued",
    };

    /// <summary>CKAN fields without a column of their own: kept as extras, shown top-level only.</summary>
    private static readonly string[] HiddenExtras = ["author", "author_email"];

    // ---------- Dataset → CKAN ----------

    public static JsonObject ToPackage(Dataset dataset, IReadOnlyList<CatalogGroup> groups, CkanView view)
    {
        var license = Licenses.Find(dataset.LicenseId);
        var hidden = dataset.Extras.Where(e => HiddenExtras.Contains(e.Key)).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        var package = new JsonObject
        {
            ["id"] = dataset.Id.ToString(),
            ["name"] = dataset.Name,
            ["title"] = dataset.Title,
            ["type"] = "dataset",
            ["notes"] = dataset.Notes,
            ["state"] = dataset.State == DatasetState.Active ? "active" : "deleted",
            ["private"] = dataset.Access == AccessLevel.Internal,
            ["access_level"] = dataset.Access.Key(),
            ["owner_org"] = dataset.OrganizationId.ToString(),
            ["organization"] = dataset.Organization is { } organization ? Organization(organization) : null,
            ["author"] = hidden.GetValueOrDefault("author"),
            ["author_email"] = hidden.GetValueOrDefault("author_email"),
            ["maintainer"] = dataset.ContactName,
            ["maintainer_email"] = dataset.ContactEmail,
            ["maintainer_url"] = dataset.ContactUrl,
            ["url"] = dataset.LandingPage,
            ["license_id"] = dataset.LicenseId,
            ["license_title"] = license?.Title ?? dataset.LicenseId,
            ["license_url"] = license?.Url,
            ["isopen"] = license?.IsOpen ?? false,
            ["version"] = null,
            ["metadata_created"] = Timestamp(dataset.Created),
            ["metadata_modified"] = Timestamp(dataset.Modified),
            ["num_resources"] = dataset.Resources.Count,
            ["num_tags"] = dataset.Tags.Count,
            ["tags"] = new JsonArray([.. dataset.Tags.Select(t => (JsonNode)new JsonObject
            {
                ["name"] = t, ["display_name"] = t, ["state"] = "active", ["vocabulary_id"] = null,
            })]),
            ["groups"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject
            {
                ["id"] = g.Id.ToString(), ["name"] = g.Name, ["title"] = g.Title, ["display_name"] = g.Title,
                ["description"] = g.Description ?? "", ["image_display_url"] = g.ImageUrl ?? "",
            })]),
            ["extras"] = Extras(dataset),
            ["resources"] = new JsonArray([.. dataset.Resources.OrderBy(r => r.Position).Select(r => (JsonNode)Resource(dataset, r, view))]),
            ["relationships_as_object"] = new JsonArray(),
            ["relationships_as_subject"] = new JsonArray(),
        };
        if (!view.DataVisible)
        {
            package["access_request_url"] = AccessRequestUrl(dataset, view);
        }

        return package;
    }

    public static JsonObject Organization(Organization organization, int? packageCount = null)
    {
        var dict = new JsonObject
        {
            ["id"] = organization.Id.ToString(),
            ["name"] = organization.Name,
            ["title"] = organization.Title,
            ["display_name"] = organization.Title,
            ["description"] = organization.Description ?? "",
            ["image_url"] = organization.ImageUrl ?? "",
            ["image_display_url"] = organization.ImageUrl ?? "",
            ["created"] = Timestamp(organization.Created),
            ["is_organization"] = true,
            ["type"] = "organization",
            ["state"] = "active",
            ["approval_status"] = "approved",
        };
        if (packageCount is { } count)
        {
            dict["package_count"] = count;
        }

        return dict;
    }

    public static JsonObject Group(CatalogGroup group, int? packageCount = null)
    {
        var dict = new JsonObject
        {
            ["id"] = group.Id.ToString(),
            ["name"] = group.Name,
            ["title"] = group.Title,
            ["display_name"] = group.Title,
            ["description"] = group.Description ?? "",
            ["image_url"] = group.ImageUrl ?? "",
            ["image_display_url"] = group.ImageUrl ?? "",
            ["created"] = Timestamp(group.Created),
            ["is_organization"] = false,
            ["type"] = "group",
            ["state"] = "active",
            ["approval_status"] = "approved",
        };
        if (packageCount is { } count)
        {
            dict["package_count"] = count;
        }

        return dict;
    }

    /// <summary>
    /// A resource dict. Uploads point at this instance's download URL; when the caller may not use the data
    /// (restricted dataset without a grant) the URL is empty and <c>access_restricted</c> says why.
    /// </summary>
    public static JsonObject Resource(Dataset dataset, Resource resource, CkanView view)
    {
        var url = resource.StorageKey is null ? resource.Url : DownloadUrl(view.BaseUrl, dataset.Id, resource.Id, FileNameOf(resource));
        var dict = new JsonObject
        {
            ["id"] = resource.Id.ToString(),
            ["package_id"] = dataset.Id.ToString(),
            ["name"] = resource.Name,
            ["description"] = resource.Description ?? "",
            ["url"] = view.DataVisible ? url : "",
            ["format"] = resource.Format ?? "",
            ["mimetype"] = resource.MediaType,
            ["size"] = resource.Size,
            ["hash"] = resource.Checksum ?? "",
            ["created"] = Timestamp(resource.Created),
            ["last_modified"] = Timestamp(resource.Modified),
            ["metadata_modified"] = Timestamp(resource.Modified),
            ["url_type"] = resource.StorageKey is null ? null : "upload",
            ["datastore_active"] = resource.DatastoreActive,
            ["position"] = resource.Position,
            ["state"] = "active",
        };
        if (!view.DataVisible)
        {
            dict["access_restricted"] = true;
            dict["access_request_url"] = AccessRequestUrl(dataset, view);
        }

        return dict;
    }

    public static string DownloadUrl(string baseUrl, Guid datasetId, Guid resourceId, string fileName) =>
        $"{baseUrl}/dataset/{datasetId}/resource/{resourceId}/download/{Uri.EscapeDataString(fileName)}";

    /// <summary>The file name of an upload: the last segment of its stored download URL.</summary>
    public static string FileNameOf(Resource resource)
    {
        var path = Uri.TryCreate(resource.Url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : resource.Url;
        var last = path[(path.LastIndexOf('/') + 1)..];
        return CkanFormats.SafeFileName(Uri.UnescapeDataString(last));
    }

    private static string AccessRequestUrl(Dataset dataset, CkanView view) => $"{view.BaseUrl}/daten/{dataset.Name}/zugang";

    /// <summary>CKAN's timestamp format: UTC without offset, microseconds.</summary>
    public static string Timestamp(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    private static JsonArray Extras(Dataset dataset)
    {
        var extras = new List<(string Key, string Value)>();
        extras.AddRange(dataset.Extras.Where(e => !HiddenExtras.Contains(e.Key)).Select(e => (e.Key, e.Value)));
        if (dataset.Themes.Count > 0)
        {
            extras.Add(("theme", new JsonArray([.. dataset.Themes.Select(t => (JsonNode)JsonValue.Create(ThemeUri + t))]).ToJsonString()));
        }

        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                extras.Add((key, value));
            }
        }

        Add("issued", Timestamp(dataset.Issued));
        Add("temporal_start", dataset.TemporalStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("temporal_end", dataset.TemporalEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("spatial", dataset.SpatialGeoJson);
        Add("politicalGeocodingURI", dataset.PoliticalGeocodingUri);
        Add("frequency", dataset.Frequency is null ? null : FrequencyUri + dataset.Frequency);
        Add("licenseAttributionByText", dataset.LicenseAttribution);
        Add("access_level", dataset.Access.Key());
        return new JsonArray([.. extras.Select(e => (JsonNode)new JsonObject { ["key"] = e.Key, ["value"] = e.Value })]);
    }

    // ---------- CKAN → DatasetInput ----------

    /// <summary>
    /// Applies the keys present in the parameters of <paramref name="json"/> onto <paramref name="input"/> (absent keys keep
    /// their value: a patch starts from the stored dataset, a create from an empty input). Type errors are
    /// collected in <paramref name="json"/>.
    /// </summary>
    public static DatasetInput Apply(DatasetInput input, CkanJson json)
    {
        var p = json.Parameters;
        if (json.Has("name"))
        {
            input = input with { Name = json.Text("name")?.Trim() ?? "" };
        }

        if (json.Has("title"))
        {
            input = input with { Title = json.Text("title") ?? "" };
        }

        if (json.Has("notes"))
        {
            input = input with { Notes = json.Text("notes") };
        }

        if (json.Has("owner_org"))
        {
            input = input with { Organization = json.Text("owner_org") ?? "" };
        }
        else if (p["organization"] is JsonObject organization && (organization["id"] ?? organization["name"]) is { } orgId)
        {
            input = input with { Organization = json.Text(orgId, "organization") ?? "" };
        }

        if (json.Has("maintainer"))
        {
            input = input with { ContactName = json.Text("maintainer") };
        }

        if (json.Has("maintainer_email"))
        {
            input = input with { ContactEmail = json.Text("maintainer_email") };
        }

        if (json.Has("maintainer_url"))
        {
            input = input with { ContactUrl = json.Text("maintainer_url") };
        }

        if (json.Has("url"))
        {
            input = input with { LandingPage = json.Text("url") };
        }

        if (json.Has("license_id"))
        {
            input = input with { LicenseId = json.Text("license_id") };
        }

        if (json.Has("tags"))
        {
            input = input with { Tags = Names(json, "tags") };
        }
        else if (json.Has("tag_string"))
        {
            input = input with { Tags = [.. (json.Text("tag_string") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] };
        }

        if (json.Has("groups"))
        {
            input = input with { Groups = Names(json, "groups") };
        }

        // Extras: custom ones are replaced when "extras" is given; field extras and top-level keys set fields.
        var fieldValues = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var custom = input.Extras.Where(e => !HiddenExtras.Contains(e.Key)).ToList();
        if (json.List("extras") is { } extras)
        {
            custom = [];
            foreach (var item in extras)
            {
                if (item is not JsonObject extra || json.Text(extra["key"], "extras") is not { Length: > 0 } key)
                {
                    json.Fail("extras", "Jedes Zusatzfeld braucht die Form {\"key\": ..., \"value\": ...}.");
                    continue;
                }

                if (extra["deleted"] is JsonValue deleted && deleted.ToJsonString() is "true" or "\"on\"")
                {
                    continue;
                }

                if (FieldExtras.Contains(key))
                {
                    fieldValues[key] = extra["value"]?.DeepClone();
                }
                else if (!HiddenExtras.Contains(key))
                {
                    custom.RemoveAll(e => e.Key == key);
                    custom.Add(KeyValuePair.Create(key, CkanJson.AsText(extra["value"])));
                }
            }
        }

        foreach (var key in FieldExtras.Where(json.Has))
        {
            fieldValues[key] = p[key]?.DeepClone();
        }

        input = ApplyFields(input, fieldValues, json);
        if (json.Has("private") && json.Bool("private") is { } isPrivate && !fieldValues.ContainsKey("access_level"))
        {
            input = input with { Access = isPrivate ? AccessLevel.Internal : input.Access == AccessLevel.Internal ? AccessLevel.Public : input.Access };
        }

        var hidden = input.Extras.Where(e => HiddenExtras.Contains(e.Key)).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        foreach (var key in HiddenExtras.Where(json.Has))
        {
            if (json.Text(key) is { Length: > 0 } value)
            {
                hidden[key] = value;
            }
            else
            {
                hidden.Remove(key);
            }
        }

        input = input with { Extras = [.. custom, .. hidden.Select(h => KeyValuePair.Create(h.Key, h.Value))] };

        if (json.List("resources") is { } resources)
        {
            var existing = input.Resources.Where(r => r.Id is not null).ToDictionary(r => r.Id!.Value);
            var list = new List<ResourceInput>();
            for (var i = 0; i < resources.Count; i++)
            {
                if (resources[i] is not JsonObject resource)
                {
                    json.Fail($"resources[{i.ToString(CultureInfo.InvariantCulture)}]", "Eine Ressource muss ein Objekt sein.");
                    continue;
                }

                var id = ResourceId(resource, json, $"resources[{i.ToString(CultureInfo.InvariantCulture)}].id");
                var basis = id is { } known && existing.TryGetValue(known, out var kept) ? kept with { StorageKey = null } : new ResourceInput { Id = id };
                list.Add(ApplyResource(basis, resource, json, $"resources[{i.ToString(CultureInfo.InvariantCulture)}]."));
            }

            input = input with { Resources = list };
        }

        return input;
    }

    private static DatasetInput ApplyFields(DatasetInput input, Dictionary<string, JsonNode?> values, CkanJson json)
    {
        foreach (var (key, node) in values)
        {
            var text = key is "theme" or "dcat_theme" or "spatial" ? null : json.Text(node, key);
            switch (key)
            {
                case "theme" or "dcat_theme":
                    input = input with { Themes = Themes(node, json, key) };
                    break;
                case "temporal_start":
                    input = input with { TemporalStart = json.Date(text, key) };
                    break;
                case "temporal_end":
                    input = input with { TemporalEnd = json.Date(text, key) };
                    break;
                case "spatial":
                    input = input with { SpatialGeoJson = node is null ? null : CkanJson.AsText(node) is { Length: > 0 } geo ? geo : null };
                    break;
                case "politicalGeocodingURI":
                    input = input with { PoliticalGeocodingUri = text };
                    break;
                case "frequency":
                    input = input with { Frequency = LastSegment(text)?.ToUpperInvariant() };
                    break;
                case "licenseAttributionByText":
                    input = input with { LicenseAttribution = text };
                    break;
                case "issued":
                    input = input with { Issued = json.Instant(text, key) ?? input.Issued };
                    break;
                case "access_level":
                    if (AccessLevels.TryParse(text, out var level))
                    {
                        input = input with { Access = level };
                    }
                    else
                    {
                        json.Fail("access_level", "Muss public, internal oder restricted sein.");
                    }

                    break;
            }
        }

        return input;
    }

    /// <summary>Theme codes from a JSON list, JSON text of a list, or comma-separated text; EU URIs become their code.</summary>
    private static List<string> Themes(JsonNode? node, CkanJson json, string field)
    {
        var items = new List<string>();
        if (node is JsonArray array)
        {
            items.AddRange(array.Select(n => json.Text(n, field) ?? ""));
        }
        else if (json.Text(node, field) is { } text)
        {
            var trimmed = text.Trim();
            if (trimmed.StartsWith('['))
            {
                var list = new CkanJson(new JsonObject { [field] = trimmed }).List(field);
                if (list is null)
                {
                    json.Fail(field, "Keine gültige Liste von Themen.");
                    return [];
                }

                items.AddRange(list.Select(n => json.Text(n, field) ?? ""));
            }
            else
            {
                items.AddRange(trimmed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
        }

        return [.. items.Select(LastSegment).OfType<string>().Select(t => t.ToUpperInvariant()).Distinct(StringComparer.Ordinal)];
    }

    private static string? LastSegment(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim().TrimEnd('/');
        return trimmed.Contains("://", StringComparison.Ordinal) ? trimmed[(trimmed.LastIndexOf('/') + 1)..] : trimmed;
    }

    /// <summary>Tag or group names from <c>[{"name": ...}]</c>, <c>[{"id": ...}]</c> or plain strings.</summary>
    private static List<string> Names(CkanJson json, string key)
    {
        var names = new List<string>();
        foreach (var item in json.List(key) ?? [])
        {
            var name = item switch
            {
                JsonObject o => json.Text(o["name"] ?? o["id"], key),
                _ => json.Text(item, key),
            };
            if (!string.IsNullOrWhiteSpace(name))
            {
                names.Add(name.Trim());
            }
        }

        return names;
    }

    public static Guid? ResourceId(JsonObject resource, CkanJson json, string field)
    {
        var text = json.Text(resource["id"], field);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (Guid.TryParse(text, out var id))
        {
            return id;
        }

        json.Fail(field, "Keine gültige Ressourcen-ID (UUID).");
        return null;
    }

    /// <summary>Applies the resource keys present in <paramref name="resource"/>; <paramref name="prefix"/> names fields in errors.</summary>
    public static ResourceInput ApplyResource(ResourceInput basis, JsonObject resource, CkanJson json, string prefix)
    {
        var r = basis;
        if (resource.ContainsKey("name"))
        {
            r = r with { Name = json.Text(resource["name"], prefix + "name") ?? "" };
        }

        if (resource.ContainsKey("description"))
        {
            r = r with { Description = json.Text(resource["description"], prefix + "description") };
        }

        if (resource.ContainsKey("url"))
        {
            r = r with { Url = json.Text(resource["url"], prefix + "url")?.Trim() ?? "" };
        }

        if (resource.ContainsKey("format"))
        {
            r = r with { Format = LastSegment(json.Text(resource["format"], prefix + "format")) };
        }

        if (resource.ContainsKey("mimetype"))
        {
            r = r with { MediaType = json.Text(resource["mimetype"], prefix + "mimetype") };
        }

        if (resource.ContainsKey("size"))
        {
            r = r with { Size = json.Long(resource["size"], prefix + "size") };
        }

        if (resource.ContainsKey("hash"))
        {
            // Only SHA-256 is kept (other CKANs send MD5 or free text, which says nothing we can check).
            var hash = json.Text(resource["hash"], prefix + "hash")?.Trim();
            if (hash is not null && hash.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase))
            {
                hash = hash["sha256:".Length..];
            }

            r = r with { Checksum = hash is not null && Sha256Pattern().IsMatch(hash) ? hash : null };
        }

        return r;
    }

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Pattern();
}
