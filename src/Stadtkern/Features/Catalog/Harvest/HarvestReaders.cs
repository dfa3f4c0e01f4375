using System.Text.Json;

namespace Stadtkern.Features.Catalog.Harvest;

/// <summary>
/// Where a run continues: the phase (<c>records</c>, then for incremental CKAN runs <c>ids</c>, the full identifier
/// list for deletion detection), the CKAN offset or the DCAT page URL, and how many records of that page are done.
/// </summary>
internal sealed record HarvestCursor(string Phase = HarvestCursor.Records, int Offset = 0, string? Url = null, int Skip = 0)
{
    public const string Records = "records";

    public const string Ids = "ids";

    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    public static HarvestCursor Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return new HarvestCursor();
        }

        try
        {
            return JsonSerializer.Deserialize<HarvestCursor>(json, JsonSerializerOptions.Web) ?? new HarvestCursor();
        }
        catch (JsonException)
        {
            return new HarvestCursor();
        }
    }
}

/// <summary>One page read from a source.</summary>
internal sealed record HarvestPage(
    IReadOnlyList<HarvestedRecord> Records,
    IReadOnlyList<string> Identifiers,
    HarvestCursor? Next,
    int? RecordsTotal,
    int? PagesTotal);

/// <summary>Reads a source page by page.</summary>
internal interface IHarvestReader
{
    /// <summary>Reads the page at <paramref name="cursor"/>; <paramref name="since"/> limits to records modified since then (when the source can filter).</summary>
    Task<HarvestPage> ReadAsync(HarvestSource source, HarvestCursor cursor, DateTimeOffset? since, CancellationToken cancellationToken);
}
