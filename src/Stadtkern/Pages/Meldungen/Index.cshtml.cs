using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Stadtkern.Features.Reports.Web;

namespace Stadtkern.Pages.Meldungen;

/// <summary>The public map and list of citizen reports (no personal data, only released photos).</summary>
internal sealed class IndexModel(PublicReports reports) : ReportsPageModel
{
    public IReadOnlyList<PublicReport> Reports { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Reports = await reports.RecentAsync(200, cancellationToken);
        return Page();
    }

    /// <summary>Map data for a JSON data block; the script writes text nodes only.</summary>
    public string MapJson() => JsonSerializer.Serialize(Reports.Where(r => r.Lat is not null && r.Lon is not null).Select(r => new
    {
        id = r.Id,
        lat = r.Lat,
        lon = r.Lon,
        title = (r.Service ?? "Meldung") + " – " + PublicReports.StatusLabel(r.Status),
        text = r.Description.Length > 140 ? r.Description[..140] + "…" : r.Description,
    }));
}
