using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Alerts.Cap;
using Stadtkern.Features.Alerts.Delivery;
using Stadtkern.Features.Alerts.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Alerts.Publishing;

/// <summary>
/// Stores a CAP message as a new alert or a new version of an existing one and, when it goes out, its event and one delivery
/// per enabled channel, all in one transaction (durable first; the delivery worker does the rest).
/// </summary>
internal sealed class PublishAlert(
    StadtkernDb db,
    TenantContext tenant,
    TenantSettingsStore settingsStore,
    AlertOutbox outbox,
    ActiveAlerts activeAlerts,
    TimeProvider clock) : IAlertPublisher
{
    public async Task<PublishOutcome> PublishAsync(CapAlert alert, AlertOrigin origin, CancellationToken cancellationToken)
    {
        var errors = CapRules.Validate(alert).ToList();
        if (alert.MsgType is "Ack" or "Error")
        {
            errors.Add($"Nachrichten vom Typ „{alert.MsgType}“ werden hier nicht veröffentlicht (nur Alert, Update, Cancel).");
        }

        if (errors.Count > 0)
        {
            throw new AlertRejectedException(errors);
        }

        var settings = await settingsStore.GetAsync<AlertSettings>(AlertSettings.Section, cancellationToken);
        var existing = await FindExistingAsync(alert, origin, cancellationToken);
        if (existing is { Unchanged: true })
        {
            return new PublishOutcome(existing.Alert!.Id, existing.Alert.State, existing.Alert.Version, Unchanged: true);
        }

        var target = existing?.Alert;
        // Official warnings often continue messages from before this city imported them: NINA's Update starts a new alert here.
        if (target is null && alert.MsgType is "Update" or "Cancel" && origin.Source != AlertSource.Nina)
        {
            throw new AlertRejectedException(
                [$"Die Nachricht „{alert.MsgType}“ verweist auf keine hier bekannte Warnung ({string.Join(" ", alert.References)})."]);
        }

        var now = clock.GetStoredNow();
        var decision = PublishDecision.Decide(target?.State, alert.MsgType, settings.FourEyes, origin.Source);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var row = target ?? new Alert
        {
            Id = Guid.NewGuid(),
            Source = origin.Source switch
            {
                AlertSource.Staff => AlertSources.Staff,
                AlertSource.Api => AlertSources.Api,
                AlertSource.Nina => AlertSources.Nina,
            },
            SourceProvider = origin.Provider,
            SourceId = origin.SourceId,
            CreatedBy = origin.Actor,
            CreatedAt = now,
        };
        AlertRows.Apply(row, alert);
        row.SourceVersion = origin.SourceVersion ?? row.SourceVersion;
        row.Version = (target?.Version ?? 0) + 1;
        row.State = decision.State;
        row.UpdatedAt = now;
        if (decision.Kind is not null && row.PublishedAt is null)
        {
            row.PublishedAt = now;
        }

        if (target is null)
        {
            db.Add(row);
        }

        db.Add(new AlertVersion
        {
            AlertId = row.Id,
            Version = row.Version,
            Identifier = alert.Identifier,
            MsgType = alert.MsgType,
            CapXml = row.CapXml,
            Actor = origin.Actor,
            CreatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);

        if (decision.Kind is { } kind)
        {
            await outbox.AddEventAsync(row, kind, settings, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        activeAlerts.Invalidate(tenant.TenantId);
        outbox.Wake();
        return new PublishOutcome(row.Id, row.State, row.Version, Unchanged: false);
    }

    private sealed record Existing(Alert? Alert, bool Unchanged);

    /// <summary>The alert this message continues: by upstream id, else by a referenced (or the same) CAP identifier.</summary>
    private async Task<Existing?> FindExistingAsync(CapAlert alert, AlertOrigin origin, CancellationToken cancellationToken)
    {
        if (origin.SourceId is { } sourceId)
        {
            var bySource = await db.Set<Alert>().FirstOrDefaultAsync(a => a.SourceId == sourceId, cancellationToken);
            if (bySource is not null)
            {
                return new Existing(bySource, origin.SourceVersion is not null && bySource.SourceVersion == origin.SourceVersion);
            }
        }

        // The same message again (a sender retrying its POST) changes nothing.
        var sameMessage = await AlertIdOfMessageAsync(alert.Sender, alert.Identifier, cancellationToken);
        if (sameMessage is { } sameId)
        {
            return new Existing(await db.Set<Alert>().FirstAsync(a => a.Id == sameId, cancellationToken), Unchanged: true);
        }

        foreach (var reference in alert.References)
        {
            if (CapRules.ParseReference(reference) is { } parsed
                && await AlertIdOfMessageAsync(parsed.Sender, parsed.Identifier, cancellationToken) is { } referencedId)
            {
                return new Existing(await db.Set<Alert>().FirstAsync(a => a.Id == referencedId, cancellationToken), Unchanged: false);
            }
        }

        return null;
    }

    /// <summary>The alert one of whose messages has this sender and identifier (in this tenant).</summary>
    private async Task<Guid?> AlertIdOfMessageAsync(string sender, string identifier, CancellationToken cancellationToken)
    {
        var ids = await (
            from v in db.Set<AlertVersion>()
            join a in db.Set<Alert>() on v.AlertId equals a.Id
            where v.Identifier == identifier && a.Sender == sender
            select a.Id).Distinct().ToListAsync(cancellationToken);
        return ids.Count > 0 ? ids[0] : null;
    }
}
