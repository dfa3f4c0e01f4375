using System.Text.Json.Nodes;
using static Stadtkern.Features.Sensing.LoRaWan.UplinkJson;

namespace Stadtkern.Features.Sensing.LoRaWan;

/// <summary>
/// ChirpStack HTTP integration "up" events: v4 (<c>deviceInfo.devEui</c>, <c>rxInfo[].rssi/snr</c>, <c>time</c>) and v3
/// (<c>devEUI</c> as hex or protobuf base64, <c>rxInfo[].rssi/loRaSNR</c>, <c>object</c> or <c>objectJSON</c>,
/// <c>publishedAt</c>). Protobuf's JSON mapping leaves out zero values, so a missing <c>fCnt</c> is frame 0.
/// </summary>
internal static class ReadChirpStackUplink
{
    public static UplinkParse From(JsonObject body, DateTimeOffset now)
    {
        var v4 = Path(body, "deviceInfo") is JsonObject;
        var devEuiNode = v4 ? Path(body, "deviceInfo", "devEui") : Path(body, "devEUI") ?? Path(body, "devEui");
        if (devEuiNode is null)
        {
            return UplinkParse.Invalid(v4 ? "deviceInfo.devEui is missing." : "deviceInfo.devEui (v4) or devEUI (v3) is missing.");
        }

        if (DevEui(String(devEuiNode)) is not { } devEui)
        {
            return UplinkParse.Invalid("The DevEUI must be 16 hex digits.");
        }

        var fCnt = Integer(Path(body, "fCnt"), out var fCntOk);
        var fPort = Integer(Path(body, "fPort"), out var fPortOk);
        if (!fCntOk || !fPortOk || fPort > 255)
        {
            return UplinkParse.Invalid("fCnt and fPort must be non-negative integers (fPort at most 255).");
        }

        var dataText = String(Path(body, "data"));
        var bytes = dataText is null ? [] : Base64(dataText);
        if (bytes is null)
        {
            return UplinkParse.Invalid("data is not valid base64.");
        }

        var decoded = Path(body, "object") as JsonObject;
        if (decoded is null && String(Path(body, "objectJSON")) is { Length: > 0 } objectJson)
        {
            decoded = ParseObject(objectJson, out _);
        }

        if (bytes.Length == 0 && decoded is null && (fPort ?? 0) != 0)
        {
            return UplinkParse.Invalid("The event has neither data nor a decoded object.");
        }

        var rxInfo = Path(body, "rxInfo") as JsonArray;
        var receivedAt = Timestamp(String(Path(body, "time")))
            ?? Timestamp(String(Path(body, "publishedAt")))
            ?? rxInfo?.Select(r => Timestamp(String(Path(r, "nsTime"))) ?? Timestamp(String(Path(r, "time")))).FirstOrDefault(t => t is not null)
            ?? now;
        var (rssi, snr, gateways) = BestSignal(rxInfo, "rssi", "snr", "loRaSNR");
        var session = String(Path(body, "devAddr"));
        return UplinkParse.Ok(new Uplink(devEui, fCnt ?? 0, (int)(fPort ?? 0), bytes, decoded?.DeepClone().AsObject(), receivedAt, rssi, snr, gateways, session));
    }
}
