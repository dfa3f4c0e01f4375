namespace Stadtkern.Features.Alerts.Displays;

/// <summary>The active alerts of the current tenant for displays. Placeholder until the alert model is merged.</summary>
internal sealed class ActiveAlertsForDisplays : IDisplayAlerts
{
    public Task<IReadOnlyList<DisplayAlert>> ActiveAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DisplayAlert>>([]);
}
