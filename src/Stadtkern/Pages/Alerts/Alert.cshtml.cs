using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Alerts;
using Stadtkern.Features.Alerts.Cap;
using Stadtkern.Features.Alerts.Model;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Pages.Alerts;

internal sealed class AlertModel(AlertQueries queries, StadtkernDb db, TimeProvider clock) : AlertsPageModel
{
    public PublicAlert? Alert { get; private set; }

    public CapInfo? Info { get; private set; }

    public string? CancelText { get; private set; }

    public List<AlertVersion> History { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Now = clock.GetUtcNow();
        Alert = await queries.FindPublishedAsync(id, cancellationToken);
        if (Alert is null)
        {
            return NotFound();
        }

        History = await db.Set<AlertVersion>().AsNoTracking().Where(v => v.AlertId == id).OrderBy(v => v.Version).ToListAsync(cancellationToken);
        var current = CapXml.Read(Alert.CapXml).Alert;
        if (current?.MsgType == "Cancel")
        {
            CancelText = current.InfoFor("de")?.Description ?? "Die Warnung ist aufgehoben.";

            // The page keeps describing what the warning was about: the last message before the all-clear.
            var previous = History.LastOrDefault(v => v.MsgType != "Cancel");
            Info = previous is null ? null : CapXml.Read(previous.CapXml).Alert?.InfoFor("de");
        }
        else
        {
            Info = current?.InfoFor("de");
        }

        return Page();
    }
}
