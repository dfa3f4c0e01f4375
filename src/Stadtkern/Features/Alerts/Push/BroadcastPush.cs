using System.Buffers.Text;
using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Alerts.Push;

/// <summary>What to push and to whom: a topic, a filter on the subscription's districts, the plaintext payload.</summary>
/// <param name="Topic">Subscriptions that chose this topic (<see cref="PushTopics"/>).</param>
/// <param name="Districts">Which subscriptions to reach by their districts: gets the subscription's district list (empty = whole city).</param>
/// <param name="Payload">The plaintext (JSON for the service worker), at most <see cref="WebPushEncryption.MaxPlaintextLength"/> bytes.</param>
/// <param name="TtlSeconds">How long the push service keeps the message for an offline device.</param>
/// <param name="Urgency">RFC 8030 urgency.</param>
/// <param name="MessageTopic">RFC 8030 Topic: a newer message with the same topic replaces an undelivered older one.</param>
internal sealed record PushBroadcast(string Topic, Func<IReadOnlyList<string>, bool> Districts, byte[] Payload, int TtlSeconds, PushUrgency Urgency, string? MessageTopic = null);

internal sealed record PushReport(int Sent, int Removed, int Failed, int Pending)
{
    /// <summary>The delivery detail staff see.</summary>
    public string Detail => Failed + Pending == 0
        ? $"{Sent} gesendet, {Removed} entfernt"
        : $"{Sent} gesendet, {Removed} entfernt, {Failed + Pending} fehlgeschlagen";
}

/// <summary>
/// Sends one message to every matching subscription of the current tenant: encrypted per subscription (RFC 8291), signed with the
/// tenant's VAPID key (RFC 8292), in parallel up to <see cref="PushOptions.Parallelism"/>. Subscriptions the push service
/// reports gone (404/410) are deleted; 429/5xx are retried a few times with backoff.
/// </summary>
internal sealed class BroadcastPush(
    StadtkernDb db,
    TenantContext tenant,
    VapidKeys vapid,
    SendPush sender,
    IOptionsSnapshot<PushOptions> options,
    TimeProvider clock,
    ILogger<BroadcastPush> log)
{
    public async Task<PushReport> SendAsync(PushBroadcast broadcast, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var targets = (await db.Set<PushSubscription>().AsNoTracking()
                .Select(s => new { s.Id, s.Endpoint, s.P256dh, s.Auth, s.Districts, s.Topics })
                .ToListAsync(cancellationToken))
            .Where(s => s.Topics.Contains(broadcast.Topic, StringComparer.Ordinal) && broadcast.Districts(s.Districts))
            .ToList();
        if (targets.Count == 0)
        {
            return new PushReport(0, 0, 0, 0);
        }

        var (key, publicKey) = await vapid.GetSigningKeyAsync(cancellationToken);
        using var signingKey = key;
        var subject = Subject(tenant.Required, settings);
        var expires = clock.GetUtcNow().AddHours(12);
        var authorizations = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        var sent = new ConcurrentBag<Guid>();
        var gone = new ConcurrentBag<Guid>();
        int failed = 0, pending = 0;
        await Parallel.ForEachAsync(
            targets,
            new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken },
            async (target, ct) =>
            {
                var endpoint = new Uri(target.Endpoint);
                var authorization = authorizations.GetOrAdd(VapidToken.Audience(endpoint), audience =>
                {
                    lock (signingKey)
                    {
                        return VapidToken.AuthorizationHeader(VapidToken.Create(signingKey, audience, subject, expires), publicKey);
                    }
                });
                var body = WebPushEncryption.Encrypt(broadcast.Payload, Base64Url.DecodeFromChars(target.P256dh), Base64Url.DecodeFromChars(target.Auth));
                var request = new PushRequest(endpoint, body, authorization, broadcast.TtlSeconds, broadcast.Urgency, broadcast.MessageTopic);

                var result = await sender.SendAsync(request, ct);
                for (var attempt = 1; result.Outcome == PushOutcome.Transient && attempt <= settings.Retries; attempt++)
                {
                    var wait = result.RetryAfter is { } after && after < TimeSpan.FromSeconds(10) ? after : TimeSpan.FromMilliseconds(200 * attempt * attempt);
                    await Task.Delay(wait, clock, ct);
                    result = await sender.SendAsync(request, ct);
                }

                switch (result.Outcome)
                {
                    case PushOutcome.Sent:
                        sent.Add(target.Id);
                        break;
                    case PushOutcome.Gone:
                        gone.Add(target.Id);
                        break;
                    case PushOutcome.Transient:
                        Interlocked.Increment(ref pending);
                        break;
                    case PushOutcome.Rejected:
                        Interlocked.Increment(ref failed);
                        log.Refused(endpoint.Host, result.Status);
                        break;
                }
            });

        await RecordAsync(sent, gone, cancellationToken);
        log.Broadcast(tenant.Required.Slug, broadcast.Topic, sent.Count, gone.Count, failed, pending);
        return new PushReport(sent.Count, gone.Count, failed, pending);
    }

    private async Task RecordAsync(IEnumerable<Guid> sent, IEnumerable<Guid> gone, CancellationToken cancellationToken)
    {
        var now = clock.GetStoredNow();
        foreach (var chunk in gone.Chunk(500))
        {
            await db.Set<PushSubscription>().Where(s => chunk.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        foreach (var chunk in sent.Chunk(500))
        {
            await db.Set<PushSubscription>().Where(s => chunk.Contains(s.Id))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSentAt, now), cancellationToken);
        }
    }

    /// <summary>RFC 8292's contact: the city's e-mail, else its https website, else the configured fallback.</summary>
    internal static string Subject(TenantInfo tenant, PushOptions options) =>
        tenant.ContactEmail is { Length: > 0 } email ? "mailto:" + email
        : tenant.Website is { } site && site.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? site
        : options.FallbackSubject;
}
