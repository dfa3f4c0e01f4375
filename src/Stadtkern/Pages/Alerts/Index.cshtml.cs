using Stadtkern.Features.Alerts;
using Stadtkern.Features.Alerts.Model;

namespace Stadtkern.Pages.Alerts;

internal sealed class IndexModel(AlertQueries queries, TimeProvider clock) : AlertsPageModel
{
    public List<PublicAlert> Active { get; private set; } = [];

    public List<PublicAlert> Past { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = clock.GetUtcNow();
        var alerts = await queries.PublishedAsync(cancellationToken);
        Active = [.. alerts.Where(a => a.PublicState(Now) == "active").OrderBy(a => ActiveAlerts.SeverityRank(a.Severity)).ThenByDescending(a => a.PublishedAt)];
        Past = [.. alerts.Where(a => a.PublicState(Now) != "active").Take(AlertQueries.MaxRecent)];
    }
}
