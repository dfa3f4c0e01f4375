using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stadtkern.Features.Alerts.Displays;

/// <summary>
/// What a display shows besides alerts (which always come first and need no tile): its tiles in rotation order and how long each
/// stays on screen. Stored as JSON on the display.
/// </summary>
internal sealed record DisplayLayout
{
    public const int MaxTiles = 12;

    /// <summary>Seconds each tile stays on screen in the rotation (5–300, default 15).</summary>
    public int RotationSeconds { get; init; } = 15;

    public IReadOnlyList<DisplayTile> Tiles { get; init; } = [];

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>A new display starts with the catalog news; staff add sensor and departure tiles.</summary>
    public static DisplayLayout Default { get; } = new() { Tiles = [new DisplayTile { Type = DisplayTileTypes.News, Title = "Neues aus der Stadt" }] };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static DisplayLayout Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Default;
        }

        try
        {
            return JsonSerializer.Deserialize<DisplayLayout>(json, Json) ?? Default;
        }
        catch (JsonException)
        {
            return Default;
        }
    }

    /// <summary>Field errors keyed like the request (<c>layout.tiles[1].url</c>); empty when the layout is usable.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (RotationSeconds is < 5 or > 300)
        {
            errors["layout.rotationSeconds"] = ["rotationSeconds must be between 5 and 300."];
        }

        if (Tiles is null || Tiles.Count > MaxTiles)
        {
            errors["layout.tiles"] = [$"A layout has at most {MaxTiles} tiles."];
            return errors;
        }

        for (var i = 0; i < Tiles.Count; i++)
        {
            var tile = Tiles[i];
            var key = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"layout.tiles[{i}]");
            if (tile is null || !DisplayTileTypes.IsKnown(tile.Type))
            {
                errors[key + ".type"] = ["type must be one of: news, sensors, departures."];
                continue;
            }

            if (tile.Title is { Length: > 100 })
            {
                errors[key + ".title"] = ["title has at most 100 characters."];
            }

            switch (tile.Type)
            {
                case DisplayTileTypes.News when tile.Count is < 1 or > 10:
                    errors[key + ".count"] = ["count must be between 1 and 10."];
                    break;
                case DisplayTileTypes.Sensors when tile.DatastreamIds is not { Count: > 0 and <= 12 } || tile.DatastreamIds.Any(id => id <= 0):
                    errors[key + ".datastreamIds"] = ["A sensor tile needs 1 to 12 positive Datastream ids."];
                    break;
                case DisplayTileTypes.Departures when !IsHttpUrl(tile.Url):
                    errors[key + ".url"] = ["A departures tile needs an absolute http(s) URL."];
                    break;
            }
        }

        return errors;
    }

    private static bool IsHttpUrl(string? url) =>
        url is { Length: <= 2000 }
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}

/// <summary>One tile of the rotation. Which fields count depends on <see cref="Type"/>.</summary>
internal sealed record DisplayTile
{
    /// <summary><c>news</c>, <c>sensors</c> or <c>departures</c>.</summary>
    public string Type { get; init; } = "";

    /// <summary>Heading on screen; a German default per type when empty.</summary>
    public string? Title { get; init; }

    /// <summary>news: how many of the latest public datasets (1–10, default 5).</summary>
    public int Count { get; init; } = 5;

    /// <summary>sensors: SensorThings Datastream ids whose latest value is shown (only public ones).</summary>
    public IReadOnlyList<long>? DatastreamIds { get; init; }

    /// <summary>departures: URL of a JSON departure board, fetched by the server.</summary>
    public string? Url { get; init; }
}

internal static class DisplayTileTypes
{
    public const string News = "news";
    public const string Sensors = "sensors";
    public const string Departures = "departures";

    public static bool IsKnown(string? type) => type is News or Sensors or Departures;

    public static string DefaultTitle(string type) => type switch
    {
        News => "Neues aus der Stadt",
        Sensors => "Messwerte",
        Departures => "Abfahrten",
        _ => "",
    };
}
