using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Sensing.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Alerts.Displays;

/// <summary>Everything a display shows, in priority order: active alerts first, then the tiles of its rotation.</summary>
internal sealed record DisplayContent(
    DisplayInfo Display,
    DisplayBranding Branding,
    int PollSeconds,
    int RotationSeconds,
    bool AlertActive,
    IReadOnlyList<DisplayAlert> Alerts,
    IReadOnlyList<TileContent> Tiles);

internal sealed record DisplayInfo(Guid Id, string Name, string? LocationText, string? District, string Orientation);

internal sealed record DisplayBranding(string CityName, string PrimaryColor, string? LogoUrl);

/// <summary>An active alert as a display shows it (from the alert's CAP info block in German where there is one).</summary>
internal sealed record DisplayAlert(
    Guid Id,
    string Severity,
    string Urgency,
    string Event,
    string Headline,
    string? Description,
    string? Instruction,
    string AreaDesc,
    DateTimeOffset? Published,
    DateTimeOffset? Expires,
    string? Web,
    string Source);

/// <summary>One tile with its current content. <see cref="Available"/> false (with <see cref="Error"/>) when its source failed.</summary>
internal sealed record TileContent(
    string Type,
    string Title,
    bool Available,
    string? Error,
    IReadOnlyList<NewsItem>? News = null,
    IReadOnlyList<SensorValue>? Sensors = null,
    IReadOnlyList<Departure>? Departures = null);

internal sealed record NewsItem(string Title, string Url, DateTimeOffset Modified);

/// <summary>The latest value of a public Datastream; <see cref="Value"/> is the SensorThings result as it was sent (number, text, ...).</summary>
internal sealed record SensorValue(long DatastreamId, string Name, JsonElement? Value, string? Unit, DateTimeOffset? Time);

/// <summary>The alerts a display shows: the current tenant's active alerts, the most severe first.</summary>
internal interface IDisplayAlerts
{
    Task<IReadOnlyList<DisplayAlert>> ActiveAsync(CancellationToken cancellationToken);
}

/// <summary>Builds a display's content and its ETag (a hash of exactly the bytes sent, so an unchanged screen costs a 304).</summary>
internal sealed class ReadDisplayContent(
    StadtkernDb db, TenantContext tenant, IDisplayAlerts alerts, FetchDepartures departures, IOptions<DisplayOptions> options)
{
    public async Task<DisplayContent> ReadAsync(Display display, string pathBase, CancellationToken cancellationToken)
    {
        var layout = DisplayLayout.Read(display.Layout);
        var active = await alerts.ActiveAsync(cancellationToken);
        var tiles = new List<TileContent>(layout.Tiles.Count);
        foreach (var tile in layout.Tiles)
        {
            var title = string.IsNullOrWhiteSpace(tile.Title) ? DisplayTileTypes.DefaultTitle(tile.Type) : tile.Title;
            tiles.Add(tile.Type switch
            {
                DisplayTileTypes.News => new TileContent(tile.Type, title, true, null, News: await NewsAsync(tile.Count, pathBase, cancellationToken)),
                DisplayTileTypes.Sensors => new TileContent(tile.Type, title, true, null, Sensors: await SensorsAsync(tile.DatastreamIds ?? [], cancellationToken)),
                DisplayTileTypes.Departures => await DeparturesAsync(tile, title, cancellationToken),
                _ => new TileContent(tile.Type, title, false, "Unbekannte Kachel."),
            });
        }

        var city = tenant.Required;
        return new DisplayContent(
            new DisplayInfo(display.Id, display.Name, display.LocationText, display.District, display.Orientation),
            new DisplayBranding(city.Name, city.PrimaryColor, city.LogoUrl),
            options.Value.PollSeconds,
            layout.RotationSeconds,
            active.Count > 0,
            active,
            tiles);
    }

    public static (byte[] Body, string ETag) Serialize(DisplayContent content)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(content, DisplayLayout.Json);
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 16)) + "\"";
        return (body, etag);
    }

    private async Task<IReadOnlyList<NewsItem>> NewsAsync(int count, string pathBase, CancellationToken cancellationToken)
    {
        var rows = await db.Set<Dataset>().AsNoTracking()
            .Where(d => d.Access == AccessLevel.Public && d.State == DatasetState.Active)
            .OrderByDescending(d => d.Modified).ThenBy(d => d.Name)
            .Take(Math.Clamp(count, 1, 10))
            .Select(d => new { d.Title, d.Name, d.Modified })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new NewsItem(r.Title, $"{pathBase}/daten/{r.Name}", r.Modified))];
    }

    /// <summary>Only public Datastreams (by their own level, else their Thing's): a stele stands in the street.</summary>
    private async Task<IReadOnlyList<SensorValue>> SensorsAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().Take(12).ToList();
        var rows = await (
                from d in db.Set<Datastream>().AsNoTracking()
                join t in db.Set<Thing>().AsNoTracking() on d.ThingId equals t.Id
                where wanted.Contains(d.Id) && (d.AccessLevel ?? t.AccessLevel) == SensingAccessLevels.Public
                select new { d.Id, d.Name, d.LatestResult, d.UnitOfMeasurement, d.LatestPhenomenonTime })
            .ToListAsync(cancellationToken);
        var byId = rows.ToDictionary(r => r.Id);
        return [.. wanted.Where(byId.ContainsKey).Select(id => byId[id]).Select(r =>
            new SensorValue(r.Id, r.Name, Parse(r.LatestResult), UnitSymbol(r.UnitOfMeasurement), r.LatestPhenomenonTime))];
    }

    private async Task<TileContent> DeparturesAsync(DisplayTile tile, string title, CancellationToken cancellationToken)
    {
        var board = await departures.GetAsync(tile.Url ?? "", cancellationToken);
        return new TileContent(tile.Type, title, board.Available, board.Error, Departures: board.Departures);
    }

    private static JsonElement? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static string? UnitSymbol(string unit)
    {
        try
        {
            using var document = JsonDocument.Parse(unit);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("symbol", out var symbol) && symbol.ValueKind == JsonValueKind.String
                ? symbol.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
