using System.Globalization;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Store;

namespace Stadtkern.Features.Catalog.Portal;

/// <summary>The stewards' editor form as posted: plain strings, turned into a <see cref="DatasetInput"/> by <see cref="ToInput"/>.</summary>
internal sealed class DatasetForm
{
    public string? Name { get; set; }

    public string? Title { get; set; }

    public string? Notes { get; set; }

    public string? Organization { get; set; }

    public string Access { get; set; } = "public";

    /// <summary>Comma-separated.</summary>
    public string? Tags { get; set; }

    public List<string> Themes { get; set; } = [];

    public List<string> Groups { get; set; } = [];

    public string? LicenseId { get; set; }

    public string? LicenseAttribution { get; set; }

    public string? ContactName { get; set; }

    public string? ContactEmail { get; set; }

    public string? ContactUrl { get; set; }

    public string? LandingPage { get; set; }

    public string? TemporalStart { get; set; }

    public string? TemporalEnd { get; set; }

    public string? SpatialGeoJson { get; set; }

    public string? Frequency { get; set; }

    /// <summary>One <c>Schlüssel = Wert</c> per line.</summary>
    public string? Extras { get; set; }

    public List<ResourceForm> Resources { get; set; } = [];

    public static DatasetForm From(Dataset dataset, IEnumerable<string> groups) => new()
    {
        Name = dataset.Name,
        Title = dataset.Title,
        Notes = dataset.Notes,
        Organization = dataset.Organization?.Name ?? dataset.OrganizationId.ToString(),
        Access = dataset.Access.Key(),
        Tags = string.Join(", ", dataset.Tags),
        Themes = [.. dataset.Themes],
        Groups = [.. groups],
        LicenseId = dataset.LicenseId,
        LicenseAttribution = dataset.LicenseAttribution,
        ContactName = dataset.ContactName,
        ContactEmail = dataset.ContactEmail,
        ContactUrl = dataset.ContactUrl,
        LandingPage = dataset.LandingPage,
        TemporalStart = dataset.TemporalStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TemporalEnd = dataset.TemporalEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        SpatialGeoJson = dataset.SpatialGeoJson,
        Frequency = dataset.Frequency,
        Extras = string.Join('\n', dataset.Extras.Select(e => e.Key + " = " + e.Value)),
        Resources = [.. dataset.Resources.OrderBy(r => r.Position).Select(r => new ResourceForm
        {
            Id = r.Id, Name = r.Name, Url = r.Url, Format = r.Format, MediaType = r.MediaType,
            Size = r.Size?.ToString(CultureInfo.InvariantCulture), Description = r.Description,
        })],
    };

    /// <summary>
    /// The input for the store, plus errors the form itself finds (dates, sizes, extras) keyed like the store's,
    /// and for each resource of the input the index of its form row (empty and removed rows are left out).
    /// </summary>
    public (DatasetInput Input, Dictionary<string, string[]> Errors, List<int> ResourceRows) ToInput(Dataset? existing)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        DateOnly? ParseDate(string? value, string field)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            errors[field] = ["Bitte ein Datum im Format JJJJ-MM-TT angeben."];
            return null;
        }

        var extras = new List<KeyValuePair<string, string>>();
        foreach (var line in (Extras ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                errors["extras"] = ["Jede Zeile braucht die Form „Schlüssel = Wert“."];
                continue;
            }

            extras.Add(KeyValuePair.Create(line[..equals].Trim(), line[(equals + 1)..].Trim()));
        }

        var resources = new List<ResourceInput>();
        var rows = new List<int>();
        for (var i = 0; i < Resources.Count; i++)
        {
            var row = Resources[i];
            if (row.Remove || row.IsEmpty)
            {
                continue;
            }

            long? size = null;
            if (!string.IsNullOrWhiteSpace(row.Size))
            {
                if (long.TryParse(row.Size.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
                {
                    size = bytes;
                }
                else
                {
                    errors[$"resources[{resources.Count}].size"] = ["Die Größe ist eine ganze Zahl von Bytes."];
                }
            }

            var kept = row.Id is { } id ? existing?.Resources.FirstOrDefault(r => r.Id == id) : null;
            resources.Add(new ResourceInput
            {
                Id = kept?.Id,
                Name = row.Name?.Trim() ?? "",
                Url = row.Url?.Trim() ?? "",
                Format = row.Format,
                MediaType = row.MediaType,
                Size = size,
                Description = row.Description,
                Checksum = kept?.Checksum,
                StorageKey = kept?.StorageKey,
            });
            rows.Add(i);
        }

        if (!AccessLevels.TryParse(Access, out var access))
        {
            errors["access"] = ["Bitte einen Zugang wählen: öffentlich, auf Antrag oder intern."];
        }

        var input = new DatasetInput
        {
            Name = Name?.Trim() ?? "",
            Title = Title?.Trim() ?? "",
            Notes = Notes,
            Organization = Organization?.Trim() ?? "",
            Access = access,
            Tags = [.. (Tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)],
            Themes = [.. Themes.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal)],
            Groups = [.. Groups.Where(g => !string.IsNullOrWhiteSpace(g)).Distinct(StringComparer.Ordinal)],
            LicenseId = LicenseId,
            LicenseAttribution = LicenseAttribution,
            ContactName = ContactName,
            ContactEmail = ContactEmail?.Trim(),
            ContactUrl = ContactUrl?.Trim(),
            LandingPage = LandingPage?.Trim(),
            TemporalStart = ParseDate(TemporalStart, "temporal_start"),
            TemporalEnd = ParseDate(TemporalEnd, "temporal_end"),
            SpatialGeoJson = SpatialGeoJson,
            PoliticalGeocodingUri = existing?.PoliticalGeocodingUri,
            Frequency = string.IsNullOrWhiteSpace(Frequency) ? null : Frequency,
            Issued = existing?.Issued,
            Extras = extras,
            Resources = resources,
            HarvestSourceId = existing?.HarvestSourceId,
            HarvestIdentifier = existing?.HarvestIdentifier,
        };
        return (input, errors, rows);
    }

    /// <summary>The quality score the dataset would get, computed the store's way on an unsaved copy.</summary>
    public static QualityReport PreviewQuality(DatasetInput input, Dataset? existing) => MeasureQuality.Of(new Dataset
    {
        Notes = input.Notes,
        Tags = [.. input.Tags],
        Themes = [.. input.Themes],
        LicenseId = string.IsNullOrWhiteSpace(input.LicenseId) ? null : input.LicenseId,
        LicenseAttribution = string.IsNullOrWhiteSpace(input.LicenseAttribution) ? null : input.LicenseAttribution,
        ContactEmail = string.IsNullOrWhiteSpace(input.ContactEmail) ? null : input.ContactEmail,
        ContactUrl = string.IsNullOrWhiteSpace(input.ContactUrl) ? null : input.ContactUrl,
        SpatialGeoJson = string.IsNullOrWhiteSpace(input.SpatialGeoJson) ? null : input.SpatialGeoJson,
        PoliticalGeocodingUri = "regional-key", // the store always sets one (the tenant's ARS)
        TemporalStart = input.TemporalStart,
        TemporalEnd = input.TemporalEnd,
        Frequency = input.Frequency,
        Resources = [.. input.Resources.Select(r => new Resource
        {
            Url = r.Url,
            Format = string.IsNullOrWhiteSpace(r.Format) ? null : r.Format,
            MediaType = string.IsNullOrWhiteSpace(r.MediaType) ? null : r.MediaType,
            Size = r.Size,
            Checksum = r.Checksum,
            StorageKey = r.StorageKey,
            DatastoreActive = r.Id is { } id && existing?.Resources.Any(e => e.Id == id && e.DatastoreActive) == true,
        })],
    });
}

/// <summary>One resource row of the editor.</summary>
internal sealed class ResourceForm
{
    public Guid? Id { get; set; }

    public string? Name { get; set; }

    public string? Url { get; set; }

    public string? Format { get; set; }

    public string? MediaType { get; set; }

    public string? Size { get; set; }

    public string? Description { get; set; }

    /// <summary>Ticked to delete an existing resource.</summary>
    public bool Remove { get; set; }

    public bool IsEmpty => Id is null && string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Url) && string.IsNullOrWhiteSpace(Format)
        && string.IsNullOrWhiteSpace(MediaType) && string.IsNullOrWhiteSpace(Size) && string.IsNullOrWhiteSpace(Description);
}
