using Microsoft.Extensions.Options;
using Stadtkern.Features.Alerts.Delivery;
using Stadtkern.Features.App;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Alerts.Push;

/// <summary>
/// The "push" alert channel: one encrypted Web Push message to every subscription of the tenant that follows alerts and whose
/// districts the alert concerns. If the push services could not be reached at all, it throws so the delivery worker retries later.
/// </summary>
internal sealed class PushChannel(IServiceScopeFactory scopes, TenantDirectory tenants, IOptionsMonitor<PushOptions> options, TimeProvider clock) : IAlertChannel
{
    public string Key => AlertChannels.Push;

    public async Task<string?> DeliverAsync(AlertDeliveryContext context, CancellationToken cancellationToken)
    {
        var tenant = await tenants.FindAsync(context.TenantSlug, cancellationToken)
            ?? throw new InvalidOperationException($"Tenant {context.TenantSlug} no longer exists.");
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        var profile = (await scope.ServiceProvider.GetRequiredService<AppProfiles>().CurrentAsync(cancellationToken))!;
        if (!profile.Enabled)
        {
            return "App ausgeschaltet: keine Push-Nachrichten";
        }

        var root = tenant.IsDefault ? "/" : $"{TenantResolutionMiddleware.Prefix}/{tenant.Slug}/";
        var broadcast = new PushBroadcast(
            PushTopics.Alerts,
            PushAudience.For(context.Alert, tenant.Name, tenant.Ars, tenant.Ags, profile.Districts),
            AlertPushMessage.Payload(context, root),
            AlertPushMessage.TtlSeconds(context, clock.GetUtcNow(), options.CurrentValue.DefaultTtlSeconds),
            AlertPushMessage.Urgency(context),
            AlertPushMessage.Topic(context));
        var report = await scope.ServiceProvider.GetRequiredService<BroadcastPush>().SendAsync(broadcast, cancellationToken);
        if (report.Pending > 0 && report.Sent + report.Removed + report.Failed == 0)
        {
            throw new PushUnavailableException($"Kein Push-Dienst erreichbar ({report.Pending} Nachrichten offen).");
        }

        return report.Detail;
    }
}

/// <summary>Every push service answered 429/5xx or not at all: the delivery is retried with backoff.</summary>
internal sealed class PushUnavailableException(string message) : Exception(message);
