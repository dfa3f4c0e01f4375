using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Alerts.Model;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Alerts.Nina;

/// <summary>An imported warning as stored: what the importer compares the upstream lists with.</summary>
internal sealed record StoredNinaAlert(string SourceId, string? SourceVersion, string? Provider, string Identifier, string Sender, DateTimeOffset Sent, bool IsOpen);

/// <summary>The current tenant's imported (source nina) alerts.</summary>
internal sealed class NinaAlertStore(StadtkernDb db)
{
    public async Task<List<StoredNinaAlert>> ListAsync(CancellationToken ct)
    {
        var rows = await db.Set<Alert>().AsNoTracking()
            .Where(a => a.Source == AlertSources.Nina && a.SourceId != null)
            .Select(a => new { a.SourceId, a.SourceVersion, a.SourceProvider, a.Identifier, a.Sender, a.Sent, a.State, a.MsgType })
            .ToListAsync(ct);
        return [.. rows.Select(r => new StoredNinaAlert(
            r.SourceId!, r.SourceVersion, r.SourceProvider, r.Identifier, r.Sender, r.Sent,
            r.State is AlertStates.Active or AlertStates.Pending && r.MsgType != "Cancel"))];
    }
}
