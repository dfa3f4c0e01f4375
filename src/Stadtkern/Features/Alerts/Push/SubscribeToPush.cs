using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stadtkern.Features.App;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Alerts.Push;

internal sealed record SubscriptionResponse(Guid Id, string Endpoint, IReadOnlyList<string> Districts, IReadOnlyList<string> Topics, DateTimeOffset CreatedAt);

internal sealed record VapidPublicKeyResponse(string PublicKey);

/// <summary>
/// <c>/api/push/...</c>: the city app's push sign-up. Anonymous on purpose: a citizen's browser subscribes without an account;
/// the endpoint URL (a secret of the browser and its push service) is the only handle to change or remove it.
/// </summary>
internal static class SubscribeToPush
{
    public static IEndpointRouteBuilder MapPushSubscriptions(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/push").WithTags("Push");
        api.MapGet("/vapid-public-key", GetPublicKeyAsync)
            .WithName("GetVapidPublicKey")
            .WithSummary("The tenant's VAPID public key (base64url), the applicationServerKey for PushManager.subscribe");
        api.MapPost("/subscriptions", SubscribeAsync)
            .WithName("CreatePushSubscription")
            .WithSummary("Store a browser's PushSubscription with the chosen districts and topics (201 new, 200 updated)");
        api.MapDelete("/subscriptions", UnsubscribeAsync)
            .WithName("DeletePushSubscription")
            .WithSummary("Remove the subscription with the given endpoint (?endpoint=...)");
        return endpoints;
    }

    private static async Task<IResult> GetPublicKeyAsync(TenantContext tenant, VapidKeys keys, CancellationToken cancellationToken)
    {
        if (tenant.Current is null)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(new VapidPublicKeyResponse(await keys.GetPublicKeyAsync(cancellationToken)));
    }

    private static async Task<IResult> SubscribeAsync(
        SubscriptionRequest request,
        StadtkernDb db,
        AppProfiles profiles,
        IOptionsSnapshot<PushOptions> options,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await profiles.CurrentAsync(cancellationToken) is not { } profile)
        {
            return TypedResults.NotFound();
        }

        var known = profile.Districts.SelectMany(d => d.Ars is null ? [d.Name] : new[] { d.Name, d.Ars }).ToList();
        var errors = ValidateSubscription.Check(request, options.Value, known);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The push subscription is not valid.");
        }

        // Store district names (not keys) so matching and the staff's statistics speak one language.
        var districts = (request.Districts ?? [])
            .Select(d => profile.Districts.First(k => string.Equals(k.Name, d, StringComparison.OrdinalIgnoreCase)
                || string.Equals(k.Ars, d, StringComparison.OrdinalIgnoreCase)).Name)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var topics = (request.Topics ?? [PushTopics.Alerts]).Distinct(StringComparer.Ordinal).ToList();
        var now = clock.GetStoredNow();
        var endpoint = request.Endpoint!;
        var subscription = await db.Set<PushSubscription>().FirstOrDefaultAsync(s => s.Endpoint == endpoint, cancellationToken);
        var created = subscription is null;
        if (subscription is null)
        {
            subscription = new PushSubscription { Id = Guid.NewGuid(), Endpoint = endpoint, CreatedAt = now };
            db.Add(subscription);
        }

        subscription.P256dh = ValidateSubscription.Normalize(request.Keys!.P256dh!);
        subscription.Auth = ValidateSubscription.Normalize(request.Keys.Auth!);
        subscription.Districts = districts;
        subscription.Topics = topics;
        subscription.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (created)
        {
            // The same browser subscribed twice at once; the first row stands.
            return TypedResults.Conflict();
        }

        var response = new SubscriptionResponse(subscription.Id, subscription.Endpoint, districts, topics, subscription.CreatedAt);
        return created ? TypedResults.Created((string?)null, response) : TypedResults.Ok(response);
    }

    private static async Task<IResult> UnsubscribeAsync(string? endpoint, TenantContext tenant, StadtkernDb db, CancellationToken cancellationToken)
    {
        if (tenant.Current is null)
        {
            return TypedResults.NotFound();
        }

        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["endpoint"] = ["The endpoint query parameter is required."] });
        }

        var deleted = await db.Set<PushSubscription>().Where(s => s.Endpoint == endpoint).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }
}
