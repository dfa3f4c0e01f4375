using Stadtkern.Features.Alerts.Cap;

namespace Stadtkern.Features.Alerts.Publishing;

/// <summary>Where an alert came from: staff in the web form, a system over <c>POST /api/alerts</c>, or the NINA importer.</summary>
internal enum AlertSource
{
    Staff,
    Api,
    Nina,
}

/// <summary>Who publishes. <see cref="SourceId"/>/<see cref="SourceVersion"/> identify an upstream warning (NINA) so a
/// re-import of the same version changes nothing and a new version updates the same alert.</summary>
internal sealed record AlertOrigin(AlertSource Source, string Actor, string? Provider = null, string? SourceId = null, string? SourceVersion = null);

/// <summary>What <see cref="IAlertPublisher.PublishAsync"/> did. <see cref="Unchanged"/>: the same upstream version was already stored.</summary>
internal sealed record PublishOutcome(Guid AlertId, string State, int Version, bool Unchanged);

/// <summary>Publishes CAP alerts of the current tenant (scoped).</summary>
internal interface IAlertPublisher
{
    /// <summary>
    /// New alert, Update (References or the same SourceId → new version of the same alert) or Cancel (state cancelled). Stores the
    /// alert, its version, an alert_events row and one alert_deliveries row per enabled channel in ONE transaction; the state is
    /// 'pending' instead when the tenant requires four eyes and the origin is Staff/Api (NINA is official: published at once).
    /// The same SourceId+SourceVersion again → <see cref="PublishOutcome.Unchanged"/>.
    /// </summary>
    /// <exception cref="AlertRejectedException">The alert breaks CAP rules or references an alert that does not exist here.</exception>
    Task<PublishOutcome> PublishAsync(CapAlert alert, AlertOrigin origin, CancellationToken cancellationToken);
}

/// <summary>The alert cannot be published as sent (the messages are German and meant for the sender).</summary>
internal sealed class AlertRejectedException(IReadOnlyList<string> errors)
    : Exception(string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
