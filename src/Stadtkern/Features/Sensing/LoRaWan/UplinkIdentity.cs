using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Stadtkern.Features.Sensing.LoRaWan;

/// <summary>
/// The identity under which an uplink is stored once (the ingest key of all its observations).
/// <para>
/// <c>lorawan:{DevEUI}:{session}:{FCnt}:{hour}:{payload hash}</c>. The same uplink reported by three gateways, by two
/// integrations or by a webhook retry carries the same DevEUI, frame counter, payload and network-server receive time, so
/// it maps to one key. A frame counter reset (rejoin, ABP device rebooted) must not make new data look like a duplicate:
/// the session marker (TTS <c>session_key_id</c>, else the device address) changes on rejoin, and the hour bucket of the
/// receive time separates an ABP reset from the earlier frames with the same counter. Two copies of one uplink straddling
/// an hour boundary (their receive times differ by milliseconds) would be kept twice — an accepted, very rare case; retries
/// repeat the original receive time and are never affected.
/// </para>
/// </summary>
internal static class UplinkIdentity
{
    public static string For(Uplink uplink)
    {
        var hour = uplink.ReceivedAt.ToUnixTimeSeconds() / 3600;
        var payload = uplink.Bytes.Length > 0 || uplink.Decoded is null
            ? uplink.Bytes
            : Encoding.UTF8.GetBytes(uplink.Decoded.ToJsonString());
        var hash = Convert.ToHexString(SHA256.HashData(payload), 0, 8);
        var session = uplink.Session is null ? "-" : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(uplink.Session)), 0, 4);
        return string.Create(CultureInfo.InvariantCulture, $"lorawan:{uplink.DevEui}:{session}:{uplink.FCnt}:{hour}:{hash}");
    }
}
