using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Alerts;
using Stadtkern.Features.Alerts.Model;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Pages.Verwaltung.Warnungen;

internal sealed class IndexModel(StadtkernDb db, TimeProvider clock) : AlertsPageModel
{
    public List<Alert> Alerts { get; private set; } = [];

    public List<Alert> Pending { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = clock.GetUtcNow();
        Alerts = await db.Set<Alert>().AsNoTracking().OrderByDescending(a => a.UpdatedAt).Take(200).ToListAsync(cancellationToken);
        Pending = [.. Alerts.Where(a => a.State == AlertStates.Pending)];
    }
}
