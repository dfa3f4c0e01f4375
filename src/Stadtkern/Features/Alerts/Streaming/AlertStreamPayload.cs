using System.Globalization;
using System.Text;
using System.Text.Json;
using Stadtkern.Features.Alerts.Delivery;

namespace Stadtkern.Features.Alerts.Streaming;

/// <summary>
/// What the SSE stream and the MQTT topic carry for one alert event: a short summary with links, not the whole CAP document
/// (that is at <c>capUrl</c>). Paths are relative to the host; other tenants than the default one have <c>/t/{slug}</c> in front.
/// </summary>
internal sealed record AlertStreamPayload(
    long Seq,
    string Kind,
    Guid Id,
    int Version,
    string Identifier,
    string MsgType,
    string? State,
    string? Headline,
    string? Severity,
    string? Event,
    string? Area,
    DateTimeOffset? Expires,
    string TenantSlug,
    bool IsDefaultTenant)
{
    public string Url => Base + "/alerts/" + Id.ToString("D", CultureInfo.InvariantCulture);

    public string CapUrl => Url + ".cap.xml";

    private string Base => IsDefaultTenant ? "" : "/t/" + TenantSlug;

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", Id);
            json.WriteNumber("seq", Seq);
            json.WriteString("kind", Kind);
            json.WriteNumber("version", Version);
            json.WriteString("identifier", Identifier);
            json.WriteString("msgType", MsgType);
            WriteOptional(json, "state", State);
            WriteOptional(json, "headline", Headline);
            WriteOptional(json, "severity", Severity);
            WriteOptional(json, "event", Event);
            WriteOptional(json, "area", Area);
            if (Expires is { } expires)
            {
                json.WriteString("expires", expires.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            }
            else
            {
                json.WriteNull("expires");
            }

            json.WriteString("tenant", TenantSlug);
            json.WriteString("url", Url);
            json.WriteString("capUrl", CapUrl);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The SSE frame: <c>id: {seq}\nevent: alert\ndata: {json}\n\n</c> (the JSON has no line breaks).</summary>
    public byte[] ToFrame()
    {
        var json = ToJson();
        var head = Encoding.ASCII.GetBytes("id: " + Seq.ToString(CultureInfo.InvariantCulture) + "\nevent: alert\ndata: ");
        var frame = new byte[head.Length + json.Length + 2];
        head.CopyTo(frame, 0);
        json.CopyTo(frame, head.Length);
        frame[^2] = (byte)'\n';
        frame[^1] = (byte)'\n';
        return frame;
    }

    /// <summary>From a delivery (MQTT): the message being delivered, summarised from its first info block.</summary>
    public static AlertStreamPayload From(AlertDeliveryContext context, bool isDefaultTenant)
    {
        ArgumentNullException.ThrowIfNull(context);
        var info = context.Alert.Infos.FirstOrDefault(i => i.Language.StartsWith("de", StringComparison.OrdinalIgnoreCase))
            ?? (context.Alert.Infos.Count > 0 ? context.Alert.Infos[0] : null);
        var area = info is null ? null : string.Join("; ", info.Areas.Select(a => a.AreaDesc).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal));
        return new AlertStreamPayload(
            context.EventSeq, context.Kind, context.AlertId, context.Version, context.Alert.Identifier, context.Alert.MsgType,
            string.Equals(context.Kind, "cancelled", StringComparison.Ordinal) || context.Alert.MsgType == "Cancel" ? "cancelled" : "active",
            info?.Headline, info?.Severity, info?.Event, string.IsNullOrEmpty(area) ? null : area, info?.Expires,
            context.TenantSlug, isDefaultTenant);
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
