using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Stadtkern.Features.Sensing.Model;
using Stadtkern.Features.Sensing.Views;

namespace Stadtkern.Pages.Sensoren;

/// <summary>The sensor map: Things at their Locations with the latest value of each visible Datastream, and the same as a list.</summary>
internal sealed class IndexModel(SensorOverview overview) : SensingPageModel
{
    public IReadOnlyList<ThingCard> Things { get; private set; } = [];

    public IReadOnlyList<ObservedProperty> Properties { get; private set; } = [];

    public long? Selected { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? merkmal, CancellationToken cancellationToken)
    {
        Selected = long.TryParse(merkmal, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        (Things, Properties) = await overview.ListAsync(Viewer, Selected, cancellationToken);
        return Page();
    }

    /// <summary>What the map script needs, as JSON for a data block (no HTML: the script writes text nodes only).</summary>
    public string MapJson(Func<long, string> datastreamUrl) => JsonSerializer.Serialize(
        Things.Where(t => t.Lat is not null && t.Lon is not null).Select(t => new
        {
            name = t.Name,
            lat = t.Lat,
            lon = t.Lon,
            datastreams = t.Datastreams.Select(d => new
            {
                name = d.Name,
                url = datastreamUrl(d.Id),
                value = d.Latest is null ? "kein Wert" : d.Latest + (d.Unit.Length > 0 ? " " + d.Unit : ""),
                time = d.LatestTime is { } time ? SensorOverview.LocalTime(time) : null,
            }),
        }));
}
