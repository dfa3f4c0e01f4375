using System.Text.Json;
using Stadtkern.Features.Alerts.Delivery;

namespace Stadtkern.Features.Alerts.Push;

/// <summary>What the service worker shows for an alert (pure): title, body, link, notification tag, and the push headers.</summary>
internal static class AlertPushMessage
{
    private const int MaxBodyLength = 600;

    /// <param name="context">The delivery: alert, event kind, ids.</param>
    /// <param name="tenantRoot">The tenant's path, "/" or "/t/{slug}/".</param>
    public static byte[] Payload(AlertDeliveryContext context, string tenantRoot)
    {
        var info = context.Alert.InfoFor("de");
        var cancelled = context.Kind == AlertEventKinds.Cancelled || context.Alert.MsgType == "Cancel";
        var headline = info?.Headline ?? info?.Event ?? "Warnung";
        var title = cancelled ? "Entwarnung: " + headline
            : context.Kind == AlertEventKinds.Updated ? "Aktualisiert: " + headline
            : headline;
        var body = string.Join(" ", new[] { info?.Description, info?.Instruction }.Where(t => !string.IsNullOrWhiteSpace(t))).Trim();
        if (body.Length > MaxBodyLength)
        {
            body = body[..(MaxBodyLength - 1)].TrimEnd() + "…";
        }

        return JsonSerializer.SerializeToUtf8Bytes(new
        {
            title,
            body,
            url = tenantRoot + "alerts/" + context.AlertId.ToString("D"),
            tag = "alert-" + context.AlertId.ToString("N"),
            urgency = SendPush.UrgencyValue(Urgency(context)),
            severity = info?.Severity,
            kind = context.Kind,
        });
    }

    /// <summary>CAP severity decides how insistently the push service delivers: Extreme/Severe wake the device.</summary>
    public static PushUrgency Urgency(AlertDeliveryContext context)
    {
        if (context.Kind == AlertEventKinds.Cancelled)
        {
            return PushUrgency.Normal;
        }

        return context.Alert.InfoFor("de")?.Severity switch
        {
            "Extreme" or "Severe" => PushUrgency.High,
            "Minor" => PushUrgency.Low,
            _ => PushUrgency.Normal,
        };
    }

    /// <summary>Until the alert expires (at least a minute, at most two days); without expiry the configured default.</summary>
    public static int TtlSeconds(AlertDeliveryContext context, DateTimeOffset now, int defaultSeconds)
    {
        var expires = context.Alert.InfoFor("de")?.Expires;
        if (expires is null || context.Kind == AlertEventKinds.Cancelled)
        {
            return defaultSeconds;
        }

        return (int)Math.Clamp((expires.Value - now).TotalSeconds, 60, TimeSpan.FromDays(2).TotalSeconds);
    }

    /// <summary>RFC 8030 Topic (at most 32 base64url characters): an update replaces the undelivered earlier message of the same alert.</summary>
    public static string Topic(AlertDeliveryContext context) => context.AlertId.ToString("N");
}
