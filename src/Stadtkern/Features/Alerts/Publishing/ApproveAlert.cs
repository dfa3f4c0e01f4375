using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Alerts.Delivery;
using Stadtkern.Features.Alerts.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Alerts.Publishing;

/// <summary>Four eyes: a second staff member approves (then the alert goes out) or rejects a pending alert.</summary>
internal sealed class ApproveAlert(
    StadtkernDb db,
    TenantContext tenant,
    TenantSettingsStore settingsStore,
    AlertOutbox outbox,
    ActiveAlerts activeAlerts,
    TimeProvider clock)
{
    /// <returns>null when done, else why not (German).</returns>
    public async Task<string?> ApproveAsync(Guid alertId, string approver, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var alert = await db.Set<Alert>().FirstOrDefaultAsync(a => a.Id == alertId, cancellationToken);
        if (alert is null)
        {
            return "Die Warnung gibt es nicht.";
        }

        if (PublishDecision.CheckApproval(alert.State, alert.CreatedBy, approver) is { } refusal)
        {
            return refusal;
        }

        var settings = await settingsStore.GetAsync<AlertSettings>(AlertSettings.Section, cancellationToken);
        var now = clock.GetStoredNow();
        alert.State = AlertStates.Active;
        alert.ApprovedBy = approver;
        alert.PublishedAt = now;
        alert.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await outbox.AddEventAsync(alert, AlertEventKinds.Published, settings, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        activeAlerts.Invalidate(tenant.TenantId);
        outbox.Wake();
        return null;
    }

    public async Task<string?> RejectAsync(Guid alertId, string reviewer, CancellationToken cancellationToken)
    {
        var alert = await db.Set<Alert>().FirstOrDefaultAsync(a => a.Id == alertId, cancellationToken);
        if (alert is null)
        {
            return "Die Warnung gibt es nicht.";
        }

        if (alert.State != AlertStates.Pending)
        {
            return "Die Warnung wartet nicht auf Freigabe.";
        }

        alert.State = AlertStates.Rejected;
        alert.ApprovedBy = reviewer;
        alert.UpdatedAt = clock.GetStoredNow();
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }
}
