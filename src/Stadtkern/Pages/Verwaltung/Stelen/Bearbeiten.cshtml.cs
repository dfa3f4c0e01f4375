using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stadtkern.Features.Alerts.Displays;

namespace Stadtkern.Pages.Verwaltung.Stelen;

/// <summary>Edit one display: name, place, orientation and its rotation (news, sensor values, departures).</summary>
internal sealed class BearbeitenModel(ManageDisplays manage) : PageModel
{
    public DisplayResponse? Display { get; private set; }

    [BindProperty]
    public DisplayForm Form { get; set; } = new();

    public Dictionary<string, string[]> Errors { get; private set; } = [];

    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Display = await manage.FindAsync(id, cancellationToken);
        if (Display is null)
        {
            return NotFound();
        }

        Form = DisplayForm.From(Display);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var (input, errors) = Form.ToInput();
        if (errors.Count == 0)
        {
            (Display, errors) = await manage.UpdateAsync(id, input, cancellationToken);
            if (Display is null && errors.Count == 0)
            {
                return NotFound();
            }
        }

        Display ??= await manage.FindAsync(id, cancellationToken);
        if (Display is null)
        {
            return NotFound();
        }

        Errors = errors;
        Saved = errors.Count == 0;
        if (!Saved)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }
}

/// <summary>The edit form: a fixed rotation order (news, sensors, departures), each switched on by filling it in.</summary>
internal sealed class DisplayForm
{
    public string? Name { get; set; }
    public string? LocationText { get; set; }
    public string? District { get; set; }
    public string? Latitude { get; set; }
    public string? Longitude { get; set; }
    public string Orientation { get; set; } = DisplayOrientations.Landscape;
    public int RotationSeconds { get; set; } = 15;
    public bool News { get; set; }
    public string? NewsTitle { get; set; }
    public int NewsCount { get; set; } = 5;
    public string? SensorTitle { get; set; }
    public string? SensorIds { get; set; }
    public string? DeparturesTitle { get; set; }
    public string? DeparturesUrl { get; set; }

    public static DisplayForm From(DisplayResponse d)
    {
        var news = d.Layout.Tiles.FirstOrDefault(t => t.Type == DisplayTileTypes.News);
        var sensors = d.Layout.Tiles.FirstOrDefault(t => t.Type == DisplayTileTypes.Sensors);
        var departures = d.Layout.Tiles.FirstOrDefault(t => t.Type == DisplayTileTypes.Departures);
        return new DisplayForm
        {
            Name = d.Name,
            LocationText = d.LocationText,
            District = d.District,
            Latitude = d.Latitude?.ToString(CultureInfo.InvariantCulture),
            Longitude = d.Longitude?.ToString(CultureInfo.InvariantCulture),
            Orientation = d.Orientation,
            RotationSeconds = d.Layout.RotationSeconds,
            News = news is not null,
            NewsTitle = news?.Title,
            NewsCount = news?.Count ?? 5,
            SensorTitle = sensors?.Title,
            SensorIds = sensors?.DatastreamIds is { } ids ? string.Join(", ", ids.Select(i => i.ToString(CultureInfo.InvariantCulture))) : null,
            DeparturesTitle = departures?.Title,
            DeparturesUrl = departures?.Url,
        };
    }

    public (DisplayInput Input, Dictionary<string, string[]> Errors) ToInput()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var lat = Coordinate(Latitude, "latitude", errors);
        var lon = Coordinate(Longitude, "longitude", errors);
        var tiles = new List<DisplayTile>();
        if (News)
        {
            tiles.Add(new DisplayTile { Type = DisplayTileTypes.News, Title = Blank(NewsTitle), Count = NewsCount });
        }

        if (!string.IsNullOrWhiteSpace(SensorIds))
        {
            var ids = new List<long>();
            foreach (var part in SensorIds.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
            {
                if (long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    ids.Add(value);
                }
                else
                {
                    errors["layout.tiles.sensors"] = ["Datenstrom-Nummern bitte als ganze Zahlen, durch Kommas getrennt."];
                }
            }

            tiles.Add(new DisplayTile { Type = DisplayTileTypes.Sensors, Title = Blank(SensorTitle), DatastreamIds = ids });
        }

        if (!string.IsNullOrWhiteSpace(DeparturesUrl))
        {
            tiles.Add(new DisplayTile { Type = DisplayTileTypes.Departures, Title = Blank(DeparturesTitle), Url = DeparturesUrl.Trim() });
        }

        var layout = new DisplayLayout { RotationSeconds = RotationSeconds, Tiles = tiles };
        return (new DisplayInput(Name, LocationText, lat, lon, District, Orientation, layout), errors);
    }

    private static double? Coordinate(string? text, string key, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (double.TryParse(text.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors[key] = ["Bitte eine Zahl angeben, zum Beispiel 51.1652."];
        return null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
