using System.Net;
using System.Net.Http.Headers;

namespace Stadtkern.Features.Alerts.Push;

/// <summary>RFC 8030 urgency of a push message: push services may hold back <c>low</c> ones on a battery-saving device.</summary>
internal enum PushUrgency
{
    VeryLow,
    Low,
    Normal,
    High,
}

internal enum PushOutcome
{
    /// <summary>The push service accepted the message (201).</summary>
    Sent,

    /// <summary>The subscription no longer exists (404/410): delete it.</summary>
    Gone,

    /// <summary>Try again later (429, 5xx, timeout, network error).</summary>
    Transient,

    /// <summary>Refused for good (400, 401, 403, 413 …): counted, not retried.</summary>
    Rejected,
}

internal sealed record PushResult(PushOutcome Outcome, int? Status, TimeSpan? RetryAfter = null);

/// <summary>One encrypted message on its way: already encrypted body plus the headers RFC 8030/8292 ask for.</summary>
internal sealed record PushRequest(Uri Endpoint, byte[] Body, string Authorization, int TtlSeconds, PushUrgency Urgency, string? Topic);

/// <summary>POSTs one message to a push service and classifies the answer.</summary>
internal sealed class SendPush(HttpClient http)
{
    public const string HttpClientName = "push";

    public async Task<PushResult> SendAsync(PushRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, request.Endpoint)
        {
            Content = new ByteArrayContent(request.Body),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        message.Content.Headers.ContentEncoding.Add("aes128gcm");
        message.Headers.TryAddWithoutValidation("Authorization", request.Authorization);
        message.Headers.Add("TTL", request.TtlSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        message.Headers.Add("Urgency", UrgencyValue(request.Urgency));
        if (request.Topic is { } topic)
        {
            message.Headers.Add("Topic", topic);
        }

        try
        {
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return Classify(response.StatusCode, response.Headers.RetryAfter);
        }
        catch (HttpRequestException)
        {
            return new PushResult(PushOutcome.Transient, null);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new PushResult(PushOutcome.Transient, null); // request timeout
        }
    }

    internal static PushResult Classify(HttpStatusCode status, RetryConditionHeaderValue? retryAfter)
    {
        var code = (int)status;
        var outcome = code switch
        {
            >= 200 and < 300 => PushOutcome.Sent,
            404 or 410 => PushOutcome.Gone,
            429 or >= 500 => PushOutcome.Transient,
            _ => PushOutcome.Rejected,
        };
        return new PushResult(outcome, code, retryAfter?.Delta);
    }

    public static string UrgencyValue(PushUrgency urgency) => urgency switch
    {
        PushUrgency.VeryLow => "very-low",
        PushUrgency.Low => "low",
        PushUrgency.Normal => "normal",
        PushUrgency.High => "high",
    };
}
