using System.Text.Json.Nodes;
using static Stadtkern.Features.Sensing.LoRaWan.UplinkJson;

namespace Stadtkern.Features.Sensing.LoRaWan;

/// <summary>
/// The Things Stack v3 webhook messages (<c>end_device_ids</c> + <c>uplink_message</c>). TTS leaves out fields whose value
/// is zero, so a missing <c>f_cnt</c> is frame 0. Other message types sent to the same webhook (join_accept,
/// downlink_ack, location_solved, ...) are acknowledged and ignored.
/// </summary>
internal static class ReadTtsUplink
{
    public static UplinkParse From(JsonObject body, DateTimeOffset now)
    {
        var devEuiNode = Path(body, "end_device_ids", "dev_eui");
        if (Path(body, "end_device_ids") is not JsonObject)
        {
            return UplinkParse.Invalid("end_device_ids is missing: this is not a The Things Stack webhook message.");
        }

        if (Path(body, "uplink_message") is not JsonObject uplink)
        {
            var kind = body.Select(p => p.Key).FirstOrDefault(k => k is not ("end_device_ids" or "correlation_ids" or "received_at" or "unique_id"));
            return UplinkParse.Skip($"not an uplink ({kind ?? "no message"})");
        }

        if (devEuiNode is null)
        {
            return UplinkParse.Invalid("end_device_ids.dev_eui is missing.");
        }

        if (DevEui(String(devEuiNode)) is not { } devEui)
        {
            return UplinkParse.Invalid("end_device_ids.dev_eui must be 16 hex digits.");
        }

        var fCnt = Integer(Path(uplink, "f_cnt"), out var fCntOk);
        var fPort = Integer(Path(uplink, "f_port"), out var fPortOk);
        if (!fCntOk || !fPortOk || fPort > 255)
        {
            return UplinkParse.Invalid("uplink_message.f_cnt and uplink_message.f_port must be non-negative integers (f_port at most 255).");
        }

        var payloadText = String(Path(uplink, "frm_payload"));
        var bytes = payloadText is null ? [] : Base64(payloadText);
        if (bytes is null)
        {
            return UplinkParse.Invalid("uplink_message.frm_payload is not valid base64.");
        }

        var decoded = Path(uplink, "decoded_payload") as JsonObject;
        if (bytes.Length == 0 && decoded is null && (fPort ?? 0) != 0)
        {
            return UplinkParse.Invalid("uplink_message has neither frm_payload nor decoded_payload.");
        }

        var receivedAt = Timestamp(String(Path(uplink, "received_at"))) ?? Timestamp(String(Path(body, "received_at"))) ?? now;
        var (rssi, snr, gateways) = BestSignal(Path(uplink, "rx_metadata") as JsonArray, "rssi", "snr");
        var session = String(Path(uplink, "session_key_id")) ?? String(Path(body, "end_device_ids", "dev_addr"));
        return UplinkParse.Ok(new Uplink(devEui, fCnt ?? 0, (int)(fPort ?? 0), bytes, decoded?.DeepClone().AsObject(), receivedAt, rssi, snr, gateways, session,
            Number(Path(uplink, "last_battery_percentage", "value"))));
    }
}
