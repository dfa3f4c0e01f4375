using System.Buffers.Text;
using System.Net;

namespace Stadtkern.Features.Alerts.Push;

/// <summary>The browser's <c>PushSubscription.toJSON()</c> plus the choices made in the app.</summary>
internal sealed record SubscriptionKeys(string? P256dh, string? Auth);

internal sealed record SubscriptionRequest(string? Endpoint, SubscriptionKeys? Keys, List<string>? Districts, List<string>? Topics);

/// <summary>Checks a subscription before it is stored; returns errors by field (empty = valid).</summary>
internal static class ValidateSubscription
{
    public static Dictionary<string, string[]> Check(SubscriptionRequest request, PushOptions options, IReadOnlyCollection<string> knownDistricts)
    {
        var errors = new Dictionary<string, string[]>();
        if (EndpointProblem(request.Endpoint, options) is { } endpoint)
        {
            errors["endpoint"] = [endpoint];
        }

        if (!IsKey(request.Keys?.P256dh, 65, out var p256dh) || !P256Keys.IsValidPublicKey(p256dh))
        {
            errors["keys.p256dh"] = ["Must be the base64url P-256 public key of the subscription (65 bytes, uncompressed point)."];
        }

        if (!IsKey(request.Keys?.Auth, WebPushEncryption.AuthSecretLength, out _))
        {
            errors["keys.auth"] = ["Must be the base64url auth secret of the subscription (16 bytes)."];
        }

        var districts = request.Districts ?? [];
        if (districts.Count > PushLimits.MaxDistricts)
        {
            errors["districts"] = [$"At most {PushLimits.MaxDistricts} districts."];
        }
        else if (districts.FirstOrDefault(d => !knownDistricts.Contains(d, StringComparer.OrdinalIgnoreCase)) is { } unknown)
        {
            errors["districts"] = [knownDistricts.Count == 0
                ? "This city offers no districts to choose; subscribe for the whole city (no districts)."
                : $"Unknown district '{unknown}'. Known: {string.Join(", ", knownDistricts)}."];
        }

        var topics = request.Topics ?? [PushTopics.Alerts];
        if (topics.Count == 0)
        {
            errors["topics"] = ["Choose at least one topic."];
        }
        else if (topics.FirstOrDefault(t => !PushTopics.All.Contains(t, StringComparer.Ordinal)) is { } topic)
        {
            errors["topics"] = [$"Unknown topic '{topic}'. Known: {string.Join(", ", PushTopics.All)}."];
        }

        return errors;
    }

    /// <summary>Null if the endpoint is an https URL of an allowed push service (or loopback http when allowed).</summary>
    public static string? EndpointProblem(string? endpoint, PushOptions options)
    {
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return "The endpoint is required.";
        }

        if (endpoint.Length > PushLimits.EndpointLength || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            return $"The endpoint must be an absolute URL of at most {PushLimits.EndpointLength} characters.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return "The endpoint must not carry user information or a fragment.";
        }

        if (options.AllowLoopbackEndpoints && IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return null;
        }

        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            return "The endpoint must be an https URL.";
        }

        return IsAllowedHost(uri.IdnHost, options.AllowedHosts)
            ? null
            : "The endpoint is not a known push service (see Push:AllowedHosts).";
    }

    internal static bool IsAllowedHost(string host, IEnumerable<string> allowed) => allowed.Any(pattern =>
        pattern.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase) && host.Length > pattern.Length - 1
            : string.Equals(host, pattern, StringComparison.OrdinalIgnoreCase));

    private static bool IsKey(string? value, int length, out byte[] bytes)
    {
        bytes = [];
        if (value is null || value.Length > 200)
        {
            return false;
        }

        // Browsers send base64url without padding; tolerate padding and the standard alphabet some libraries produce.
        var normalized = value.TrimEnd('=').Replace('+', '-').Replace('/', '_');
        if (!Base64Url.IsValid(normalized))
        {
            return false;
        }

        bytes = Base64Url.DecodeFromChars(normalized);
        return bytes.Length == length;
    }

    public static string Normalize(string value) => value.TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
