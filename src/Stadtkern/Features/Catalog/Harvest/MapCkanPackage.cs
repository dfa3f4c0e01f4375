using System.Globalization;
using System.Text.Json;
using Stadtkern.Features.Catalog.Store;

namespace Stadtkern.Features.Catalog.Harvest;

/// <summary>
/// Maps a CKAN package dict (as <c>package_search</c> returns it, from CKAN with ckanext-dcat/dcatde or from
/// another Stadtkern) to the catalog's input. DCAT fields are read from top-level keys or from extras; extras
/// that were not mapped stay extras.
/// </summary>
internal static class MapCkanPackage
{
    /// <summary>Extras that become fields and so are not copied as extras.</summary>
    private static readonly HashSet<string> MappedExtras = new(StringComparer.OrdinalIgnoreCase)
    {
        "theme", "themes", "issued", "modified", "temporal_start", "temporal_end", "spatial", "frequency", "accrual_periodicity",
        "contact_name", "contact_email", "contact_uri", "contact_url", "politicalGeocodingURI", "political_geocoding_uri",
        "licenseAttributionByText", "license_attribution", "landing_page", "harvest_object_id", "harvest_source_id", "harvest_source_title",
    };

    public static HarvestedRecord Map(JsonElement package)
    {
        var id = Text(package, "id") ?? Text(package, "name");
        if (id is null)
        {
            return HarvestedRecord.Broken("(ohne id)", "Der Datensatz hat weder id noch name.");
        }

        try
        {
            return MapValid(package, id);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            return HarvestedRecord.Broken(id, "Nicht lesbar: " + e.Message);
        }
    }

    private static HarvestedRecord MapValid(JsonElement package, string id)
    {
        var extras = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (package.TryGetProperty("extras", out var extraList) && extraList.ValueKind == JsonValueKind.Array)
        {
            foreach (var extra in extraList.EnumerateArray())
            {
                if (Text(extra, "key") is { } key && Text(extra, "value") is { } value)
                {
                    extras[key] = value;
                }
            }
        }

        string? Field(params string[] names) =>
            names.Select(n => Text(package, n)).FirstOrDefault(v => v is not null) ?? names.Select(n => extras.GetValueOrDefault(n)).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

        var modified = HarvestText.ParseInstant(Text(package, "metadata_modified")) ?? HarvestText.ParseInstant(Field("modified"));
        var organization = package.TryGetProperty("organization", out var org) && org.ValueKind == JsonValueKind.Object ? org : default;
        var publisherName = organization.ValueKind == JsonValueKind.Object ? Text(organization, "name") : null;
        var publisherTitle = organization.ValueKind == JsonValueKind.Object ? Text(organization, "title") ?? publisherName : null;

        var input = new DatasetInput
        {
            Name = Text(package, "name") ?? HarvestText.Slugify(Text(package, "title")),
            Title = Text(package, "title") ?? Text(package, "name") ?? "",
            Notes = Text(package, "notes"),
            Tags = [.. Strings(package, "tags", "name").Select(HarvestText.CleanTag).OfType<string>().Distinct(StringComparer.Ordinal)],
            Themes = [.. Themes(package, extras)],
            LicenseId = HarvestText.LicenseId(Text(package, "license_id")),
            LicenseAttribution = Field("license_attribution", "licenseAttributionByText"),
            ContactName = Field("contact_name", "maintainer", "author"),
            ContactEmail = Field("contact_email", "maintainer_email", "author_email"),
            ContactUrl = Url(Field("contact_uri", "contact_url", "maintainer_url")),
            LandingPage = Url(Field("landing_page", "url")),
            TemporalStart = HarvestText.ParseDate(Field("temporal_start")),
            TemporalEnd = HarvestText.ParseDate(Field("temporal_end")),
            SpatialGeoJson = Spatial(package, extras),
            PoliticalGeocodingUri = Url(Field("political_geocoding_uri", "politicalGeocodingURI")),
            Frequency = HarvestText.VocabularyCode(Field("frequency", "accrual_periodicity")),
            Issued = HarvestText.ParseInstant(Field("issued")) ?? HarvestText.ParseInstant(Text(package, "metadata_created")),
            Modified = modified,
            Extras = [.. extras.Where(e => !MappedExtras.Contains(e.Key)).OrderBy(e => e.Key, StringComparer.Ordinal)
                .Select(e => KeyValuePair.Create(e.Key.Length > 100 ? e.Key[..100] : e.Key, e.Value))],
            Resources = [.. Resources(package)],
            HarvestIdentifier = id,
        };
        return new HarvestedRecord(id, modified, input, publisherName, publisherTitle);
    }

    private static IEnumerable<string> Themes(JsonElement package, Dictionary<string, string> extras)
    {
        var values = new List<string>();
        foreach (var name in new[] { "theme", "themes" })
        {
            if (package.TryGetProperty(name, out var top))
            {
                values.AddRange(top.ValueKind == JsonValueKind.Array
                    ? top.EnumerateArray().Select(t => t.ValueKind == JsonValueKind.String ? t.GetString() : null).OfType<string>()
                    : Split(top.ValueKind == JsonValueKind.String ? top.GetString() : null));
            }

            if (extras.TryGetValue(name, out var extra))
            {
                values.AddRange(Split(extra));
            }
        }

        return values.Select(HarvestText.VocabularyCode).OfType<string>().Distinct(StringComparer.Ordinal);
    }

    /// <summary>ckanext-dcat stores lists in extras as JSON arrays; others use commas.</summary>
    private static IEnumerable<string> Split(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        if (value.TrimStart().StartsWith('['))
        {
            try
            {
                return JsonSerializer.Deserialize<string[]>(value) ?? [];
            }
            catch (JsonException)
            {
                return [];
            }
        }

        return value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static string? Spatial(JsonElement package, Dictionary<string, string> extras)
    {
        if (package.TryGetProperty("spatial", out var spatial) && spatial.ValueKind == JsonValueKind.Object)
        {
            return spatial.GetRawText();
        }

        var text = Text(package, "spatial") ?? extras.GetValueOrDefault("spatial");
        return text is not null && text.TrimStart().StartsWith('{') && GeoJsonBounds.TryParse(text, out _) is not null ? text : null;
    }

    private static IEnumerable<ResourceInput> Resources(JsonElement package)
    {
        if (!package.TryGetProperty("resources", out var resources) || resources.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var resource in resources.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object))
        {
            var hash = Text(resource, "hash");
            if (hash is not null && hash.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase))
            {
                hash = hash[7..];
            }

            yield return new ResourceInput
            {
                Name = Text(resource, "name") ?? "",
                Description = Text(resource, "description"),
                Url = Text(resource, "url") ?? "",
                Format = Format(Text(resource, "format")),
                MediaType = Text(resource, "mimetype"),
                Size = resource.TryGetProperty("size", out var size) ? Long(size) : null,
                Checksum = hash is { Length: 64 } && hash.All(char.IsAsciiHexDigit) ? hash : null,
            };
        }
    }

    private static string? Format(string? format)
    {
        if (string.IsNullOrWhiteSpace(format))
        {
            return null;
        }

        var code = format.Contains('/', StringComparison.Ordinal) ? HarvestText.VocabularyCode(format) : format.Trim().TrimStart('.').ToUpperInvariant();
        return code is { Length: <= 50 } ? code : null;
    }

    private static long? Long(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var n) => n,
        JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };

    private static string? Url(string? value) => value is not null && ValidateDataset.IsHttpUrl(value) ? value : null;

    private static IEnumerable<string> Strings(JsonElement parent, string arrayName, string property) =>
        parent.TryGetProperty(arrayName, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Object ? Text(e, property) : e.ValueKind == JsonValueKind.String ? e.GetString() : null).OfType<string>()
            : [];

    /// <summary>A property as non-blank text (numbers and booleans as written), else null.</summary>
    public static string? Text(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }
}
